/**
 * The dashboard's layout: it subscribes to the session's view and the UI
 * state and draws the panels. Keys are read outside React (dashboard.tsx).
 */
import {useEffect, useState, useSyncExternalStore} from 'react';
import {Box, Text, useStdout} from 'ink';
import type {Session} from '../run/session.js';
import {speedLabel} from './format.js';
import type {UiStore} from './state.js';
import {Header} from './panels/header.js';
import {HelpBar} from './panels/help-bar.js';
import {HelpOverlay} from './panels/help-overlay.js';
import {LossChart} from './panels/loss-chart.js';
import {ParameterTable} from './panels/parameters.js';
import {Samples} from './panels/samples.js';
import {TooSmall} from './panels/too-small.js';
import type {Theme} from './theme.js';

export const minSize = {columns: 76, rows: 20} as const;
/** From this width the samples and the parameters sit side by side. */
const wideFrom = 140;

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
	const {helpOpen} = useSyncExternalStore(ui.subscribe, ui.getState);
	const {columns, rows} = useTerminalSize();

	if (columns < minSize.columns || rows < minSize.rows) {
		return <TooSmall width={columns} height={rows} minWidth={minSize.columns} minHeight={minSize.rows} theme={theme} />;
	}

	// The frame stays one row shorter than the terminal: a full-height frame makes Ink clear the screen every frame
	const wide = columns >= wideFrom;
	const fixedRows = wide ? 1 + 1 + 1 + 1 + 5 + 1 : 1 + 1 + 1 + 1 + 5 + 1 + 5 + 1;
	const plotRows = Math.max(3, rows - 1 - fixedRows);
	const width = columns - 1;

	return (
		<Box flexDirection="column" width={width}>
			<Header
				seed={view.seed}
				lr={view.lr}
				epoch={view.epoch}
				target={view.target}
				epochsPerSecond={view.epochsPerSecond}
				status={view.status}
				spinnerFrame={view.frame}
				width={width}
				theme={theme}
			/>
			<Text> </Text>
			{helpOpen ? (
				<Box height={rows - 4} flexDirection="column">
					<HelpOverlay theme={theme} />
				</Box>
			) : (
				<>
					<LossChart
						history={view.history}
						last={view.last}
						divergence={view.divergence}
						width={width}
						height={plotRows}
						theme={theme}
					/>
					<Text> </Text>
					<Box flexDirection={wide ? 'row' : 'column'}>
						<Samples real={view.real} fake={view.fake} theme={theme} />
						{wide ? <Text>{'   '}</Text> : <Text> </Text>}
						<ParameterTable parameters={view.parameters} previous={view.previousParameters} theme={theme} />
					</Box>
				</>
			)}
			<HelpBar speed={speedLabel(view.speed)} keys={interactive} theme={theme} />
		</Box>
	);
}
