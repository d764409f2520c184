/**
 * The Ink side of the dashboard, loaded after the first frame is on screen:
 * Ink renders the App's frames whole (its debug mode) into the screen, which
 * sends the terminal only what changed. In debug mode Ink also draws whatever
 * is-in-ci says, so a `CI` variable does not blank the dashboard.
 */
import type {WriteStream} from 'node:tty';
import {render} from 'ink';
import type {Session} from '../run/session.js';
import type {Screen} from '../terminal/screen.js';
import {App} from './app.js';
import type {UiStore} from './state.js';
import type {Theme} from './theme.js';

export type RenderOptions = {
	readonly session: Session;
	readonly ui: UiStore;
	readonly screen: Screen;
	readonly stdin: NodeJS.ReadStream;
	readonly interactive: boolean;
	readonly theme: Theme;
};

export function renderApp({session, ui, screen, stdin, interactive, theme}: RenderOptions): ReturnType<typeof render> {
	return render(<App session={session} ui={ui} interactive={interactive} theme={theme} />, {
		stdout: screen as unknown as WriteStream,
		stdin,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
}
