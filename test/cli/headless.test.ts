/**
 * The built CLI's headless mode, end to end: `node dist/cli.js` with stdout
 * a pipe. The reference numbers come from test/fixtures/reference-seed42.json.
 */
import {spawn} from 'node:child_process';
import process from 'node:process';
import {beforeAll, describe, expect, test} from 'vitest';
import {type Params, flatParams, nonFiniteValues, parseNdjson, runCli, splitRun} from '../helpers/cli.js';
import {assertBuilt, cliPath, packageVersion, repoRoot} from '../helpers/paths.js';
import {type Reference, type ReferenceParameters, readReference} from '../helpers/reference.js';
import {replaySchedule, trainedByHand} from '../helpers/training.js';

let reference: Reference;

function referenceParams(p: ReferenceParameters): Params {
	return {
		generator: {weights: p.G_weights, biases: p.G_biases},
		discriminator: {weights: p.D_weights, bias: p.D_bias},
	};
}

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number, what: string): void {
	expect(actual, `${what}: length`).toHaveLength(expected.length);
	for (const [i, value] of expected.entries()) {
		const got = actual[i]!;
		expect(Math.abs(got - value), `${what}[${i}]: got ${got}, expected ${value} ± ${tolerance}`).toBeLessThanOrEqual(
			tolerance,
		);
	}
}

/** Outside its strings the raw output has no NaN, Infinity or null (JSON turns NaN into null), and every value is finite. */
function expectAllFinite(stdout: string): void {
	expect(stdout.replaceAll(/"(?:[^"\\]|\\.)*"/g, '""')).not.toMatch(/NaN|Infinity|null/);
	expect(nonFiniteValues(parseNdjson(stdout))).toEqual([]);
}

beforeAll(() => {
	assertBuilt();
	reference = readReference();
});

describe('tinygan --json --seed 42 reproduces the tutorial run', () => {
	let stdout: string;
	let stderr: string;
	let code: number | null;

	beforeAll(async () => {
		({stdout, stderr, code} = await runCli(['--json', '--seed', '42']));
	});

	test('exits 0, quietly, with one JSON object per line and nothing non-finite', () => {
		expect(stderr).toBe('');
		expect(code).toBe(0);
		expect(() => parseNdjson(stdout)).not.toThrow();
		expectAllFinite(stdout);
	});

	test('start: version, config and the initial parameters exactly', () => {
		const {start} = splitRun(parseNdjson(stdout));
		expect(start.version).toBe(packageVersion());
		expect(start.config).toEqual({
			seed: reference.config.seed,
			lr: reference.config.learning_rate,
			epochs: reference.config.epochs,
		});
		expect(start.params).toEqual(referenceParams(reference.initial));
	});

	test('an epoch event for every epoch 1…1000, with the reference mean losses within 1e-9', () => {
		const {epochs} = splitRun(parseNdjson(stdout));
		expect(epochs.map(event => event.epoch)).toEqual(Array.from({length: reference.config.epochs}, (_, i) => i + 1));
		const keys = Object.keys(reference.epoch_mean_errors);
		expect(keys.length).toBeGreaterThan(0);
		for (const key of keys) {
			const expected = reference.epoch_mean_errors[key]!;
			const event = epochs.find(e => e.epoch === Number(key) + 1);
			expect(event, `epoch event ${Number(key) + 1}`).toBeDefined();
			expectClose([event!.dLoss], [expected.discriminator_intended], 1e-9, `dLoss of epoch ${event!.epoch}`);
			expectClose([event!.gLoss], [expected.generator], 1e-9, `gLoss of epoch ${event!.epoch}`);
		}
	});

	test('end: epoch 1000, final parameters within 1e-12, the four samples, elapsedMs', () => {
		const {end} = splitRun(parseNdjson(stdout));
		expect(end.epoch).toBe(reference.config.epochs);
		expectClose(flatParams(end.params), flatParams(referenceParams(reference.final)), 1e-12, 'final params');
		expect(end.samples.map(sample => sample.z)).toEqual(reference.generated.z);
		expect(end.samples).toHaveLength(reference.generated.images.length);
		for (const [i, image] of reference.generated.images.entries()) {
			expectClose(end.samples[i]!.image, image, 1e-12, `samples[${i}].image`);
		}

		expect(typeof end.elapsedMs).toBe('number');
		expect(Number.isFinite(end.elapsedMs)).toBe(true);
		expect(end.elapsedMs).toBeGreaterThanOrEqual(0);
	});
});

