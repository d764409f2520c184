/**
 * Opens the dashboard full screen and leaves the terminal as it found it on
 * every way out: q, Ctrl-C, SIGTERM, SIGHUP, SIGINT, the target reached
 * without a keyboard, or an unexpected error (printed on the normal screen).
 * Ctrl-Z and SIGTSTP give the terminal back and stop; `fg` takes it again.
 *
 * Keys are read here, outside React (source/terminal/input.ts): each key of a
 * read acts on its own, in order, through the one key table. Ink renders
 * whole frames (its debug mode) into a `Screen`, which sends the terminal only
 * the changed cells, paced by the frame rate and by the terminal's answers.
 * In debug mode Ink also draws whatever is-in-ci says, so a `CI` variable
 * does not blank the dashboard.
 */
import process from 'node:process';
import type {WriteStream} from 'node:tty';
import {render} from 'ink';
import type {Options} from '../cli/options.js';
import {systemClock} from '../run/clock.js';
import {exitCodes} from '../run/headless.js';
import {Session} from '../run/session.js';
import {type KeyName, readInput} from '../terminal/input.js';
import {TerminalModes, installJobControl} from '../terminal/modes.js';
import {FramePacer} from '../terminal/pacing.js';
import {Screen} from '../terminal/screen.js';
import {App} from './app.js';
import {failWith, guardTerminal} from './exits.js';
import {quitAtEnd, routeKeys} from './commands.js';
import {UiStore} from './state.js';
import {summaryLines} from './summary.js';
import {themeFor, useColor} from './theme.js';

/** How long leaving waits for the terminal to catch up (so no late answer reaches the shell). */
const catchUpOnExitMs = 2000;
/** The same before stopping (Ctrl-Z), shorter: a stop should feel immediate. */
const catchUpOnStopMs = 1000;

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
	const ui = new UiStore();
	const pacer = new FramePacer({fps: options.fps, probe: interactive});
	const screen = new Screen(stdout, pacer, systemClock);
	const modes = new TerminalModes(stdout, interactive ? stdin : undefined);

	let leaving = false;
	let quit = (): void => {};
	const quitting = new Promise<void>(resolve => {
		quit = () => {
			// Keys after q in the same read do nothing
			leaving = true;
			resolve();
		};
	});

	let instance: ReturnType<typeof render> | undefined;
	let stopInput = (): void => {};
	const jobs = installJobControl(process, {
		async beforeStop() {
			session.stop();
			screen.stop();
			await screen.caughtUp(catchUpOnStopMs);
			modes.giveBack();
		},
		afterContinue() {
			if (leaving) {
				return;
			}

			modes.take();
			screen.start();
			screen.redraw();
			session.start();
		},
	});

	const restore = (): void => {
		leaving = true;
		session.stop();
		screen.stop();
		stopInput();
		jobs.uninstall();
		// Each step on its own: the terminal may already be gone (SIGHUP)
		attempt(() => instance?.unmount());
		modes.giveBack();
	};

	const printSummary = (): void => {
		stdout.write(summaryLines(session.snapshot()).join('\n') + '\n');
	};

	const route = routeKeys({
		session,
		ui,
		quit,
		suspend: jobs.suspend,
		onCommand() {
			screen.expedite();
		},
	});
	const onKey = (key: KeyName): void => {
		if (!leaving) {
			route(key);
		}
	};

	const unguard = guardTerminal(process, {restore, printSummary});
	modes.take();
	if (interactive) {
		stopInput = readInput(
			stdin,
			{
				key: onKey,
				statusOk() {
					screen.answered();
				},
			},
			systemClock,
		);
	} else {
		quitAtEnd(session, quit);
	}

	instance = render(<App session={session} ui={ui} interactive={interactive} theme={theme} />, {
		stdout: screen as unknown as WriteStream,
		stdin,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	screen.start();
	session.start();

	try {
		await Promise.race([quitting, instance.waitUntilExit()]);
	} catch (error) {
		failWith(process, restore, error);
	}

	leaving = true;
	session.stop();
	screen.stop();
	await screen.caughtUp(catchUpOnExitMs);
	restore();
	printSummary();
	unguard();
	return session.snapshot().diverged ? exitCodes.diverged : exitCodes.ok;
}
