import {describe, expect, it} from 'vitest';
import {type CheckpointFiles, UsageError, parseOptions, quote, speedRange} from '../../source/cli/options.js';
import {presetNamed} from '../../source/engine/presets.js';
import {trainedCheckpoint, tutorialSettings} from '../helpers/checkpoints.js';

const parse = (flags: Record<string, unknown>, input: string[] = []) => parseOptions(flags, input, () => 7);

function usageError(flags: Record<string, unknown>, input: string[] = []): string {
	try {
		parse(flags, input);
	} catch (error) {
		expect(error).toBeInstanceOf(UsageError);
		return (error as UsageError).message;
	}

	throw new Error(`no usage error for ${JSON.stringify(flags)}`);
}

describe('--speed', () => {
	it.each(['0.1', '1', '50', '1e6', '1000000', '0.5'])('accepts %s', text => {
		expect(parse({speed: text}).speed).toBe(Number(text));
	});

	it('accepts max, in any case', () => {
		expect(parse({speed: 'max'}).speed).toBe('max');
		expect(parse({speed: 'MAX'}).speed).toBe('max');
	});

	it.each(['1e-300', '0.09', '0', '-1', '1000001', '1e7', 'Infinity', 'NaN', 'fast'])(
		'refuses %s, naming the bounds and max',
		text => {
			const message = usageError({speed: text});
			expect(message).toContain('--speed');
			expect(message).toContain(`"${text}"`);
			expect(message).toContain(String(speedRange.min));
			expect(message).toContain(String(speedRange.max));
			expect(message).toContain('"max"');
		},
	);

	it('bounds a run can always move at: at least one epoch every 10 s, at most a million a second', () => {
		expect(speedRange).toEqual({min: 0.1, max: 1_000_000});
	});
});

describe('--schedule', () => {
	it('none: the empty schedule', () => {
		expect(parse({}).schedule).toEqual([]);
	});

	it('reads E:key=value items', () => {
		expect(parse({schedule: '300:lr=0.02,500:loss=minimax,700:train=g'}).schedule).toEqual([
			{epoch: 300, key: 'lr', value: 0.02},
			{epoch: 500, key: 'loss', value: 'minimax'},
			{epoch: 700, key: 'train', value: 'g'},
		]);
	});

	it.each([
		['300:foo=1', '"300:foo=1"', 'unknown key'],
		['300:lr=0.02,500:loss=maximin', '"500:loss=maximin"', 'unknown loss'],
		['300:train=all', '"300:train=all"', 'unknown train'],
		['-3:lr=0.1', '"-3:lr=0.1"', 'whole number'],
		['2.5:lr=0.1', '"2.5:lr=0.1"', 'whole number'],
		['x:lr=0.1', '"x:lr=0.1"', 'whole number'],
		['300:lr=0', '"300:lr=0"', 'lr must be'],
		['300:lr=Infinity', '"300:lr=Infinity"', 'lr must be'],
		['300:lr=0.02,,500:loss=minimax', 'item 2 ""', 'empty'],
		['300:lr=0.02,', 'item 2 ""', 'empty'],
		['300lr=0.02', '"300lr=0.02"', "no ':'"],
		['300:lr', '"300:lr"', "no '='"],
	])('%s: a usage error naming --schedule and the item', (text, item, problem) => {
		const message = usageError({schedule: text});
		expect(message).toMatch(/^--schedule: /);
		expect(message).toContain(item);
		expect(message).toContain(problem);
		expect(message).not.toContain('\n');
	});

	it("an empty value is refused as any flag's is", () => {
		expect(usageError({schedule: ''})).toBe('--schedule needs a value');
	});
});

describe('--ascii and --no-ascii', () => {
	it('neither: undefined, left to the locale', () => {
		expect(parse({}).ascii).toBeUndefined();
		expect(parse({ascii: []}).ascii).toBeUndefined();
	});

	it('--ascii: true; --no-ascii: false; repeated alike: the same', () => {
		expect(parse({ascii: [true]}).ascii).toBe(true);
		expect(parse({ascii: [false]}).ascii).toBe(false);
		expect(parse({ascii: [true, true]}).ascii).toBe(true);
		expect(parse({ascii: true}).ascii).toBe(true);
	});

	it('both at once, in either order, is a usage error naming both', () => {
		for (const both of [
			[true, false],
			[false, true],
		]) {
			const message = usageError({ascii: both});
			expect(message).toContain('--ascii');
			expect(message).toContain('--no-ascii');
		}
	});

	it('a value is refused', () => {
		expect(usageError({ascii: ['yes']})).toContain('--ascii');
	});
});