describe('what the run prints', () => {
	test('--every 0 prints only start and end', async () => {
		const result = await runCli(['--json', '--seed', '42', '--every', '0']);
		expect(result.code).toBe(0);
		const events = parseNdjson(result.stdout);
		expect(events.map(event => event.type)).toEqual(['start', 'end']);
		expect(splitRun(events).end.epoch).toBe(1000);
	});

	test('--every 250 prints epochs 250, 500, 750, 1000', async () => {
		const result = await runCli(['--json', '--seed', '42', '--every', '250']);
		expect(result.code).toBe(0);
		const {epochs, end} = splitRun(parseNdjson(result.stdout));
		expect(epochs.map(event => event.epoch)).toEqual([250, 500, 750, 1000]);
		expect(end.epoch).toBe(1000);
	});

	test('--epochs 0 gives start and an end at epoch 0 with the parameters untouched', async () => {
		const result = await runCli(['--json', '--seed', '42', '--epochs', '0']);
		expect(result.code).toBe(0);
		const events = parseNdjson(result.stdout);
		expect(events.map(event => event.type)).toEqual(['start', 'end']);
		const {start, end} = splitRun(events);
		expect(start.config.epochs).toBe(0);
		expect(end.epoch).toBe(0);
		expect(end.params).toEqual(start.params);
		expectAllFinite(result.stdout);
	});

	test('plain tinygan with stdout a pipe prints NDJSON, as --json does', async () => {
		const plain = await runCli(['--seed', '42', '--epochs', '5']);
		const json = await runCli(['--json', '--seed', '42', '--epochs', '5']);
		expect(plain.stderr).toBe('');
		expect(plain.code).toBe(0);
		const {start, epochs, end} = splitRun(parseNdjson(plain.stdout));
		expect(start.config).toEqual({seed: 42, lr: 0.01, epochs: 5});
		expect(epochs.map(event => event.epoch)).toEqual([1, 2, 3, 4, 5]);
		expect(end.epoch).toBe(5);
		// The same run, line for line, apart from the timing
		const withoutTime = (events: ReturnType<typeof parseNdjson>) =>
			events.map(event => (event.type === 'end' ? {...event, elapsedMs: 0} : event));
		expect(withoutTime(parseNdjson(plain.stdout))).toEqual(withoutTime(parseNdjson(json.stdout)));
	});

	test('--ascii and --no-ascii are taken (they are for the dashboard) and change nothing in the NDJSON', async () => {
		const plain = await runCli(['--json', '--seed', '3', '--epochs', '2']);
		for (const flag of ['--ascii', '--no-ascii']) {
			// eslint-disable-next-line no-await-in-loop
			const result = await runCli(['--json', '--seed', '3', '--epochs', '2', flag]);
			expect(result.stderr).toBe('');
			expect(result.code).toBe(0);
			const withoutTime = (stdout: string) => stdout.replace(/"elapsedMs":[\d.e+-]+/, '');
			expect(withoutTime(result.stdout)).toBe(withoutTime(plain.stdout));
		}
	});

	test('without --seed the start event reports a random seed in range that reproduces the run', async () => {
		const first = await runCli(['--json', '--epochs', '50', '--every', '0']);
		expect(first.code).toBe(0);
		const {start, end} = splitRun(parseNdjson(first.stdout));
		const {seed} = start.config;
		expect(Number.isInteger(seed)).toBe(true);
		expect(seed).toBeGreaterThanOrEqual(0);
		expect(seed).toBeLessThanOrEqual(4_294_967_295);

		const again = await runCli(['--json', '--epochs', '50', '--every', '0', '--seed', String(seed)]);
		expect(again.code).toBe(0);
		const rerun = splitRun(parseNdjson(again.stdout));
		expect(rerun.start.params).toEqual(start.params);
		expect(rerun.end.params).toEqual(end.params);
		expect(rerun.end.samples).toEqual(end.samples);
	});

	test('two runs without --seed draw different seeds', async () => {
		const a = splitRun(parseNdjson((await runCli(['--json', '--epochs', '0'])).stdout));
		const b = splitRun(parseNdjson((await runCli(['--json', '--epochs', '0'])).stdout));
		// A collision has probability 2^-32
		expect(a.start.config.seed).not.toBe(b.start.config.seed);
	});
});

