/**
 * What a plain start loads: the checkpoint module brings node:crypto and is
 * loaded only when a run saves (--save), so a headless run without it does
 * not pay for it.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {assertBuilt, cliPath} from '../helpers/paths.js';

let folder: string;
let preload: string;
beforeAll(() => {
	assertBuilt();
	folder = mkdtempSync(join(tmpdir(), 'tinygan-start-'));
	preload = join(folder, 'loaded.mjs');
	// Says on stderr, as the process exits, whether node:crypto was loaded
	writeFileSync(
		preload,
		"process.on('exit', () => process.stderr.write(`crypto: ${process.moduleLoadList.some(m => m.endsWith(' crypto'))}\\n`));\n",
	);
});
afterAll(() => {
	rmSync(folder, {recursive: true, force: true});
});

function cryptoLoaded(args: readonly string[]): boolean {
	const result = spawnSync(process.execPath, ['--import', preload, cliPath, '--json', '--epochs', '2', ...args], {
		encoding: 'utf8',
	});
	expect(result.status, result.stderr).toBe(0);
	const said = /crypto: (true|false)/.exec(result.stderr);
	expect(said, result.stderr).not.toBeNull();
	return said![1] === 'true';
}

test('a headless run loads node:crypto only to save a checkpoint', () => {
	expect(cryptoLoaded(['--seed', '1'])).toBe(false);
	expect(cryptoLoaded(['--seed', '1', '--save', join(folder, 'run.json')])).toBe(true);
});