describe('long or odd values in an error line', () => {
	it('a 10,000-character value is cut: its start, an ellipsis and its length', () => {
		const long = '7'.repeat(10_000);
		const message = usageError({seed: long});
		expect(message.length).toBeLessThan(150);
		expect(message).toContain('--seed');
		expect(message).toContain(`"${'7'.repeat(30)}…"`);
		expect(message).toContain('10000 characters');
	});

	it('an unknown flag with a 10,000-character name is cut the same way', () => {
		const message = usageError({['a'.repeat(10_000)]: true});
		expect(message.length).toBeLessThan(150);
		expect(message).toContain('unknown flag "--aaaa');
		expect(message).toContain('10002 characters');
	});

	it('a long argument is cut', () => {
		const message = usageError({}, ['x'.repeat(5000)]);
		expect(message.length).toBeLessThan(150);
		expect(message).toContain('5000 characters');
	});

	it('a newline or control character is escaped: the line stays one line', () => {
		const message = usageError({seed: '1\n2\u001B[2J'});
		expect(message).not.toMatch(/[\n\u001B]/);
		expect(message).toContain(String.raw`"1\n2\u001b[2J"`);
	});

	it('quote leaves short values whole and counts characters, not UTF-16 units', () => {
		expect(quote('abc')).toBe('"abc"');
		expect(quote('x'.repeat(40))).toBe(`"${'x'.repeat(40)}"`);
		const faces = '😀'.repeat(41);
		expect(quote(faces)).toBe(`"${'😀'.repeat(30)}…" (41 characters)`);
	});
});

