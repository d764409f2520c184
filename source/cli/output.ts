/**
 * When the program's output cannot be written. A reader that went away
 * (`tinygan --json | head`) is no failure: the run stops quietly, exit 0.
 * Anything else (a full disk, a closed terminal) is one line on stderr and
 * exit 74. Stderr's own failures are ignored: there is nowhere left to say so,
 * and the exit code still tells.
 */
import {exitCodes} from '../run/exit-codes.js';

/** Errno codes a failed write of stdout may bring, in words. */
const errnoWords: Readonly<Record<string, string>> = {
	EACCES: 'permission denied',
	EAGAIN: 'resource temporarily unavailable',
	EBADF: 'bad file descriptor',
	ECONNRESET: 'connection reset by peer',
	EDQUOT: 'disk quota exceeded',
	EFBIG: 'file too large',
	EINVAL: 'invalid argument',
	EIO: 'input/output error (is the terminal closed?)',
	ENOSPC: 'no space left on device',
	ENXIO: 'no such device or address',
	EPERM: 'operation not permitted',
	EPIPE: 'the reader went away',
	EROFS: 'read-only file system',
};

/** The error of a failed write: Node's errno errors carry `syscall: 'write'` and the errno code. */
export function isWriteError(error: unknown): error is NodeJS.ErrnoException {
	return error instanceof Error && (error as NodeJS.ErrnoException).syscall === 'write';
}

/** The line a failed write is reported with. */
export function writeErrorLine(error: NodeJS.ErrnoException): string {
	const code = error.code ?? '';
	const words = errnoWords[code] ?? (code === '' ? error.message : code);
	return `tinygan: cannot write output: ${words}\n`;
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
