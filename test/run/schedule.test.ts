import {describe, expect, it} from 'vitest';
import {Rng} from '../../source/engine/rng.js';
import {
	type Change,
	type Schedule,
	type Settings,
	ScheduleError,
	checkSchedule,
	formatSchedule,
	parseSchedule,
	settingsAt,
} from '../../source/run/schedule.js';

function scheduleError(text: string): string {
	try {
		parseSchedule(text);
	} catch (error) {
		expect(error).toBeInstanceOf(ScheduleError);
		return (error as ScheduleError).message;
	}

	throw new Error(`no ScheduleError for ${JSON.stringify(text)}`);
}

describe('parseSchedule', () => {
	it('reads E:key=value items, each key with its value', () => {
		expect(parseSchedule('300:lr=0.02,500:loss=minimax,700:train=g')).toEqual([
			{epoch: 300, key: 'lr', value: 0.02},
			{epoch: 500, key: 'loss', value: 'minimax'},
			{epoch: 700, key: 'train', value: 'g'},
		]);
		expect(parseSchedule('0:loss=nonsaturating,0:train=both,1:train=d,2:lr=1e-7,3:lr=.5')).toEqual([
			{epoch: 0, key: 'loss', value: 'nonsaturating'},
			{epoch: 0, key: 'train', value: 'both'},
			{epoch: 1, key: 'train', value: 'd'},
			{epoch: 2, key: 'lr', value: 1e-7},
			{epoch: 3, key: 'lr', value: 0.5},
		]);
	});

	it('the empty text is the empty schedule', () => {
		expect(parseSchedule('')).toEqual([]);
		expect(parseSchedule('  ')).toEqual([]);
	});

	it('takes spaces around items and their parts', () => {
		expect(parseSchedule(' 300 : lr = 0.02 , 500:loss=minimax ')).toEqual([
			{epoch: 300, key: 'lr', value: 0.02},
			{epoch: 500, key: 'loss', value: 'minimax'},
		]);
	});

	it('takes an epoch as --epochs does: 3e2 and 300.0 are 300', () => {
		expect(parseSchedule('3e2:lr=0.1,300.0:lr=0.2')).toEqual([
			{epoch: 300, key: 'lr', value: 0.1},
			{epoch: 300, key: 'lr', value: 0.2},
		]);
	});

	it('sorts by epoch, stably: changes at one epoch keep the order they were written in', () => {
		expect(parseSchedule('700:train=g,300:lr=0.02,500:loss=minimax,300:lr=0.03,0:train=d,300:train=g')).toEqual([
			{epoch: 0, key: 'train', value: 'd'},
			{epoch: 300, key: 'lr', value: 0.02},
			{epoch: 300, key: 'lr', value: 0.03},
			{epoch: 300, key: 'train', value: 'g'},
			{epoch: 500, key: 'loss', value: 'minimax'},
			{epoch: 700, key: 'train', value: 'g'},
		]);
	});

	it.each([
		['300:foo=1', 'item 1 "300:foo=1"', 'unknown key "foo"'],
		['300:LR=0.1', 'item 1', 'unknown key "LR"'],
		['300:lr=0.02,500:loss=maximin', 'item 2 "500:loss=maximin"', 'unknown loss "maximin"'],
		['500:train=all', 'item 1', 'unknown train "all"'],
		['500:train=', 'item 1', 'unknown train ""'],
		['-3:lr=0.1', 'item 1 "-3:lr=0.1"', 'the epoch must be a whole number ≥ 0, got "-3"'],
		['1.5:lr=0.1', 'item 1', 'got "1.5"'],
		['abc:lr=0.1', 'item 1', 'got "abc"'],
		[':lr=0.1', 'item 1', 'got ""'],
		['1e300:lr=0.1', 'item 1', 'got "1e300"'],
		['300:lr=0', 'item 1', 'lr must be a finite number > 0, got "0"'],
		['300:lr=-0.1', 'item 1', 'got "-0.1"'],
		['300:lr=Infinity', 'item 1', 'got "Infinity"'],
		['300:lr=1e999', 'item 1', 'got "1e999"'],
		['300:lr=NaN', 'item 1', 'got "NaN"'],
		['300:lr=0x10', 'item 1', 'got "0x10"'],
		['300:lr=', 'item 1', 'got ""'],
		['300:lr=0.02,,500:loss=minimax', 'item 2 ""', 'is empty'],
		['300:lr=0.02,', 'item 2 ""', 'is empty'],
		[',300:lr=0.02', 'item 1 ""', 'is empty'],
		['300:lr=0.02, ,500:lr=0.1', 'item 2 " "', 'is empty'],
		['300lr=0.02', 'item 1 "300lr=0.02"', "has no ':'"],
		['300:lr0.02', 'item 1 "300:lr0.02"', "has no '='"],
		['300=lr:0.02', 'item 1', "has no '='"],
	])('%s: one line naming the item and what is wrong', (text, item, problem) => {
		const message = scheduleError(text);
		expect(message).toContain(item);
		expect(message).toContain(problem);
		expect(message).not.toContain('\n');
	});

	it('names the keys and values there are', () => {
		expect(scheduleError('1:foo=1')).toContain('lr, loss, train');
		expect(scheduleError('1:loss=x')).toContain('nonsaturating or minimax');
		expect(scheduleError('1:train=x')).toContain('both, d, g');
	});

	it('a long item is cut, and a control character escaped: the message stays one short line', () => {
		const long = scheduleError(`1:lr=${'9'.repeat(5000)}x`);
		expect(long.length).toBeLessThan(200);
		expect(long).toContain('characters');
		expect(scheduleError('1:loss=\u001B[2J\nx')).not.toMatch(/[\n\u001B]/);
	});
});

