/**
 * --save and --load in the built CLI's headless mode, end to end: a run
 * saved and loaded goes on as the run that never stopped, line for line; a
 * run stopped by a signal leaves its checkpoint; a bad file or a flag the
 * checkpoint fixes is one line and exit 2; a full disk is one line and
 * exit 74, the previous checkpoint as it was.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {type StopSignal, signalExitCode} from '../../source/run/exit-codes.js';
import {loadCheckpoint} from '../../source/run/checkpoint.js';
import {canMountTmpfs, sharedTemporaryFolder} from '../helpers/checkpoint-child.js';
import {type EndEvent, type StartEvent, parseNdjson, runCli, splitRun, startCli} from '../helpers/cli.js';
import {assertBuilt, cliPath} from '../helpers/paths.js';

type Start = StartEvent & {readonly from?: {readonly file?: string; readonly epoch: number}};
type End = EndEvent & {readonly saved?: string; readonly saveError?: string};

let folder: string;

beforeAll(() => {
	assertBuilt();
	folder = mkdtempSync(join(tmpdir(), 'tinygan-cli-checkpoint-'));
});

afterAll(() => {
	rmSync(folder, {recursive: true, force: true});
});

/** Stdout's lines as written (the text, not the parsed numbers: equal text is equal bits). */
function linesOf(stdout: string): string[] {
	expect(stdout.endsWith('\n'), 'stdout ends with a newline').toBe(true);
	return stdout.slice(0, -1).split('\n');
}

/** An end line without what differs between two runs of the same numbers: the time taken, where it was saved. */
function endWithoutTime(line: string): string {
	return line.replace(/,"saved":"(?:[^"\\]|\\.)*"/, '').replace(/,"elapsedMs":[\d.e+-]+/, '');
}

function run(stdout: string): {start: Start; end: End; lines: string[]} {
	const {start, end} = splitRun(parseNdjson(stdout));
	return {start, end, lines: linesOf(stdout)};
}

/** Expects a run that went well, quietly. */
function ok(result: {code: number | null; stderr: string}): void {
	expect(result.stderr, 'stderr').toBe('');
	expect(result.code, 'exit code').toBe(0);
}

const firstLeg = '100:lr=0.02,500:loss=minimax,700:train=g';

describe('--save at 300, then --load to 1000: the straight run to 1000, bit for bit', () => {
	test.each([
		{name: 'no schedule', first: [], second: [], straight: []},
		{
			name: `--schedule ${firstLeg} on the first leg only (the checkpoint carries it)`,
			first: ['--schedule', firstLeg],
			second: [],
			straight: ['--schedule', firstLeg],
		},
		{
			name: 'and --schedule 800:lr=0.005 added on the second: the straight run with all four',
			first: ['--schedule', firstLeg],
			second: ['--schedule', '800:lr=0.005'],
			straight: ['--schedule', `${firstLeg},800:lr=0.005`],
		},
	])('$name', async ({name, first, second, straight}) => {
		const tag = name.replaceAll(/\W+/g, '-').slice(0, 20);
		const [saved, resumedSave, straightSave] = ['300', 'resumed', 'straight'].map(part =>
			join(folder, `${tag}-${part}.json`),
		) as [string, string, string];

		const leg1 = await runCli(['--json', '--seed', '42', '--epochs', '300', '--save', saved, ...first]);
		ok(leg1);
		expect(run(leg1.stdout).end).toMatchObject({epoch: 300, status: 'finished', saved});

		const [leg2, whole] = await Promise.all([
			runCli(['--json', '--load', saved, '--epochs', '1000', '--save', resumedSave, ...second]),
			runCli(['--json', '--seed', '42', '--epochs', '1000', '--save', straightSave, ...straight]),
		]);
		ok(leg2);
		ok(whole);
		const resumed = run(leg2.stdout);
		const expected = run(whole.stdout);

		// The start: the whole run's config, where it went on from, the parameters it went on with
		expect(resumed.start.config).toEqual(expected.start.config);
		expect(resumed.start.from).toEqual({file: saved, epoch: 300});
		expect(resumed.start.params).toEqual(run(leg1.stdout).end.params);
		expect(resumed.lines[0]).toContain(`"from":{"file":${JSON.stringify(saved)},"epoch":300}`);

		// Epochs 301…1000, line for line, and the same end (parameters, samples, status)
		expect(resumed.lines.slice(1, -1)).toEqual(expected.lines.slice(301, -1));
		expect(JSON.parse(resumed.lines[1]!)).toMatchObject({type: 'epoch', epoch: 301});
		expect(endWithoutTime(resumed.lines.at(-1)!)).toBe(endWithoutTime(expected.lines.at(-1)!));
		expect(resumed.end.saved).toBe(resumedSave);

		// The whole state at 1000, loss history and all: the same file, byte for byte
		expect(readFileSync(resumedSave, 'utf8')).toBe(readFileSync(straightSave, 'utf8'));
	});
});

