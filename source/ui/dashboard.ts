/**
 * Opens the dashboard full screen and leaves the terminal as it found it on
 * every way out: q, Ctrl-C, SIGTERM, SIGHUP, SIGINT, the target reached
 * without a keyboard, or an unexpected error (printed on the normal screen).
 * Ctrl-Z and SIGTSTP give the terminal back and stop; `fg` takes it again.
 *
 * Keys are read here, outside React (source/terminal/input.ts): each key of a
 * read acts on its own, in order, through the one key table. The first frame
 * is drawn from the frame's lines (frame.ts) before React and Ink are loaded;
 * then Ink renders the same lines (render.tsx) into a `Screen`, which sends
 * the terminal only the changed cells, paced by the frame rate and by the
 * terminal's answers. Nothing here imports React or Ink.
 */
import process from 'node:process';
import v8 from 'node:v8';
import type {Checkpoint} from '../run/checkpoint.js';
import {systemClock} from '../run/clock.js';
import type {RunConfig} from '../run/config.js';
import {exitCodes} from '../run/exit-codes.js';
import {Session} from '../run/session.js';
import {type KeyName, readInput} from '../terminal/input.js';
import {TerminalModes, installJobControl} from '../terminal/modes.js';
import {FramePacer} from '../terminal/pacing.js';
import {Screen} from '../terminal/screen.js';
import {failWith, guardTerminal} from './exits.js';
import {frameLines} from './frame.js';
import {toAnsi} from './lines.js';
import type {renderApp} from './render.js';
import {quitAtEnd, routeKeys} from './commands.js';
import {UiStore} from './state.js';
import {summaryLines} from './summary.js';
import {glyphsFor} from './glyphs.js';
import {themeFor, useColor} from './theme.js';

/** How long leaving waits for the terminal to catch up (so no late answer reaches the shell). */
const catchUpOnExitMs = 2000;
/** The same before stopping (Ctrl-Z), shorter: a stop should feel immediate. */
const catchUpOnStopMs = 1000;
/** How long a notice (where `w` saved) stays in place of the help bar. */
const noticeMs = 5000;

/** Where `w` saves: the --save file, or a file named for the run and epoch in the current folder. */
export function savePath(options: Pick<RunConfig, 'save'>, checkpoint: Pick<Checkpoint, 'seed' | 'epoch'>): string {
	return options.save ?? `tinygan-${checkpoint.seed}-${checkpoint.epoch}.json`;
}

/** The one line a failed save says (a CheckpointError's own, or an unexpected one's). */
function saveFailure(error: unknown, file: string): string {
	return error instanceof Error && error.name === 'CheckpointError'
		? error.message
		: `tinygan: cannot save ${file}: ${String(error)}`;
}

/**
 * The checkpoint module (node:crypto, node:fs) is loaded only for a save: at once with --save, since
 * the save on the way out is synchronous; at the first `w` without it.
 */
async function loadCheckpoints(): Promise<typeof import('../run/checkpoint.js')> {
	return import('../run/checkpoint.js');
}

function attempt(step: () => unknown): void {
	try {
		step();
	} catch {}
}

/**
 * V8's heap, tuned with flags it reads as it goes (so they can be set now rather than on node's
 * command line):
 * - V8 doubles its young generation (up to 16 MB twice over) as a long run's survivors add up, though
 *   the dashboard's garbage is a few frames' worth: kept at its starting size, resident memory stays
 *   about 20 MB lower, at no CPU cost that the bench can see.
 * - Some seconds after a pause, once nothing is allocated, V8's memory reducer collects the run's
 *   garbage with three full GCs, 20 to 40 ms of CPU in all (seen with --trace-gc); one does it
 *   (3 to 7 ms), and a paused dashboard is then still.
 */
function tuneHeap(): void {
	v8.setFlagsFromString('--semi-space-growth-factor=1');
	v8.setFlagsFromString('--memory-reducer-single-gc');
}