describe('formatSchedule', () => {
	it('writes what parseSchedule reads', () => {
		const text = '300:lr=0.02,500:loss=minimax,700:train=g';
		expect(formatSchedule(parseSchedule(text))).toBe(text);
		expect(formatSchedule([])).toBe('');
	});

	it('writes every learning rate so that it reads back as the same double', () => {
		const rng = Rng.seeded(11);
		const rates = [0.1 + 0.2, 1e-7, 5e-324, Number.MAX_VALUE, 1e21, 123_456_789.123_456_78, 2 ** -1074 * 3];
		for (let i = 0; i < 2000; i++) {
			rates.push(10 ** (20 * rng.uniform() - 10) * rng.uniform());
		}

		const schedule: Schedule = rates.filter(lr => lr > 0).map((lr, epoch) => ({epoch, key: 'lr', value: lr}));
		const back = parseSchedule(formatSchedule(schedule));
		expect(back).toEqual(schedule);
		for (const [i, change] of back.entries()) {
			expect(Object.is(change.value, schedule[i]!.value)).toBe(true);
		}
	});

	it('the shortest text: 0.02 prints as 0.02, 0.1 + 0.2 with every digit it needs', () => {
		expect(formatSchedule([{epoch: 3, key: 'lr', value: 0.02}])).toBe('3:lr=0.02');
		expect(formatSchedule([{epoch: 3, key: 'lr', value: 0.1 + 0.2}])).toBe('3:lr=0.30000000000000004');
	});
});

describe('settingsAt', () => {
	const base: Settings = {lr: 0.01, loss: 'nonsaturating', train: 'both'};
	const schedule = parseSchedule('300:lr=0.02,300:lr=0.03,500:loss=minimax,700:train=g,700:train=d');

	it('is the base before the first change, and each change from its epoch on (in force for epoch E+1)', () => {
		expect(settingsAt(base, schedule, 0)).toEqual(base);
		expect(settingsAt(base, schedule, 299)).toEqual(base);
		// The later change at one epoch wins
		expect(settingsAt(base, schedule, 300)).toEqual({...base, lr: 0.03});
		expect(settingsAt(base, schedule, 499)).toEqual({...base, lr: 0.03});
		expect(settingsAt(base, schedule, 500)).toEqual({lr: 0.03, loss: 'minimax', train: 'both'});
		expect(settingsAt(base, schedule, 700)).toEqual({lr: 0.03, loss: 'minimax', train: 'd'});
		expect(settingsAt(base, schedule, 1e9)).toEqual({lr: 0.03, loss: 'minimax', train: 'd'});
	});

	it('an empty schedule leaves the base', () => {
		expect(settingsAt(base, [], 1000)).toEqual(base);
	});
});

describe('checkSchedule', () => {
	it('sorts a schedule made in code as parseSchedule sorts text', () => {
		const made: Change[] = [
			{epoch: 5, key: 'lr', value: 0.1},
			{epoch: 1, key: 'train', value: 'g'},
			{epoch: 5, key: 'loss', value: 'minimax'},
		];
		expect(checkSchedule(made)).toEqual(parseSchedule('5:lr=0.1,1:train=g,5:loss=minimax'));
	});

	it.each([
		[{epoch: -1, key: 'lr', value: 0.1}, 'epoch'],
		[{epoch: 1.5, key: 'lr', value: 0.1}, 'epoch'],
		[{epoch: 1, key: 'lr', value: 0}, 'lr'],
		[{epoch: 1, key: 'lr', value: '0.1'}, 'lr'],
		[{epoch: 1, key: 'loss', value: 'x'}, 'loss'],
		[{epoch: 1, key: 'train', value: 'x'}, 'train'],
		[{epoch: 1, key: 'speed', value: 1}, 'key'],
	])('refuses %o', (change, problem) => {
		expect(() => checkSchedule([change as unknown as Change])).toThrow(ScheduleError);
		expect(() => checkSchedule([change as unknown as Change])).toThrow(problem);
	});
});
