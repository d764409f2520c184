/**
 * A run's schedule (`SPEC.md`, "Schedules"): changes at epoch boundaries.
 * `E:key=value` applies after E completed epochs, i.e. from epoch E+1 on;
 * several changes at the same E apply in the order written.
 *
 *   300:lr=0.02,500:loss=minimax,700:train=g
 *
 * The settings a change sets are the engine's (the trainer is configured
 * with them between epochs): their types live there and are the same here.
 */
import {generatorLosses} from '../engine/model.js';
import {type GeneratorLoss, type Settings, type TrainMode, trainModes} from '../engine/trainer.js';

export type {GeneratorLoss, Settings, TrainMode} from '../engine/trainer.js';

export type Change =
	| {readonly epoch: number; readonly key: 'lr'; readonly value: number}
	| {readonly epoch: number; readonly key: 'loss'; readonly value: GeneratorLoss}
	| {readonly epoch: number; readonly key: 'train'; readonly value: TrainMode};

/** Changes in the order they apply: by epoch, and in the order written within one epoch. */
export type Schedule = readonly Change[];

export type Key = Change['key'];
/** The value a key takes: a number for `lr`, a name for the others. */
export type ValueOf<K extends Key> = Extract<Change, {readonly key: K}>['value'];

/** A schedule, or one change, that cannot be: its message is one line naming the item. */
export class ScheduleError extends Error {
	override name = 'ScheduleError';
}

const keys: readonly Key[] = ['lr', 'loss', 'train'];

const decimal = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** An epoch as --epochs takes it (300, 3e2, 300.0), without a sign. */
const unsigned = /^(\d+\.?\d*|\.\d+)(e\+?\d+)?$/i;

/**
 * Reads `E:key=value,…`. The changes come back in the order they apply:
 * sorted by epoch, stably, so that those at one epoch keep the order they
 * were written in. The empty text is the empty schedule. Throws a
 * `ScheduleError` naming the first item that is not a change.
 */
export function parseSchedule(text: string): Schedule {
	if (text.trim() === '') {
		return [];
	}

	return sortByEpoch(text.split(',').map((item, index) => parseChange(item, index + 1)));
}

function parseChange(item: string, position: number): Change {
	const wrong = (problem: string) => new ScheduleError(`item ${position} ${shown(item)}: ${problem}`);
	if (item.trim() === '') {
		throw wrong('is empty (two commas in a row, or one at an end?)');
	}

	const colon = item.indexOf(':');
	if (colon < 0) {
		throw wrong("has no ':' (write E:key=value)");
	}

	const equals = item.indexOf('=', colon);
	if (equals < 0) {
		throw wrong("has no '=' after its ':' (write E:key=value)");
	}

	const epochText = item.slice(0, colon).trim();
	const epoch = unsigned.test(epochText) ? Number(epochText) : Number.NaN;
	if (!(Number.isSafeInteger(epoch) && epoch >= 0)) {
		throw wrong(`the epoch must be a whole number ≥ 0, got ${shown(epochText)}`);
	}

	try {
		return change(epoch, item.slice(colon + 1, equals).trim(), item.slice(equals + 1).trim());
	} catch (error) {
		throw error instanceof ScheduleError ? wrong(error.message) : error;
	}
}

/** One change from its parts as written; throws a `ScheduleError` saying what is wrong with the key or the value. */
function change(epoch: number, key: string, value: string): Change {
	switch (key) {
		case 'lr': {
			const lr = decimal.test(value) ? Number(value) : Number.NaN;
			if (!(Number.isFinite(lr) && lr > 0)) {
				throw new ScheduleError(`lr must be a finite number > 0, got ${shown(value)}`);
			}

			return {epoch, key, value: lr};
		}

		case 'loss':
		case 'train': {
			return {epoch, key, value: checkValue(key, value)} as Change;
		}

		default: {
			throw new ScheduleError(`unknown key ${shown(key)} (the keys are ${keys.join(', ')})`);
		}
	}
}

/** The value if `key` can take it; else a `ScheduleError` saying what it takes. */
export function checkValue<K extends Key>(key: K, value: unknown): ValueOf<K> {
	switch (key) {
		case 'lr': {
			if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
				return value as ValueOf<K>;
			}

			throw new ScheduleError(`lr must be a finite number > 0, got ${shown(String(value))}`);
		}

		case 'loss': {
			if ((generatorLosses as readonly unknown[]).includes(value)) {
				return value as ValueOf<K>;
			}

			throw new ScheduleError(`unknown loss ${shown(String(value))} (${generatorLosses.join(' or ')})`);
		}

		case 'train': {
			if ((trainModes as readonly unknown[]).includes(value)) {
				return value as ValueOf<K>;
			}

			throw new ScheduleError(`unknown train ${shown(String(value))} (${trainModes.join(', ')})`);
		}

		default: {
			throw new ScheduleError(`unknown key ${shown(String(key))} (the keys are ${keys.join(', ')})`);
		}
	}
}

/**
 * The schedule as `parseSchedule` reads it: `E:key=value`, comma-separated,
 * in the order given. A learning rate is printed as JavaScript prints a
 * number, the shortest text that reads back as the same double.
 */
export function formatSchedule(schedule: Schedule): string {
	return schedule.map(({epoch, key, value}) => `${epoch}:${key}=${String(value)}`).join(',');
}

/** The changes sorted by epoch, those at one epoch in the order given (a stable sort). */
export function sortByEpoch(schedule: Schedule): Schedule {
	return [...schedule].sort((a, b) => a.epoch - b.epoch);
}

/** The settings in force for epoch E+1: `base` with every change at an epoch ≤ E applied, in order. */
export function settingsAt(base: Settings, schedule: Schedule, epoch: number): Settings {
	let settings = base;
	for (const change of schedule) {
		if (change.epoch <= epoch) {
			settings = {...settings, [change.key]: change.value};
		}
	}

	return settings;
}

/** The longest item or value an error message quotes in full. */
const shownMax = 40;

/** Quoted and escaped, so that the message stays one line; cut if long. */
function shown(text: string): string {
	const characters = [...text];
	return characters.length <= shownMax
		? JSON.stringify(text)
		: `${JSON.stringify(characters.slice(0, shownMax - 10).join('') + '…')} (${characters.length} characters)`;
}

/**
 * A schedule made in code, checked as `parseSchedule` checks text (whole
 * epochs ≥ 0, values the keys take) and put in the order it applies.
 */
export function checkSchedule(schedule: Schedule): Schedule {
	for (const [index, {epoch, key, value}] of schedule.entries()) {
		try {
			if (!(Number.isSafeInteger(epoch) && epoch >= 0)) {
				throw new ScheduleError(`the epoch must be a whole number ≥ 0, got ${String(epoch)}`);
			}

			checkValue(key, value);
		} catch (error) {
			throw error instanceof ScheduleError ? new ScheduleError(`change ${index + 1}: ${error.message}`) : error;
		}
	}

	return sortByEpoch(schedule);
}
