/**
 * Every way out of the dashboard that is not `q`: signals and unexpected
 * errors. Each one first gives the terminal back (restore), then says what
 * happened on the normal screen, then exits with the conventional code.
 */
import {exitCodes, type StopSignal, signalExitCode, stopSignals} from '../run/exit-codes.js';

/** The part of `process` the guard uses. */
export type ProcessLike = {
	on(event: string, listener: (...args: any[]) => void): unknown;
	off(event: string, listener: (...args: any[]) => void): unknown;
	exit(code: number): void;
	readonly stderr: {write(text: string): unknown};
};

export type Exits = {
	/** Gives the terminal back; safe to call more than once. */
	readonly restore: () => void;
	/** Prints the run's summary on the normal screen. */
	readonly printSummary: () => void;
	/** Saves the run where it was asked to (--save), if it was; returns the one line a failure says. */
	readonly save?: () => string | undefined;
	/**
	 * Stops drawing and waits (briefly) for the terminal to answer what was
	 * sent, so that no late answer reaches the shell as text. Not after
	 * SIGHUP: that terminal is gone.
	 */
	readonly settle?: () => Promise<void>;
};

/** Installs the handlers; returns a function that removes them. */
export function guardTerminal(process: ProcessLike, {restore, printSummary, save, settle}: Exits): () => void {
	let leaving = false;
	const onSignal = async (signal: StopSignal): Promise<void> => {
		if (leaving) {
			return;
		}

		leaving = true;
		if (signal !== 'SIGHUP' && settle !== undefined) {
			await settle();
		}

		restore();
		// A dropped connection (SIGHUP) loses nothing: the checkpoint is written first
		const failedSave = save?.();
		// After SIGHUP the terminal is gone: nobody is left to read a summary
		if (signal !== 'SIGHUP') {
			printSummary();
		}

		if (failedSave !== undefined) {
			process.stderr.write(`${failedSave}\n`);
		}

		process.exit(signalExitCode(signal));
	};

	const onError = (error: unknown): void => {
		failWith(process, restore, error);
	};

	const names = stopSignals;
	for (const signal of names) {
		process.on(signal, onSignal);
	}

	process.on('uncaughtException', onError);
	process.on('unhandledRejection', onError);
	return () => {
		for (const signal of names) {
			process.off(signal, onSignal);
		}

		process.off('uncaughtException', onError);
		process.off('unhandledRejection', onError);
	};
}

/** The one line (and stack) an unexpected error is reported with. */
export function unexpectedError(error: unknown): string {
	return `tinygan: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
}

/** An unexpected error (also one thrown while rendering): terminal back, the error on stderr, exit 70. */
export function failWith(process: ProcessLike, restore: () => void, error: unknown): void {
	restore();
	process.stderr.write(unexpectedError(error));
	process.exit(exitCodes.software);
}