export async function runDashboard(options: RunConfig): Promise<number> {
	tuneHeap();
	const {stdout, stdin} = process;
	const interactive = stdin.isTTY === true && typeof stdin.setRawMode === 'function';
	const theme = themeFor(useColor(process.env, stdout), glyphsFor(options.ascii, process.env));
	const checkpoints = options.save === undefined ? undefined : await loadCheckpoints();
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

	let instance: ReturnType<typeof renderApp> | undefined;
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
		stdout.write(summaryLines({...session.snapshot(), data: options.data.source}).join('\n') + '\n');
	};

	/** With --save, the run is checkpointed on every way out; a failure is the one line returned. */
	const saveOnExit = (): string | undefined => {
		if (options.save === undefined || checkpoints === undefined) {
			return undefined;
		}

		try {
			checkpoints.saveCheckpointSync(options.save, session.checkpoint());
			return undefined;
		} catch (error) {
			return saveFailure(error, options.save);
		}
	};

	let noticeTimer: NodeJS.Timeout | undefined;
	const notify = (text: string, error: boolean): void => {
		ui.dispatch({type: 'notify', notice: {text, error}});
		clearTimeout(noticeTimer);
		noticeTimer = setTimeout(() => {
			ui.dispatch({type: 'clear-notice'});
		}, noticeMs);
		noticeTimer.unref();
	};

	/** `w`: saves the latest epoch at once, and says where (or why not) in place of the help bar. */
	const save = (): void => {
		const checkpoint = session.checkpoint();
		const file = savePath(options, checkpoint);
		(checkpoints ? Promise.resolve(checkpoints) : loadCheckpoints())
			.then(async ({saveCheckpoint}) => saveCheckpoint(file, checkpoint))
			.then(
				() => {
					notify(`saved epoch ${checkpoint.epoch} to ${file}`, false);
				},
				(error: unknown) => {
					notify(saveFailure(error, file).replace(/^tinygan: /, ''), true);
				},
			);
	};

	const route = routeKeys({
		session,
		ui,
		quit,
		suspend: jobs.suspend,
		save,
		onCommand() {
			screen.expedite();
		},
	});
	const onKey = (key: KeyName): void => {
		if (!leaving) {
			route(key);
		}
	};

	const settle = async (): Promise<void> => {
		leaving = true;
		session.stop();
		screen.stop();
		await screen.caughtUp(catchUpOnStopMs);
	};

	const unguard = guardTerminal(process, {restore, printSummary, save: saveOnExit, settle});
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

	// The first frame, from the same lines Ink will draw, before Ink is even loaded
	screen.write(
		frameLines({
			view: session.getView(),
			helpOpen: false,
			columns: screen.columns,
			rows: screen.rows,
			interactive,
			theme,
		})
			.map(line => toAnsi(line, theme.color))
			.join('\n'),
	);
	screen.start();
	session.start();
	try {
		const {renderApp} = await loadInk();
		if (!leaving) {
			instance = renderApp({session, ui, screen, stdin, interactive, theme});
		}

		await Promise.race([quitting, instance?.waitUntilExit()]);
	} catch (error) {
		failWith(process, restore, error);
	}

	leaving = true;
	session.stop();
	screen.stop();
	await screen.caughtUp(catchUpOnExitMs);
	restore();
	clearTimeout(noticeTimer);
	const failedSave = saveOnExit();
	printSummary();
	unguard();
	if (failedSave !== undefined) {
		process.stderr.write(`${failedSave}\n`);
		return exitCodes.ioError;
	}

	return session.snapshot().diverged ? exitCodes.diverged : exitCodes.ok;
}

/**
 * Loads Ink and React. Yoga (Ink's layout engine) loads its WebAssembly with
 * fetch() when there is one, and in Node 20 the first use of fetch loads the
 * whole fetch implementation (about 35 ms). Without fetch it decodes the same
 * bytes, embedded in the bundle, directly.
 */
async function loadInk(): Promise<typeof import('./render.js')> {
	const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
	try {
		return await import('./render.js');
	} finally {
		if (fetch) {
			Object.defineProperty(globalThis, 'fetch', fetch);
		}
	}
}
