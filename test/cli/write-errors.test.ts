/**
 * The built CLI when its output cannot be written: stdout (or stderr) on
 * /dev/full, where every write fails with ENOSPC.
 */
import {closeSync, openSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {assertBuilt} from '../helpers/paths.js';

let full: number;

beforeAll(() => {
	assertBuilt();
	full = openSync('/dev/full', 'w');
});

afterAll(() => {
	closeSync(full);
});

const noSpace = 'tinygan: cannot write output: no space left on device\n';

describe('stdout on a full disk: one line on stderr, exit 74', () => {
	test.each([
		['the run', ['--json', '--seed', '1']],
		['a run of a billion epochs (it stops at the first failed write)', ['--json', '--epochs', '1e9', '--every', '0']],
		['--help', ['--help']],
		['--version', ['--version']],
	])('%s', async (_what, args) => {
		const result = await runCli(args, {stdout: full});
		expect(result.stderr).toBe(noSpace);
		expect(result.code).toBe(74);
		expect(result.signal).toBeNull();
	});
});

describe('stderr on a full disk', () => {
	test('a usage error still exits 2', async () => {
		const result = await runCli(['--seed', 'x'], {stderr: full});
		expect(result.stdout).toBe('');
		expect(result.code).toBe(2);
	});

	test('a failed write of stdout still exits 74 (its line is lost)', async () => {
		const result = await runCli(['--json', '--epochs', '3'], {stdout: full, stderr: full});
		expect(result.code).toBe(74);
	});
});
