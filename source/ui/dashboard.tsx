/**
 * Opens the dashboard full screen and leaves the terminal as it found it on
 * every way out: q, Ctrl-C, SIGTERM, SIGHUP, SIGINT, the target reached
 * without a keyboard, or an unexpected error (printed on the normal screen).
 *
 * Ink renders into a `Screen` (Ink's debug mode hands it whole frames), which
 * sends the terminal only the changed cells, at most `fps` times a second.
 * In debug mode Ink also draws whatever is-in-ci says, so a `CI` variable
 * does not blank the dashboard.
 */
import process from 'node:process';
import type {WriteStream} from 'node:tty';
import {render} from 'ink';
import type {Options} from '../cli/options.js';
import {Session} from '../run/session.js';
import {exitCodes} from '../run/headless.js';
import {App} from './app.js';
import {failWith, guardTerminal} from './exits.js';
import {Screen} from './screen.js';
import {summaryLines} from './summary.js';
import {themeFor, useColor} from './theme.js';

function attempt(step: () => unknown): void {
	try {
		step();
	} catch {}
}

export async function runDashboard(options: Options): Promise<number> {
	const {stdout, stdin} = process;
	const interactive = stdin.isTTY === true && typeof stdin.setRawMode === 'function';
	const theme = themeFor(useColor(process.env, stdout));
	const session = new Session(options);
	const screen = new Screen(stdout, options.fps);

	let instance: ReturnType<typeof render> | undefined;
	const restore = (): void => {
		session.stop();
		// Each step on its own: the terminal may already be gone (SIGHUP)
		attempt(() => instance?.unmount());
		attempt(() => interactive && stdin.setRawMode(false));
		attempt(() => {
			screen.leave();
		});
	};

	const printSummary = (): void => {
		stdout.write(summaryLines(session.snapshot()).join('\n') + '\n');
	};

	const unguard = guardTerminal(process, {restore, printSummary});
	screen.enter();
	const expedite = (): void => {
		screen.expedite();
	};

	instance = render(<App session={session} interactive={interactive} theme={theme} onAction={expedite} />, {
		stdout: screen as unknown as WriteStream,
		stdin,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	session.start();

	try {
		await instance.waitUntilExit();
	} catch (error) {
		failWith(process, restore, error);
	}

	restore();
	printSummary();
	unguard();
	return session.snapshot().diverged ? exitCodes.diverged : exitCodes.ok;
}