describe('stopped by a signal, a run with --save leaves its checkpoint at the last epoch it printed', () => {
	test.each<StopSignal>(['SIGTERM', 'SIGHUP'])('%s', async signal => {
		const file = join(folder, `stopped-${signal}.json`);
		const live = startCli(['--json', '--seed', '7', '--epochs', '100000000', '--save', file]);
		await live.until(lines => lines.length > 1000, 'a thousand lines');
		live.kill(signal);
		const stopped = await live.closed;
		expect(stopped.stderr).toBe('');
		expect(stopped.code).toBe(signalExitCode(signal));

		const {end, lines} = run(stopped.stdout);
		const epoch = end.epoch;
		expect(end).toMatchObject({status: 'interrupted', signal, saved: file});
		expect(JSON.parse(lines.at(-2)!)).toMatchObject({type: 'epoch', epoch});
		expect(loadCheckpoint(file).epoch).toBe(epoch);

		const target = String(epoch + 300);
		const [resumed, whole] = await Promise.all([
			runCli(['--json', '--load', file, '--epochs', target]),
			runCli(['--json', '--seed', '7', '--epochs', target]),
		]);
		ok(resumed);
		ok(whole);
		const expected = run(whole.stdout).lines;
		// Up to the signal, the straight run's lines; after it, from the checkpoint, the straight run's too
		expect(lines.slice(1, -1)).toEqual(expected.slice(1, epoch + 1));
		const after = run(resumed.stdout).lines;
		expect(after.slice(1, -1)).toEqual(expected.slice(epoch + 1, -1));
		expect(after.slice(1, -1)).toHaveLength(300);
		expect(endWithoutTime(after.at(-1)!)).toBe(endWithoutTime(expected.at(-1)!));
	});
});

describe('--save on a run that diverges, and --load of it', () => {
	test('the checkpoint holds the last finite epoch and why it stopped; loaded, it ends there at once', async () => {
		const file = join(folder, 'diverged.json');
		const diverged = await runCli(['--json', '--lr', '1e6', '--seed', '1', '--save', file]);
		expect(diverged.stderr).toBe('');
		expect(diverged.code).toBe(1);
		const {end} = run(diverged.stdout);
		expect(end).toMatchObject({status: 'diverged', saved: file});
		const checkpoint = loadCheckpoint(file);
		expect(checkpoint.epoch).toBe(end.epoch);
		expect(checkpoint.diverged?.epoch).toBe(end.epoch + 1);

		const loaded = await runCli(['--json', '--load', file]);
		expect(loaded.code).toBe(1);
		const again = run(loaded.stdout);
		expect(again.lines).toHaveLength(2);
		expect(endWithoutTime(again.lines[1]!)).toBe(endWithoutTime(diverged.stdout.trimEnd().split('\n').at(-1)!));
	});
});

describe('--epochs with --load', () => {
	let at1500: string;
	beforeAll(async () => {
		at1500 = join(folder, 'at1500.json');
		ok(await runCli(['--json', '--seed', '3', '--epochs', '1500', '--every', '0', '--save', at1500]));
	});

	test('not given: 1000 in all, or nothing more for a checkpoint already past it', async () => {
		const result = await runCli(['--json', '--load', at1500]);
		ok(result);
		const {start, end, lines} = run(result.stdout);
		expect(start.config.epochs).toBe(1500);
		expect(end.epoch).toBe(1500);
		expect(lines).toHaveLength(2);
	});

	test('the checkpoint epoch itself: no epoch trained, the run ends where it was', async () => {
		const result = await runCli(['--json', '--load', at1500, '--epochs', '1500']);
		ok(result);
		expect(run(result.stdout).start.params).toEqual(run(result.stdout).end.params);
	});
});