describe('--load and --save', () => {
	/** Files that hold one checkpoint at `epoch` (seed 9, lr 0.03) and note what was asked of them. */
	function filesWith(epoch: number) {
		const checkpoint = {...trainedCheckpoint(epoch, 9), initial: {...tutorialSettings, lr: 0.03}};
		const asked: string[] = [];
		const files: CheckpointFiles = {
			read(file) {
				asked.push(`read ${file}`);
				if (file === 'bad.json') {
					throw new UsageError('cannot load bad.json: the file is empty', {seeHelp: false});
				}

				return checkpoint;
			},
			checkSave(file) {
				asked.push(`check ${file}`);
				if (file === 'nowhere/a.json') {
					throw new UsageError('cannot save nowhere/a.json: no such folder', {seeHelp: false});
				}
			},
		};
		return {checkpoint, files, asked};
	}

	const drawn: number[] = [];
	const randomSeed = (): number => {
		drawn.push(7);
		return 7;
	};

	const withFiles = (flags: Record<string, unknown>, files: CheckpointFiles) =>
		parseOptions(flags, [], randomSeed, files);

	function refusal(flags: Record<string, unknown>, files: CheckpointFiles): UsageError {
		try {
			withFiles(flags, files);
		} catch (error) {
			expect(error).toBeInstanceOf(UsageError);
			return error as UsageError;
		}

		throw new Error(`no usage error for ${JSON.stringify(flags)}`);
	}

	it("--load: the dataset is the checkpoint's, named by the preset with the same images, else by the file", () => {
		const {checkpoint, files} = filesWith(300);
		expect(withFiles({load: 'run.json'}, files).data).toEqual({source: {preset: 'slanted'}, faces: checkpoint.faces});
		const custom = {...checkpoint, faces: [[0.5, 0.5, 0.5, 0.5]] as const};
		const customFiles: CheckpointFiles = {...files, read: () => custom};
		expect(withFiles({load: 'run.json'}, customFiles).data).toEqual({
			source: {checkpoint: 'run.json'},
			faces: custom.faces,
		});
		const bars = {...checkpoint, faces: presetNamed('bars')!.faces};
		expect(withFiles({load: 'b.json'}, {...files, read: () => bars}).data.source).toEqual({preset: 'bars'});
	});

	it('--load with --data or --preset: refused, the checkpoint fixes the dataset', () => {
		const {files} = filesWith(300);
		expect(refusal({load: 'run.json', preset: 'bars'}, files).message).toBe(
			'--preset cannot be given with --load: the checkpoint fixes the dataset',
		);
		expect(refusal({load: 'run.json', data: 'faces.json'}, files).message).toBe(
			'--data cannot be given with --load: the checkpoint fixes the dataset',
		);
	});

	it('neither: no file is looked at, and the options say so', () => {
		const {files, asked} = filesWith(300);
		expect(withFiles({}, files)).toMatchObject({save: undefined, load: undefined, loadFile: undefined});
		expect(asked).toEqual([]);
	});

	it('--load: the checkpoint, its file, its seed and starting lr; no seed drawn; the schedule only what is added', () => {
		const {checkpoint, files, asked} = filesWith(300);
		drawn.length = 0;
		const options = withFiles({load: 'a.json', schedule: '800:lr=0.005'}, files);
		expect(options).toMatchObject({seed: 9, lr: 0.03, loadFile: 'a.json', save: undefined});
		expect(options.load).toBe(checkpoint);
		expect(options.schedule).toEqual([{epoch: 800, key: 'lr', value: 0.005}]);
		expect(drawn).toEqual([]);
		expect(asked).toEqual(['read a.json']);
	});

	it('--epochs is the whole run: kept from the checkpoint on; without it 1000, or the checkpoint epoch if later', () => {
		expect(withFiles({load: 'a.json', epochs: '5000'}, filesWith(300).files).epochs).toBe(5000);
		expect(withFiles({load: 'a.json', epochs: '300'}, filesWith(300).files).epochs).toBe(300);
		expect(withFiles({load: 'a.json'}, filesWith(300).files).epochs).toBe(1000);
		expect(withFiles({load: 'a.json'}, filesWith(1500).files).epochs).toBe(1500);
	});

	it('--epochs before the checkpoint epoch is refused, with the number that trains that many more', () => {
		const error = refusal({load: 'a.json', epochs: '200'}, filesWith(300).files);
		expect(error.message).toBe(
			"--epochs 200 is before the checkpoint's epoch 300: --epochs counts the whole run (--epochs 500 trains 200 more)",
		);
		expect(error.seeHelp).toBe(true);
		expect(refusal({load: 'a.json', epochs: '0'}, filesWith(300).files).message).toBe(
			"--epochs 0 is before the checkpoint's epoch 300: --epochs counts the whole run",
		);
	});

	it.each([
		[{seed: '42'}, '--seed cannot'],
		[{lr: '0.01'}, '--lr cannot'],
		[{seed: '42', lr: '0.01'}, '--seed and --lr cannot'],
	])('%o with --load is refused before the file is read: the checkpoint fixes them', (flags, start) => {
		const {files, asked} = filesWith(300);
		const error = refusal({load: 'a.json', ...flags}, files);
		expect(error.message).toBe(`${start} be given with --load: the checkpoint fixes the seed and the learning rate`);
		expect(asked).toEqual([]);
	});

	it.each(['300:lr=0.02', '0:train=d', '900:loss=minimax,299:lr=0.5'])(
		'--schedule %s: a change not after the checkpoint epoch is refused, naming it',
		text => {
			const error = refusal({load: 'a.json', schedule: text}, filesWith(300).files);
			const past = text.split(',').find(item => Number(item.split(':')[0]) <= 300)!;
			expect(error.message).toBe(
				`--schedule: "${past}" is not after the checkpoint's epoch 300: a loaded run's past is fixed`,
			);
		},
	);

	it('--schedule 301:… with a checkpoint at 300 is taken', () => {
		expect(withFiles({load: 'a.json', schedule: '301:lr=0.02'}, filesWith(300).files).schedule).toHaveLength(1);
	});

	it("a file's refusal passes as it is (no pointer to --help)", () => {
		const error = refusal({load: 'bad.json'}, filesWith(300).files);
		expect(error.message).toBe('cannot load bad.json: the file is empty');
		expect(error.seeHelp).toBe(false);
	});

	it('--save is checked before the run, alone or with --load, and kept as given (not trimmed)', () => {
		const {files, asked} = filesWith(300);
		expect(withFiles({save: ' a.json '}, files).save).toBe(' a.json ');
		expect(withFiles({save: 'b.json', load: 'a.json'}, files).save).toBe('b.json');
		expect(asked).toEqual(['check  a.json ', 'read a.json', 'check b.json']);
		expect(refusal({save: 'nowhere/a.json'}, files).message).toBe('cannot save nowhere/a.json: no such folder');
	});

	it('an empty or repeated file is refused as any value is', () => {
		const {files} = filesWith(300);
		expect(refusal({load: ''}, files).message).toBe('--load needs a value');
		expect(refusal({save: '  '}, files).message).toBe('--save needs a value');
		expect(refusal({save: ['a', 'b']}, files).message).toBe('--save is given more than once');
	});
});
