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
	/** Ctrl-Z: give the terminal back and stop, as SIGTSTP does. */
	readonly suspend: () => void;
	/** Removes the handlers. */
	readonly uninstall: () => void;
};

/**
 * `beforeStop` gives the terminal back; `afterContinue` takes it again and
 * redraws. The stop itself is the default action of SIGTSTP, sent to the
 * whole process group (as the terminal would in cooked mode) with our own
 * handler removed for the moment.
 */
export function installJobControl(
	process: SignalTarget,
	{beforeStop, afterContinue}: {readonly beforeStop: () => void; readonly afterContinue: () => void},
): JobControl {
	let stopped = false;
	const suspend = (): void => {
		if (stopped) {
			return;
		}

		stopped = true;
		beforeStop();
		process.off('SIGTSTP', suspend);
		// Stops here until SIGCONT (the default action of SIGTSTP)
		process.kill(0, 'SIGTSTP');
	};

	const resumed = (): void => {
		if (!stopped) {
			// SIGCONT without a stop we know of (`kill -STOP` then `kill -CONT`): redraw all the same
			afterContinue();
			return;
		}

		stopped = false;
		process.on('SIGTSTP', suspend);
		afterContinue();
	};

	process.on('SIGTSTP', suspend);
	process.on('SIGCONT', resumed);
	return {
		suspend,
		uninstall() {
			process.off('SIGTSTP', suspend);
			process.off('SIGCONT', resumed);
		},
	};
}

function attempt(step: () => unknown): void {
	try {
		step();
	} catch {}
}