describe('a bad --load file: exit 2, one line naming the file and what is wrong', () => {
	let good: string;
	beforeAll(async () => {
		const file = join(folder, 'good.json');
		ok(await runCli(['--json', '--seed', '42', '--epochs', '300', '--every', '0', '--save', file]));
		good = readFileSync(file, 'utf8');
	});

	/** A file holding `text`, made once the good file is there. */
	const holding =
		(name: string, text: (good: string) => string): (() => string) =>
		() => {
			const file = join(folder, name);
			writeFileSync(file, text(good));
			return file;
		};

	const edit = (good: string, from: string, to: string): string => {
		expect(good).toContain(from);
		return good.replace(from, to);
	};

	test.each([
		{what: 'a missing path', file: () => join(folder, 'no-such.json'), reason: 'no such file'},
		{what: 'a folder', file: () => folder, reason: 'is a folder'},
		{what: 'an empty file', file: holding('empty.json', () => ''), reason: 'the file is empty'},
		{
			what: 'a truncated file',
			file: holding('truncated.json', good => good.slice(0, Math.floor(good.length / 2))),
			reason: 'the file is truncated',
		},
		{
			what: 'a value edited (the seed)',
			file: holding('edited.json', good => edit(good, '"seed": 42', '"seed": 43')),
			reason: 'damaged: the checksum does not match',
		},
		{
			what: 'foreign JSON',
			file: holding('foreign.json', () => '{"name": "tinygan", "version": "0.1.0"}\n'),
			reason: 'not a tinygan checkpoint',
		},
		{
			what: 'a future version',
			file: holding('future.json', good => edit(good, '"version": 1', '"version": 2')),
			reason: 'version 2: made by a newer tinygan',
		},
	])('$what', async ({file, reason}) => {
		const path = file();
		const result = await runCli(['--json', '--load', path]);
		expect(result.stdout).toBe('');
		expect(result.code, result.stderr).toBe(2);
		expect(result.stderr, 'one line').toMatch(/^[^\n]+\n$/);
		expect(result.stderr.startsWith(`tinygan: cannot load ${path}: ${reason}`), result.stderr).toBe(true);
		expect(result.stderr).not.toContain('    at ');
	});

	test.each([
		{
			args: ['--seed', '42'],
			says: '--seed cannot be given with --load: the checkpoint fixes the seed and the learning rate',
		},
		{
			args: ['--lr', '0.01'],
			says: '--lr cannot be given with --load: the checkpoint fixes the seed and the learning rate',
		},
		{
			args: ['--schedule', '900:lr=0.1,300:lr=0.02'],
			says: `--schedule: "300:lr=0.02" is not after the checkpoint's epoch 300`,
		},
		{args: ['--schedule', '100:train=d'], says: `--schedule: "100:train=d" is not after the checkpoint's epoch 300`},
		{args: ['--epochs', '299'], says: "--epochs 299 is before the checkpoint's epoch 300"},
	])('--load with $args: exit 2, one line', async ({args, says}) => {
		const file = join(folder, 'good.json');
		const result = await runCli(['--json', '--load', file, ...args]);
		expect(result.stdout).toBe('');
		expect(result.code, result.stderr).toBe(2);
		expect(result.stderr).toMatch(/^[^\n]+\n$/);
		expect(result.stderr).toContain(`tinygan: ${says}`);
	});

	test('--save into a folder that is not there: exit 2 before the run, one line', async () => {
		const file = join(folder, 'missing', 'a.json');
		const result = await runCli(['--json', '--save', file]);
		expect(result.stdout).toBe('');
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(`tinygan: cannot save ${file}: no such folder\n`);
	});
});

describe('a full disk, for real: a tmpfs of 24 KB in a mount namespace of its own', () => {
	test.skipIf(!canMountTmpfs())(
		'--save: the end line, then one line on stderr, exit 74; the previous checkpoint as it was, nothing else',
		() => {
			const disk = sharedTemporaryFolder('tinygan-full-disk-');
			const out = mkdtempSync(join(tmpdir(), 'tinygan-full-disk-out-'));
			try {
				// A first save fits (about 9 KB); the second (about 45 KB: a history of 1000 points) does not
				const script = [
					'mount -t tmpfs -o size=24k tmpfs "$1" || exit 99',
					'"$3" "$4" --json --seed 42 --epochs 5 --every 0 --save "$1/a.json" >"$2/1.out" 2>"$2/1.err"; echo $? >"$2/1.code"',
					'cp "$1/a.json" "$2/before.json"',
					'"$3" "$4" --json --seed 42 --epochs 2000 --every 0 --save "$1/a.json" >"$2/2.out" 2>"$2/2.err"; echo $? >"$2/2.code"',
					'ls -A "$1" >"$2/ls"',
					'cp "$1/a.json" "$2/after.json"',
				].join('\n');
				const result = spawnSync(
					'unshare',
					['-rm', 'sh', '-c', script, 'sh', disk.path, out, process.execPath, cliPath],
					{encoding: 'utf8', timeout: 30_000},
				);
				expect(result.status, result.stderr).toBe(0);
				const read = (name: string): string => readFileSync(join(out, name), 'utf8');

				expect(read('1.code').trim(), read('1.err')).toBe('0');
				expect(read('2.code').trim()).toBe('74');
				const file = join(disk.path, 'a.json');
				expect(read('2.err')).toBe(`tinygan: cannot save ${file}: no space left on device\n`);
				// The run itself went on to its end, and its end line says the save failed
				const {end} = run(read('2.out'));
				expect(end).toMatchObject({
					epoch: 2000,
					status: 'finished',
					saveError: `cannot save ${file}: no space left on device`,
				});
				expect(end.saved).toBeUndefined();
				expect(read('after.json')).toBe(read('before.json'));
				expect(read('ls')).toBe('a.json\n');
			} finally {
				disk.dispose();
				rmSync(out, {recursive: true, force: true});
			}
		},
	);
});

test('the folder of these tests holds no temporary files once they are done', () => {
	expect(readdirSync(folder).filter(name => name.endsWith('.tmp'))).toEqual([]);
});
