/**
 * When the program's output cannot be written. A reader that went away
 * (`tinygan --json | head`) is no failure: the run stops quietly, exit 0.
 * Anything else (a full disk, a closed terminal) is one line on stderr and
 * exit 74. Stderr's own failures are ignored: there is nowhere left to say so,
 * and the exit code still tells.
 */
import {errnoText} from '../run/errno-words.js';
import {exitCodes} from '../run/exit-codes.js';

/** What a failed write of stdout means here, where the table's words say less. */
const outputWords: Readonly<Record<string, string>> = {
	EIO: 'input/output error (is the terminal closed?)',
	EPIPE: 'the reader went away',
};

/** The error of a failed write: Node's errno errors carry `syscall: 'write'` and the errno code. */
export function isWriteError(error: unknown): error is NodeJS.ErrnoException {
	return error instanceof Error && (error as NodeJS.ErrnoException).syscall === 'write';
}

/** The line a failed write is reported with. */
export function writeErrorLine(error: NodeJS.ErrnoException): string {
	return `tinygan: cannot write output: ${errnoText(error, outputWords)}\n`;
}

/** The part of `process` this needs. */
export type OutputProcess = {
	readonly stdout: {on(event: 'error', listener: (error: Error) => void): unknown};
	readonly stderr: {
		on(event: 'error', listener: (error: Error) => void): unknown;
		write(text: string, callback: (error?: Error | null) => void): unknown;
	};
	exit(code: number): void;
};

/**
 * Ends the process for a failed write of stdout: quietly with 0 when the
 * reader went away, else with the line on stderr and 74. The first failure
 * decides; later ones (the same error seen again) change nothing.
 */
export function outputFailed(process: OutputProcess, error: NodeJS.ErrnoException): void {
	if (failing.has(process)) {
		return;
	}

	failing.add(process);
	if (error.code === 'EPIPE') {
		process.exit(exitCodes.ok);
		return;
	}

	// The line first (or its failure), then the exit
	process.stderr.write(writeErrorLine(error), () => {
		process.exit(exitCodes.ioError);
	});
}

const failing = new WeakSet<OutputProcess>();

/** Listens for write errors on stdout and stderr (without a listener, an error event would crash the process). */
export function guardOutput(process: OutputProcess): void {
	process.stdout.on('error', error => {
		outputFailed(process, error);
	});
	process.stderr.on('error', () => {
		// Nowhere left to report it; the exit code still tells
	});
}

/** Writes text to a stream; resolves once it is written, rejects with the write's error. */
export async function print(
	stream: {write(text: string, callback: (error?: Error | null) => void): unknown},
	text: string,
): Promise<void> {
	return new Promise((resolve, reject) => {
		stream.write(text, error => {
			if (error) {
				reject(error);
			} else {
				resolve();
			}
		});
	});
}
