import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import meow from 'meow';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type Command, readCommandLine} from '../../source/cli/command-line.js';
import {UsageError} from '../../source/cli/options.js';
import {encodeCheckpoint} from '../../source/run/checkpoint.js';
import {slantedFaces} from '../../source/engine/data.js';
import {bits, trainedCheckpoint} from '../helpers/checkpoints.js';

const setup = {
	help: () => '\n\tUsage\n\t  $ tinygan [options]\n',
	pkg: {name: 'tinygan', version: '9.9.9', description: 'test'},
	randomSeed: () => 5,
};

const read = async (...argv: string[]): Promise<Command> => readCommandLine(meow, argv, setup);

async function options(...argv: string[]) {
	const command = await read(...argv);
	if (command.action !== 'run') {
		throw new Error(`expected a run, got ${command.action}`);
	}

	return command.options;
}

describe('readCommandLine', () => {
	it('no flags: a run with the defaults, ascii left undefined (the locale decides)', async () => {
		expect(await options()).toEqual({
			seed: 5,
			lr: 0.01,
			schedule: [],
			epochs: 1000,
			every: 1,
			json: false,
			updates: false,
			speed: 50,
			fps: 10,
			ascii: undefined,
			save: undefined,
			load: undefined,
			loadFile: undefined,
			data: {source: {preset: 'slanted'}, faces: slantedFaces},
		});
	});

	it('--ascii is true, --no-ascii false, both a usage error', async () => {
		expect((await options('--ascii')).ascii).toBe(true);
		expect((await options('--no-ascii')).ascii).toBe(false);
		await expect(read('--ascii', '--no-ascii')).rejects.toThrow(UsageError);
		await expect(read('--no-ascii', '--ascii')).rejects.toThrow(/--ascii and --no-ascii/);
	});

	it('--schedule is read into changes, in the order they apply', async () => {
		expect((await options('--schedule', '500:loss=minimax,300:lr=0.02,700:train=g')).schedule).toEqual([
			{epoch: 300, key: 'lr', value: 0.02},
			{epoch: 500, key: 'loss', value: 'minimax'},
			{epoch: 700, key: 'train', value: 'g'},
		]);
		expect((await options('--schedule=0:train=d')).schedule).toEqual([{epoch: 0, key: 'train', value: 'd'}]);
		await expect(read('--schedule', '300:lr=0')).rejects.toThrow(UsageError);
		await expect(read('--schedule', '1:lr=1', '--schedule', '2:lr=1')).rejects.toThrow(
			/--schedule is given more than once/,
		);
	});

	it('values are read', async () => {
		expect(await options('--seed', '42', '--json', '--updates', '--speed', 'max', '--every', '0')).toMatchObject({
			seed: 42,
			json: true,
			updates: true,
			speed: 'max',
			every: 0,
		});
	});

	it('--help gives the help text (ending in a newline), --version the version; neither exits', async () => {
		const help = await read('--help');
		expect(help.action).toBe('help');
		expect(help.action === 'help' && help.text).toMatch(/Usage\n {4}\$ tinygan \[options]\n\n$/);
		expect(await read('--version')).toEqual({action: 'version'});
		expect((await read('--seed', '1', '--help')).action).toBe('help');
	});

	it('the help text is asked for only with --help, and may come later', async () => {
		let asked = 0;
		const lazy = {
			...setup,
			async help() {
				asked++;
				return setup.help();
			},
		};
		await readCommandLine(meow, ['--version'], lazy);
		await readCommandLine(meow, ['--seed', '3'], lazy);
		await expect(readCommandLine(meow, ['--seed', 'x'], lazy)).rejects.toThrow(UsageError);
		expect(asked).toBe(0);
		const help = await readCommandLine(meow, ['--help'], lazy);
		expect(asked).toBe(1);
		expect(help).toEqual(await read('--help'));
	});

	it('a repeated value flag is a usage error naming it', async () => {
		await expect(read('--seed', '1', '--seed', '2')).rejects.toThrow('--seed is given more than once');
	});
});

describe('the files of --load and --save (checkpoint-files.ts)', () => {
	let folder: string;
	beforeAll(() => {
		folder = mkdtempSync(join(tmpdir(), 'tinygan-command-line-'));
	});
	afterAll(() => {
		rmSync(folder, {recursive: true, force: true});
	});

	async function refusal(...argv: string[]): Promise<UsageError> {
		const error: unknown = await read(...argv).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(error).toBeInstanceOf(UsageError);
		return error as UsageError;
	}

	it('--load reads the file and checks it: the options hold the checkpoint, bit for bit', async () => {
		const checkpoint = trainedCheckpoint(300, 11);
		const file = join(folder, 'a.json');
		writeFileSync(file, encodeCheckpoint(checkpoint));
		const loaded = await options('--load', file);
		expect(bits(loaded.load)).toEqual(bits(checkpoint));
		expect(loaded).toMatchObject({seed: 11, lr: 0.01, loadFile: file, epochs: 1000});
	});

	it('a file that is no checkpoint: its one line, without a pointer to --help', async () => {
		const file = join(folder, 'empty.json');
		writeFileSync(file, '');
		const error = await refusal('--load', file);
		expect(error.message).toBe(`cannot load ${file}: the file is empty`);
		expect(error.seeHelp).toBe(false);
	});

	it('--save: a folder to write in is there, and the file is no folder', async () => {
		expect((await options('--save', join(folder, 'new.json'))).save).toBe(join(folder, 'new.json'));
		expect((await refusal('--save', join(folder, 'missing', 'a.json'))).message).toBe(
			`cannot save ${join(folder, 'missing', 'a.json')}: no such folder`,
		);
		expect((await refusal('--save', folder)).message).toBe(`cannot save ${folder}: is a folder`);
		const file = join(folder, 'plain');
		writeFileSync(file, '');
		expect((await refusal('--save', join(file, 'a.json'))).message).toBe(
			`cannot save ${join(file, 'a.json')}: a part of the path is not a folder`,
		);
	});
});
