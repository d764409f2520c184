import meow from 'meow';
import {describe, expect, it} from 'vitest';
import {type Command, readCommandLine} from '../../source/cli/command-line.js';
import {UsageError} from '../../source/cli/options.js';

const setup = {
	help: '\n\tUsage\n\t  $ tinygan [options]\n',
	pkg: {name: 'tinygan', version: '9.9.9', description: 'test'},
	randomSeed: () => 5,
};

const read = (...argv: string[]): Command => readCommandLine(meow, argv, setup);

function options(...argv: string[]) {
	const command = read(...argv);
	if (command.action !== 'run') {
		throw new Error(`expected a run, got ${command.action}`);
	}

	return command.options;
}

describe('readCommandLine', () => {
	it('no flags: a run with the defaults, ascii left undefined (the locale decides)', () => {
		expect(options()).toEqual({
			seed: 5,
			lr: 0.01,
			epochs: 1000,
			every: 1,
			json: false,
			speed: 50,
			fps: 10,
			ascii: undefined,
		});
	});

	it('--ascii is true, --no-ascii false, both a usage error', () => {
		expect(options('--ascii').ascii).toBe(true);
		expect(options('--no-ascii').ascii).toBe(false);
		expect(() => read('--ascii', '--no-ascii')).toThrow(UsageError);
		expect(() => read('--no-ascii', '--ascii')).toThrow(/--ascii and --no-ascii/);
	});

	it('values are read', () => {
		expect(options('--seed', '42', '--json', '--speed', 'max', '--every', '0')).toMatchObject({
			seed: 42,
			json: true,
			speed: 'max',
			every: 0,
		});
	});

	it('--help gives the help text (ending in a newline), --version the version; neither exits', () => {
		const help = read('--help');
		expect(help.action).toBe('help');
		expect(help.action === 'help' && help.text).toMatch(/Usage\n {4}\$ tinygan \[options]\n\n$/);
		expect(read('--version')).toEqual({action: 'version'});
		expect(read('--seed', '1', '--help').action).toBe('help');
	});

	it('a repeated value flag is a usage error naming it', () => {
		expect(() => read('--seed', '1', '--seed', '2')).toThrow('--seed is given more than once');
	});
});
