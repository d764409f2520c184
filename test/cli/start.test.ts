/**
 * What a plain start loads: dist/cli.js is CommonJS, so a headless run never
 * starts Node's ES module loader; the checkpoint module brings node:crypto
 * and is loaded only when a run saves (--save), so a headless run without it
 * does not pay for it; and the clock is process.hrtime, not the global
 * `performance`, whose first use loads node:perf_hooks. And dist/cli.js
 * starts the program from V8's code cache of it, and runs the same without.
 */
import {spawnSync} from 'node:child_process';
import {cpSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {assertBuilt, cliPath, repoRoot} from '../helpers/paths.js';

let folder: string;
let preload: string;
let cacheProbe: string;
beforeAll(() => {
	assertBuilt();
	folder = mkdtempSync(join(tmpdir(), 'tinygan-start-'));
	preload = join(folder, 'loaded.cjs');
	// Says on stderr, as the process exits, which of Node's own modules were loaded (a CommonJS
	// preload, given with --require: one given with --import would start the ES module loader)
	writeFileSync(
		preload,
		"process.on('exit', () => process.stderr.write(`loaded: ${JSON.stringify(process.moduleLoadList)}\\n`));\n",
	);
	// Says on stderr what became of the code cache given to each vm.Script (dist/cli.js compiles the program so)
	cacheProbe = join(folder, 'cache.cjs');
	writeFileSync(
		cacheProbe,
		[
			"const vm = require('node:vm');",
			'const Script = vm.Script;',
			'vm.Script = class extends Script {',
			'\tconstructor(source, options) {',
			'\t\tsuper(source, options);',
			"\t\tconst state = options?.cachedData === undefined ? 'none' : this.cachedDataRejected ? 'rejected' : 'accepted';",
			"\t\tprocess.on('exit', () => process.stderr.write(`code cache: ${state}\\n`));",
			'\t}',
			'};',
			'',
		].join('\n'),
	);
});
afterAll(() => {
	rmSync(folder, {recursive: true, force: true});
});

/** The builtin modules (`NativeModule crypto`, …) a headless run of 2 epochs loaded. */
function builtinsLoaded(args: readonly string[]): string[] {
	const result = spawnSync(process.execPath, ['--require', preload, cliPath, '--json', '--epochs', '2', ...args], {
		encoding: 'utf8',
	});
	expect(result.status, result.stderr).toBe(0);
	const said = /^loaded: (.*)$/m.exec(result.stderr);
	expect(said, result.stderr).not.toBeNull();
	return JSON.parse(said![1]!) as string[];
}

const loads = (modules: string[], name: string) => modules.includes(`NativeModule ${name}`);

test('a headless run loads node:crypto only to save a checkpoint', () => {
	expect(loads(builtinsLoaded(['--seed', '1']), 'crypto')).toBe(false);
	expect(loads(builtinsLoaded(['--seed', '1', '--save', join(folder, 'run.json')]), 'crypto')).toBe(true);
});

test('a headless run does not load node:perf_hooks, nor link ES modules', () => {
	const modules = builtinsLoaded(['--seed', '1']);
	expect(loads(modules, 'internal/modules/cjs/loader'), 'the list names Node modules so').toBe(true);
	expect(loads(modules, 'perf_hooks')).toBe(false);
	// What Node's ES module loader loads as it links the first ES module
	expect(loads(modules, 'internal/modules/esm/module_job')).toBe(false);
});

/** A headless run of 2,000 epochs by `cli` with the cache probe: what it printed, and what became of the code cache. */
function runWithCacheProbe(cli: string): {stdout: string; cache: string} {
	const result = spawnSync(
		process.execPath,
		['--require', cacheProbe, cli, '--json', '--every', '1000', '--seed', '7', '--epochs', '2000'],
		{encoding: 'utf8', env: {...process.env, NODE_OPTIONS: ''}},
	);
	expect(result.status, result.stderr).toBe(0);
	const said = /^code cache: (\w+)$/m.exec(result.stderr);
	expect(said, result.stderr).not.toBeNull();
	// The lines without the run's time
	const stdout = result.stdout.replaceAll(/"elapsedMs":[\d.e+-]+/g, '"elapsedMs":0');
	return {stdout, cache: said![1]!};
}

test('dist/cli.js starts the program from its code cache, and runs the same without it or with a bad one', () => {
	const cached = runWithCacheProbe(cliPath);
	expect(cached.cache).toBe('accepted');
	expect(cached.stdout.trim().split('\n')).toHaveLength(4); // Start, epochs 1000 and 2000, end

	const copy = join(folder, 'dist');
	cpSync(join(repoRoot, 'dist'), copy, {recursive: true});
	rmSync(join(copy, 'tinygan.js.cache'));
	expect(runWithCacheProbe(join(copy, 'cli.js'))).toEqual({stdout: cached.stdout, cache: 'none'});
	writeFileSync(join(copy, 'tinygan.js.cache'), 'not a code cache');
	expect(runWithCacheProbe(join(copy, 'cli.js'))).toEqual({stdout: cached.stdout, cache: 'rejected'});
});
