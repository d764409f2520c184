/**
 * node:fs and node:fs/promises as they are, except that one chosen
 * operation fails once with a chosen errno code, and that every operation a
 * save makes is logged. For `vi.mock`:
 *
 *     vi.mock('node:fs', async original => (await import('../helpers/faulty-fs.js')).faultyFs(await original()));
 *
 * A failing write first writes half of what it is given, as a disk filling
 * up does: the writer must then cope with a short write, and the failure
 * comes mid-way through the file.
 */
import type * as Fs from 'node:fs';
import type * as FsPromises from 'node:fs/promises';

export type Operation = 'open' | 'write' | 'fsync' | 'close' | 'rename' | 'open folder' | 'fsync folder';

type State = {
	fault: {readonly operation: Operation; readonly code: string} | undefined;
	/** A failing write has written its half. */
	halfWritten: boolean;
	readonly log: Operation[];
};

const state: State = {fault: undefined, halfWritten: false, log: []};

/** The next `operation` fails with `code`, once. */
export function failNext(operation: Operation, code: string): void {
	state.fault = {operation, code};
	state.halfWritten = false;
}

/** Whether the fault armed by `failNext` is still waiting (the operation never came). */
export function faultPending(): boolean {
	return state.fault !== undefined;
}

/** No fault, an empty log. */
export function resetFaults(): void {
	state.fault = undefined;
	state.halfWritten = false;
	state.log.length = 0;
}

/** The operations since the last reset, in order (opens of other files than saves' are logged too). */
export function operations(): readonly Operation[] {
	return state.log;
}

function errno(code: string, syscall: string): NodeJS.ErrnoException {
	return Object.assign(new Error(`${code}: injected failure, ${syscall}`), {code, syscall, errno: -1});
}

/** Logs the operation, and throws if it is the one to fail. */
function check(operation: Operation): void {
	state.log.push(operation);
	if (state.fault?.operation === operation) {
		const {code} = state.fault;
		state.fault = undefined;
		throw errno(code, operation);
	}
}

/** For a write of `length` bytes: how many to write before failing (half, once), or all. */
function writeLength(length: number): number {
	if (state.fault?.operation === 'write' && !state.halfWritten && length > 1) {
		state.halfWritten = true;
		return Math.floor(length / 2);
	}

	check('write');
	return length;
}

export function faultyFs(fs: typeof Fs): typeof Fs {
	const folders = new Set<number>();
	const overrides = {
		openSync(path: Fs.PathLike, flags?: Fs.OpenMode, mode?: Fs.Mode | null): number {
			const folder = isFolder(fs, path);
			check(folder ? 'open folder' : 'open');
			const fd = fs.openSync(path, flags ?? 'r', mode);
			if (folder) {
				folders.add(fd);
			}

			return fd;
		},
		writeSync(fd: number, buffer: NodeJS.ArrayBufferView, offset?: number, length?: number): number {
			const size = length ?? buffer.byteLength - (offset ?? 0);
			return fs.writeSync(fd, buffer, offset, writeLength(size));
		},
		fsyncSync(fd: number): void {
			check(folders.has(fd) ? 'fsync folder' : 'fsync');
			fs.fsyncSync(fd);
		},
		closeSync(fd: number): void {
			const folder = folders.delete(fd);
			fs.closeSync(fd); // Closed even when it "fails", as close(2) does
			if (!folder) {
				check('close');
			}
		},
		renameSync(from: Fs.PathLike, to: Fs.PathLike): void {
			check('rename');
			fs.renameSync(from, to);
		},
	};
	return {...fs, ...overrides, default: {...fs, ...overrides}} as unknown as typeof Fs;
}

export function faultyFsPromises(fs: typeof FsPromises, syncFs: typeof Fs): typeof FsPromises {
	const overrides = {
		async open(path: Fs.PathLike, flags?: string | number, mode?: Fs.Mode): Promise<FsPromises.FileHandle> {
			const folder = isFolder(syncFs, path);
			check(folder ? 'open folder' : 'open');
			const handle = await fs.open(path, flags, mode);
			// Only what a save uses, each through `check`
			return {
				fd: handle.fd,
				async write(buffer: Uint8Array, offset?: number, length?: number) {
					const size = length ?? buffer.byteLength - (offset ?? 0);
					return handle.write(buffer, offset, writeLength(size));
				},
				async sync() {
					check(folder ? 'fsync folder' : 'fsync');
					return handle.sync();
				},
				async close() {
					await handle.close();
					if (!folder) {
						check('close');
					}
				},
			} as unknown as FsPromises.FileHandle;
		},
		async rename(from: Fs.PathLike, to: Fs.PathLike): Promise<void> {
			check('rename');
			return fs.rename(from, to);
		},
	};
	return {...fs, ...overrides, default: {...fs, ...overrides}} as unknown as typeof FsPromises;
}

function isFolder(fs: typeof Fs, path: Fs.PathLike): boolean {
	try {
		return fs.statSync(path).isDirectory();
	} catch {
		return false;
	}
}
