import meow from 'meow';
import {describe, expect, it} from 'vitest';
import {type Command, readCommandLine} from '../../source/cli/command-line.js';
import {UsageError} from '../../source/cli/options.js';

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
			speed: 50,
			fps: 10,
			ascii: undefined,
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
		expect(await options('--seed', '42', '--json', '--speed', 'max', '--every', '0')).toMatchObject({
			seed: 42,
			json: true,
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