describe('--schedule', () => {
	test(`--seed 42 --schedule ${replaySchedule} prints the run by hand: 300 epochs, configure, 200, 200, 300`, async () => {
		const result = await runCli(['--json', '--seed', '42', '--schedule', replaySchedule]);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const {start, epochs, end} = splitRun(parseNdjson(result.stdout));
		expect(start.config).toEqual({seed: 42, lr: 0.01, epochs: 1000, schedule: replaySchedule});
		const byHand = trainedByHand(42);
		// Numbers print as the shortest text of their double: they read back exactly
		expect(epochs).toEqual(byHand.events.map(stats => ({type: 'epoch', ...stats})));
		expect(end.params).toEqual(byHand.trainer.parameters());
		expect(end.samples).toEqual(byHand.trainer.drawSamples(4));
	});

	test('the start event writes the schedule in the order it applies, as --schedule reads it', async () => {
		const result = await runCli([
			'--json',
			'--seed',
			'1',
			'--epochs',
			'3',
			'--schedule',
			'2:train=d, 1:lr=5e-3,2:loss=minimax',
		]);
		expect(result.code).toBe(0);
		expect(splitRun(parseNdjson(result.stdout)).start.config.schedule).toBe('1:lr=0.005,2:train=d,2:loss=minimax');
	});

	test('without a schedule the start event has none: the output of a plain run is as it was', async () => {
		const result = await runCli(['--json', '--seed', '1', '--epochs', '3']);
		expect(result.stdout.split('\n')[0]).toMatch(/"config":\{"seed":1,"lr":0\.01,"epochs":3\},/);
	});
});

describe('bad input exits 2 with one line on stderr', () => {
	type Case = {args: string[]; flag?: string; value?: string};
	const cases: Case[] = [
		{args: ['--seed', '-1'], flag: '--seed', value: '-1'},
		{args: ['--seed', '1.5'], flag: '--seed', value: '1.5'},
		{args: ['--seed', '4294967296'], flag: '--seed', value: '4294967296'},
		{args: ['--seed', 'abc'], flag: '--seed', value: 'abc'},
		{args: ['--lr', '0'], flag: '--lr', value: '0'},
		{args: ['--lr', '-1'], flag: '--lr', value: '-1'},
		{args: ['--lr', 'NaN'], flag: '--lr', value: 'NaN'},
		{args: ['--lr', 'Infinity'], flag: '--lr', value: 'Infinity'},
		{args: ['--epochs', 'abc'], flag: '--epochs', value: 'abc'},
		{args: ['--epochs', '-3'], flag: '--epochs', value: '-3'},
		{args: ['--epochs', '1.5'], flag: '--epochs', value: '1.5'},
		{args: ['--every', '-1'], flag: '--every', value: '-1'},
		{args: ['--fps', '0'], flag: '--fps', value: '0'},
		{args: ['--speed', 'fast'], flag: '--speed', value: 'fast'},
		{args: ['--speed', '1e-300'], flag: '--speed', value: '1e-300'},
		{args: ['--speed', '2000000'], flag: '--speed', value: '2000000'},
		{args: ['--ascii', '--no-ascii'], flag: '--no-ascii'},
		{args: ['--schedule', '300:lr=0.02,,500:loss=minimax'], flag: '--schedule', value: 'item 2 ""'},
		{args: ['--schedule', '300:lr=0.02,500:loss=maximin'], flag: '--schedule', value: '500:loss=maximin'},
		{args: ['--schedule=-3:lr=0.1'], flag: '--schedule', value: '-3:lr=0.1'},
		{args: ['--schedule', '300:lr=-1'], flag: '--schedule', value: '300:lr=-1'},
		{args: ['--schedule', '300:speed=1'], flag: '--schedule', value: '300:speed=1'},
		{args: ['--schedule', '300lr=1'], flag: '--schedule', value: '300lr=1'},
		{args: ['--seed', '9'.repeat(10_000)], flag: '--seed', value: '9'.repeat(30) + '…'},
		// A flag without its value names the flag; there is no value to name
		{args: ['--seed'], flag: '--seed'},
		{args: ['--json', '--seed', '1', '--seed', '2'], flag: '--seed'},
		{args: ['--bogus'], flag: '--bogus'},
		{args: ['-x'], flag: '-x'},
		{args: ['foo'], value: 'foo'},
	];

	test.each(cases)('tinygan $args', async ({args, flag, value}) => {
		const result = await runCli(args);
		expect(result.stdout, 'stdout').toBe('');
		expect(result.code, `exit code (stderr: ${result.stderr})`).toBe(2);
		expect(result.signal).toBeNull();
		expect(result.stderr, 'exactly one line').toMatch(/^[^\n]+\n$/);
		expect(result.stderr.length, 'a short line').toBeLessThan(200);
		expect(result.stderr, 'no stack trace').not.toContain('    at ');
		expect(result.stderr).toContain('--help');
		if (flag !== undefined) {
			expect(result.stderr).toContain(flag);
		}

		if (value !== undefined) {
			expect(result.stderr).toContain(value);
		}
	});
});

