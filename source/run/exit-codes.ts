/**
 * Every exit code tinygan ends with, in one table. 70 and 74 are sysexits.h's
 * EX_SOFTWARE and EX_IOERR; a run ended by signal n exits 128 + n, as a shell
 * reports a process killed by it.
 */
export const exitCodes = {
	/** The run finished (or --help, --version, or the reader of the output went away). */
	ok: 0,
	/** The run's numbers stopped being finite. */
	diverged: 1,
	/** Bad flags or arguments. */
	usage: 2,
	/** An unexpected error: a bug. */
	software: 70,
	/** The output could not be written (a full disk, a closed terminal). */
	ioError: 74,
} as const;

/** The signals that end a run, with their numbers. */
export const signalNumbers = {SIGHUP: 1, SIGINT: 2, SIGTERM: 15} as const;
export type StopSignal = keyof typeof signalNumbers;
export const stopSignals = Object.keys(signalNumbers) as readonly StopSignal[];

export function signalExitCode(signal: StopSignal): number {
	return 128 + signalNumbers[signal];
}
