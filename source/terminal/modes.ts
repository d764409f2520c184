/**
 * The terminal's modes while the dashboard has it, and giving them back.
 *
 * Taking the terminal: the alternate screen (the user's scrollback is left
 * alone), the cursor hidden, the screen blank, and the keyboard in raw mode
 * (each key as it is typed, no echo). Giving it back undoes each, every step
 * on its own: the terminal may already be gone (SIGHUP).
 *
 * Job control, as vim and htop do it: Ctrl-Z (a key in raw mode) or SIGTSTP
 * gives the terminal back and stops the process group; on SIGCONT the
 * terminal is taken again and the owner redraws the whole frame.
 */
import ansiEscapes from 'ansi-escapes';

export const modeSequences = {
	take: ansiEscapes.enterAlternativeScreen + ansiEscapes.cursorHide + ansiEscapes.eraseScreen,
	giveBack: '\u001B[0m' + ansiEscapes.cursorShow + ansiEscapes.exitAlternativeScreen,
} as const;

export type Output = {write(data: string): unknown};
export type Keyboard = {setRawMode(raw: boolean): unknown};

export class TerminalModes {
	private taken = false;

	/** `keyboard`: stdin when it is a terminal (undefined: no keys, nothing to put in raw mode). */
	constructor(
		private readonly output: Output,
		private readonly keyboard: Keyboard | undefined,
	) {}

	get active(): boolean {
		return this.taken;
	}

	take(): void {
		this.taken = true;
		attempt(() => this.keyboard?.setRawMode(true));
		this.output.write(modeSequences.take);
	}

	/** Safe to call twice. */
	giveBack(): void {
		if (!this.taken) {
			return;
		}

		this.taken = false;
		attempt(() => this.output.write(modeSequences.giveBack));
		attempt(() => this.keyboard?.setRawMode(false));
	}
}

/** The part of `process` job control uses. */
export type SignalTarget = {
	on(event: 'SIGTSTP' | 'SIGCONT', listener: () => void): unknown;
	off(event: 'SIGTSTP' | 'SIGCONT', listener: () => void): unknown;
	kill(pid: number, signal: 'SIGTSTP'): unknown;
};

export type JobControl = {
	/** Ctrl-Z: give the terminal back and stop, as SIGTSTP does (once `beforeStop` has settled). */
	readonly suspend: () => void;
	/** Removes the handlers. */
	readonly uninstall: () => void;
};

/**
 * `beforeStop` gives the terminal back (it may first wait for the terminal to
 * catch up, so that no late answer lands in the shell); `afterContinue` takes
 * it again and redraws. The stop itself is the default action of SIGTSTP, sent to the
 * whole process group (as the terminal would in cooked mode) with our own
 * handler removed for the moment. A process stopping itself runs on only once
 * continued, so `afterContinue` follows at once; it also follows when the
 * kernel discards the stop (an orphaned process group, which no shell could
 * continue). The SIGCONT that the continue sends as well is then not a second
 * redraw; a SIGCONT of our own is (after `kill -STOP`, which cannot be caught).
 */
export function installJobControl(
	process: SignalTarget,
	{beforeStop, afterContinue}: {readonly beforeStop: () => Promise<void> | void; readonly afterContinue: () => void},
	clock: {setTimeout(callback: () => void, ms: number): unknown} = {setTimeout: (f, ms) => setTimeout(f, ms)},
): JobControl {
	let justContinued = false;
	let stopping = false;
	const suspend = (): void => {
		if (stopping) {
			return;
		}

		stopping = true;
		void Promise.resolve(beforeStop()).then(stop);
	};

	const stop = (): void => {
		stopping = false;
		process.off('SIGTSTP', suspend);
		// Stops here until continued (or not at all where the stop is discarded)
		process.kill(0, 'SIGTSTP');
		process.on('SIGTSTP', suspend);
		justContinued = true;
		clock.setTimeout(() => {
			justContinued = false;
		}, sigcontGraceMs);
		afterContinue();
	};

	const continued = (): void => {
		if (justContinued) {
			justContinued = false;
			return;
		}

		afterContinue();
	};

	process.on('SIGTSTP', suspend);
	process.on('SIGCONT', continued);
	return {
		suspend,
		uninstall() {
			process.off('SIGTSTP', suspend);
			process.off('SIGCONT', continued);
		},
	};
}

/** The SIGCONT that continued a stop of our own arrives within this time after it. */
const sigcontGraceMs = 200;

function attempt(step: () => unknown): void {
	try {
		step();
	} catch {}
}