describe('--help and --version', () => {
	test('--help exits 0 with Usage, Options and Examples sections listing every flag', async () => {
		const result = await runCli(['--help']);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('');
		const help = result.stdout;
		const usage = help.indexOf('Usage');
		const options = help.indexOf('Options');
		const examples = help.indexOf('Examples');
		expect(usage).toBeGreaterThanOrEqual(0);
		expect(options).toBeGreaterThan(usage);
		expect(examples).toBeGreaterThan(options);
		const optionsSection = help.slice(options, examples);
		const flags = [
			'--seed',
			'--lr',
			'--schedule',
			'--epochs',
			'--every',
			'--speed',
			'--fps',
			'--ascii',
			'--no-ascii',
			'--json',
			'--save',
			'--load',
		];
		for (const flag of [...flags, '--help', '--version']) {
			expect(optionsSection, `the Options section lists ${flag}`).toMatch(new RegExp(`^\\s*${flag}\\b`, 'm'));
		}

		expect(help.slice(examples)).toMatch(/\$ tinygan /);
	});

	test('--help states the bounds of --speed and every exit code', async () => {
		const help = (await runCli(['--help'])).stdout;
		expect(help).toMatch(/--speed <x\|max> [^\n]*0\.1 … 1000000/);
		const exitCodes = help.slice(help.indexOf('Exit codes:')).replaceAll(/\s+/g, ' ');
		for (const [code, meaning] of [
			['0', 'done'],
			['1', 'diverged'],
			['2', 'bad usage'],
			['70', 'unexpected error'],
			['74', 'output could not be written'],
			['129/130/143', 'SIGHUP/SIGINT/SIGTERM'],
		]) {
			expect(exitCodes).toMatch(new RegExp(`[ :]${code} [^,]*${meaning}`));
		}
	});

	test('--version prints the package version', async () => {
		const result = await runCli(['--version']);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('');
		expect(result.stdout.trim()).toBe(packageVersion());
	});
});

describe('a diverged run', () => {
	test('--lr 1e6 --seed 1 ends with a "diverged" end event, finite numbers and exit code 1', async () => {
		const result = await runCli(['--json', '--lr', '1e6', '--seed', '1']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe('');
		expectAllFinite(result.stdout);
		const {start, end} = splitRun(parseNdjson(result.stdout));
		expect(start.config.lr).toBe(1e6);
		expect(end.status).toBe('diverged');
		expect(typeof end.reason).toBe('string');
		expect(end.reason!.length).toBeGreaterThan(0);
		expect(end.epoch).toBeLessThan(1000);
		expect(flatParams(end.params).every(Number.isFinite)).toBe(true);
	});

	test('a run that does not diverge says so: status is not "diverged"', async () => {
		const result = await runCli(['--json', '--seed', '1', '--epochs', '10', '--every', '0']);
		expect(result.code).toBe(0);
		const {end} = splitRun(parseNdjson(result.stdout));
		expect(end.status).not.toBe('diverged');
		expect(end.reason).toBeUndefined();
	});
});

describe('the reader goes away', () => {
	test('closing the pipe after two lines (as `| head -n 2` does) ends the run by itself, exit 0, nothing on stderr', async () => {
		const child = spawn(process.execPath, [cliPath, '--json', '--epochs', '1000000000'], {
			cwd: repoRoot,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stderr = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (chunk: string) => {
			stderr += chunk;
		});
		const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>(resolve => {
			child.on('exit', (code, signal) => {
				resolve({code, signal});
			});
		});

		// Read two lines, then close our end of the pipe
		let seen = '';
		await new Promise<void>((resolve, reject) => {
			child.stdout.setEncoding('utf8');
			child.stdout.on('data', (chunk: string) => {
				seen += chunk;
				if (seen.split('\n').length > 2) {
					child.stdout.destroy();
					resolve();
				}
			});
			child.on('exit', () => {
				reject(new Error('tinygan exited before printing two lines'));
			});
		});
		const lines = seen.split('\n');
		expect(JSON.parse(lines[0]!)).toMatchObject({type: 'start'});
		expect(JSON.parse(lines[1]!)).toMatchObject({type: 'epoch', epoch: 1});

		const deadline = new Promise<'hung'>(resolve => {
			setTimeout(() => {
				resolve('hung');
			}, 15_000).unref();
		});
		const outcome = await Promise.race([exited, deadline]);
		if (outcome === 'hung') {
			child.kill('SIGKILL');
		}

		expect(outcome, 'tinygan kept running after its reader went away').not.toBe('hung');
		expect(outcome).toEqual({code: 0, signal: null});
		await new Promise<void>(resolve => {
			if (child.stderr.readableEnded) {
				resolve();
			} else {
				child.stderr.on('close', resolve);
			}
		});
		expect(stderr).toBe('');
	});
});
