import {describe, expect, it} from 'vitest';
import {type OutputProcess, guardOutput, isWriteError, outputFailed, writeErrorLine} from '../../source/cli/output.js';

function errno(code: string, syscall = 'write'): NodeJS.ErrnoException {
	return Object.assign(new Error(`${code}: failed, ${syscall}`), {code, syscall});
}

class FakeProcess implements OutputProcess {
	readonly stderrText: string[] = [];
	readonly exits: number[] = [];
	readonly handlers = {stdout: [] as Array<(error: Error) => void>, stderr: [] as Array<(error: Error) => void>};
	stderrFails = false;
	readonly stdout = {
		on: (_event: 'error', listener: (error: Error) => void) => this.handlers.stdout.push(listener),
	};

	readonly stderr = {
		on: (_event: 'error', listener: (error: Error) => void) => this.handlers.stderr.push(listener),
		write: (text: string, callback: (error?: Error | null) => void) => {
			if (this.stderrFails) {
				callback(errno('ENOSPC'));
			} else {
				this.stderrText.push(text);
				callback();
			}
		},
	};

	exit(code: number): void {
		this.exits.push(code);
	}
}

describe('a failed write of the output', () => {
	it.each([
		['ENOSPC', 'no space left on device'],
		['EIO', 'input/output error'],
		['EDQUOT', 'disk quota exceeded'],
		['EFBIG', 'file too large'],
		['EROFS', 'read-only file system'],
		['EBADF', 'bad file descriptor'],
	])('%s is said in words: one line', (code, words) => {
		const line = writeErrorLine(errno(code));
		expect(line).toMatch(/^tinygan: cannot write output: [^\n]+\n$/);
		expect(line).toContain(words);
	});

	it('an unknown code is named as it is', () => {
		expect(writeErrorLine(errno('EWEIRD'))).toBe('tinygan: cannot write output: EWEIRD\n');
	});

	it('is told from other errors by its syscall', () => {
		expect(isWriteError(errno('ENOSPC'))).toBe(true);
		expect(isWriteError(errno('ENOENT', 'open'))).toBe(false);
		expect(isWriteError(new Error('write'))).toBe(false);
		expect(isWriteError('ENOSPC')).toBe(false);
	});

	it('ends the process with 74 after the line is on stderr', () => {
		const process = new FakeProcess();
		outputFailed(process, errno('ENOSPC'));
		expect(process.stderrText).toEqual(['tinygan: cannot write output: no space left on device\n']);
		expect(process.exits).toEqual([74]);
	});

	it('a reader that went away (EPIPE) ends it quietly with 0', () => {
		const process = new FakeProcess();
		outputFailed(process, errno('EPIPE'));
		expect(process.stderrText).toEqual([]);
		expect(process.exits).toEqual([0]);
	});

	it('still exits 74 when stderr cannot be written either', () => {
		const process = new FakeProcess();
		process.stderrFails = true;
		outputFailed(process, errno('EIO'));
		expect(process.exits).toEqual([74]);
	});

	it('the same failure seen twice (callback and error event) is reported once', () => {
		const process = new FakeProcess();
		const error = errno('ENOSPC');
		outputFailed(process, error);
		outputFailed(process, error);
		expect(process.stderrText).toHaveLength(1);
		expect(process.exits).toEqual([74]);
	});

	it('guardOutput listens on stdout (and reports) and on stderr (and stays quiet)', () => {
		const process = new FakeProcess();
		guardOutput(process);
		expect(process.handlers.stdout).toHaveLength(1);
		expect(process.handlers.stderr).toHaveLength(1);
		process.handlers.stderr[0]!(errno('ENOSPC'));
		expect(process.exits).toEqual([]);
		process.handlers.stdout[0]!(errno('EIO'));
		expect(process.exits).toEqual([74]);
	});
});
