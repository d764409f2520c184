/**
 * The dashboard in Ink: it subscribes to the session's view, the UI state
 * and the terminal's size, and draws the frame's lines (frame.ts). Keys are
 * read outside React (dashboard.tsx).
 */
import {useEffect, useState, useSyncExternalStore} from 'react';
import {useStdout} from 'ink';
import type {Session} from '../run/session.js';
import {frameLines} from './frame.js';
import {LinesView} from './lines-view.js';
import type {UiStore} from './state.js';
import type {Theme} from './theme.js';

export {minSize} from './frame.js';

type Props = {
	readonly session: Session;
	readonly ui: UiStore;
	/** Keys work (stdin is a terminal in raw mode): the help bar lists them. */
	readonly interactive: boolean;
	readonly theme: Theme;
};

type Size = {readonly columns: number; readonly rows: number};

function useTerminalSize(): Size {
	const {stdout} = useStdout();
	const read = (): Size => ({columns: stdout.columns || 100, rows: stdout.rows || 24});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const resized = () => {
			setSize(read());
		};

		stdout.on('resize', resized);
		return () => {
			stdout.off('resize', resized);
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [stdout]);
	return size;
}

export function App({session, ui, interactive, theme}: Props) {
	const view = useSyncExternalStore(session.subscribe, session.getView);
	const {helpOpen, notice, lower} = useSyncExternalStore(ui.subscribe, ui.getState);
	const {columns, rows} = useTerminalSize();
	return (
		<LinesView
			lines={frameLines({view, helpOpen, notice, lower, columns, rows, interactive, theme})}
			color={theme.color}
		/>
	);
}
