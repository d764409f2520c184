/**
 * Opens the dashboard full screen, and leaves the terminal as it found it
 * on every way out: q, Ctrl-C, SIGTERM, SIGHUP, SIGINT, the target reached
 * without a keyboard, or an unexpected error (printed on the normal screen).
 */
import process from 'node:process';
import type {Options} from '../cli/options.js';
import {Session} from '../run/session.js';
import {exitCodes} from '../run/headless.js';
import {summaryLines} from './summary.js';
import {themeFor, useColor} from './theme.js';

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';
const clearScreen = '\u001B[2J\u001B[H';
const signals = {SIGINT: 2, SIGHUP: 1, SIGTERM: 15} as const;

/**
 * Ink draws nothing until exit when it believes it runs in CI (is-in-ci reads
 * these variables once, when Ink is first imported). A person watching a
 * terminal is not CI, so they are dropped before Ink loads.
 */
export function forgetContinuousIntegration(env: NodeJS.ProcessEnv): void {
	for (const key of Object.keys(env)) {
		if (key === 'CI' || key === 'CONTINUOUS_INTEGRATION' || key.startsWith('CI_')) {
			delete env[key];
		}
	}
}

export async function runDashboard(options: Options, _version: string): Promise<number> {
	forgetContinuousIntegration(process.env);
	const [{render}, {App}, React] = await Promise.all([import('ink'), import('./app.js'), import('react')]);

	const {stdout, stdin} = process;
	const interactive = stdin.isTTY === true && typeof stdin.setRawMode === 'function';
	const theme = themeFor(useColor(process.env, stdout));
	const session = new Session(options);

	let restored = false;
	let instance: ReturnType<typeof render> | undefined;
	const restore = (): void => {
		if (restored) {
			return;
		}

		restored = true;
		session.stop();
		try {
			instance?.unmount();
		} catch {}

		stdout.write(showCursor + leaveAlternateScreen);
	};

	const printSummary = (): void => {
		stdout.write(summaryLines(session.snapshot()).join('\n') + '\n');
	};

	const onSignal = (signal: keyof typeof signals): void => {
		restore();
		if (signal !== 'SIGHUP') {
			printSummary();
		}

		process.exit(128 + signals[signal]);
	};

	const onError = (error: unknown): void => {
		restore();
		process.stderr.write(`tinygan: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	};

	for (const signal of Object.keys(signals) as Array<keyof typeof signals>) {
		process.on(signal, onSignal);
	}

	process.on('uncaughtException', onError);
	process.on('unhandledRejection', onError);

	stdout.write(enterAlternateScreen);
	const onResize = (): void => {
		// After a resize, old lines can survive a line-diffing redraw: start from a blank screen
		instance?.clear();
		stdout.write(clearScreen);
	};

	instance = render(React.createElement(App, {session, interactive, theme, onResize}), {
		stdout,
		stdin,
		exitOnCtrlC: false,
		patchConsole: false,
		maxFps: options.fps,
		incrementalRendering: true,
	});
	session.start();

	try {
		await instance.waitUntilExit();
	} catch (error) {
		onError(error);
	}

	restore();
	printSummary();
	for (const signal of Object.keys(signals) as Array<keyof typeof signals>) {
		process.off(signal, onSignal);
	}

	return session.snapshot().diverged ? exitCodes.diverged : exitCodes.ok;
}
