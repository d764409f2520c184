import {describe, expect, it} from 'vitest';
import {UsageError, parseOptions, quote, speedRange} from '../../source/cli/options.js';

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
