/**
 * From parsed command-line flags to a validated run configuration. Pure: no
 * process, no output; the files of --load and --save are looked at through
 * `CheckpointFiles` (checkpoint-files.ts). Every rejection is a `UsageError`
 * whose message is one line naming the flag and the value, or the file and
 * what is wrong with it.
 */
import type {Image} from '../engine/model.js';
import {defaultPreset, presetNamed, presets} from '../engine/presets.js';
import {maxSeed} from '../engine/rng.js';
import type {Checkpoint} from '../run/checkpoint.js';
import type {RunConfig, Speed} from '../run/config.js';
import type {Dataset} from '../run/dataset.js';
import {type Schedule, ScheduleError, formatSchedule, parseSchedule} from '../run/schedule.js';

export type {Speed} from '../run/config.js';

/** The command line's options: the run's configuration. */
export type Options = RunConfig;

export const defaults = {lr: 0.01, epochs: 1000, every: 1, speed: 50 as Speed, fps: 10} as const;

/**
 * The speeds --speed accepts, in epochs per second. Below one epoch every ten
 * seconds a run looks stuck at its epoch; above a million (faster than this
 * machine trains, about 1.3M/s headless) a number means nothing `max` does not.
 */
export const speedRange = {min: 0.1, max: 1_000_000} as const;

export class UsageError extends Error {
	override name = 'UsageError';
	/** Whether the line points to --help: not for a file that is wrong, which the help cannot mend. */
	readonly seeHelp: boolean;

	constructor(message: string, {seeHelp = true}: {readonly seeHelp?: boolean} = {}) {
		super(message);
		this.seeHelp = seeHelp;
	}
}

/** The files of --load and --save, as checked before a run. */
export type CheckpointFiles = {
	/** The checkpoint in a file; throws a UsageError naming the file and what is wrong with it. */
	read(file: string): Checkpoint;
	/** Throws a UsageError if a checkpoint cannot be saved at `file` (no such folder, a folder). */
	checkSave(file: string): void;
};

/** The file of --data; throws a UsageError naming the file and what is wrong with it. */
export type DataFiles = {readonly readData: (file: string) => Image[]};

/** For a command line without --data. */
const noData: DataFiles = {
	readData() {
		throw new Error('parseOptions was given --data without the files to read it');
	},
};

/** For a command line without --load or --save. */
const noFiles: CheckpointFiles = {
	read() {
		throw new Error('parseOptions was given --load without the files to read it');
	},
	checkSave() {
		throw new Error('parseOptions was given --save without the files to check it');
	},
};

/** The flags as meow hands them over: every value flag is read as a string. */
export type RawFlags = Record<string, unknown>;

export const knownFlags = [
	'seed',
	'lr',
	'schedule',
	'epochs',
	'every',
	'json',
	'updates',
	'speed',
	'fps',
	'ascii',
	'save',
	'load',
	'data',
	'preset',
	'help',
	'version',
] as const;

export function parseOptions(
	flags: RawFlags,
	input: readonly string[],
	randomSeed: () => number,
	files: CheckpointFiles = noFiles,
	dataFiles: DataFiles = noData,
): Options {
	const unknown = Object.keys(flags).filter(key => !(knownFlags as readonly string[]).includes(key));
	if (unknown.length > 0) {
		throw new UsageError(`unknown flag ${asTyped(unknown[0]!)}`);
	}

	if (input.length > 0) {
		throw new UsageError(`unexpected argument ${quote(String(input[0]!))}`);
	}

	const seedText = text(flags, 'seed');
	const seedGiven = seedText === undefined ? undefined : integer('seed', seedText, 0, maxSeed);
	const lrText = text(flags, 'lr');
	const lrGiven = lrText === undefined ? undefined : positiveNumber('lr', lrText);
	const scheduleText = text(flags, 'schedule');
	const schedule = scheduleText === undefined ? [] : scheduleOf(scheduleText);
	const epochsText = text(flags, 'epochs');
	const epochsGiven = epochsText === undefined ? undefined : integer('epochs', epochsText, 0, Number.MAX_SAFE_INTEGER);
	const everyText = text(flags, 'every');
	const every = everyText === undefined ? defaults.every : integer('every', everyText, 0, Number.MAX_SAFE_INTEGER);
	const speedText = text(flags, 'speed');
	const speed = speedText === undefined ? defaults.speed : parseSpeed(speedText);
	const fpsText = text(flags, 'fps');
	const fps = fpsText === undefined ? defaults.fps : integer('fps', fpsText, 1, 60);
	const json = flags['json'] === true;
	const updates = flags['updates'] === true;
	const ascii = switchValue(flags, 'ascii');
	const save = pathText(flags, 'save');
	const loadFile = pathText(flags, 'load');

	const dataFile = pathText(flags, 'data');
	const presetName = text(flags, 'preset');
	if (dataFile !== undefined && presetName !== undefined) {
		throw new UsageError('--data and --preset cannot both be given: a run trains on one dataset');
	}

	const common = {schedule, every, json, updates, speed, fps, ascii, save};
	if (loadFile === undefined) {
		const data: Dataset =
			dataFile === undefined
				? presetData(presetName ?? defaultPreset)
				: {source: {file: dataFile}, faces: dataFiles.readData(dataFile)};

		if (save !== undefined) {
			files.checkSave(save);
		}

		return {
			...common,
			data,
			seed: seedGiven ?? randomSeed(),
			lr: lrGiven ?? defaults.lr,
			epochs: epochsGiven ?? defaults.epochs,
			load: undefined,
			loadFile: undefined,
		};
	}

	const fixed = [seedText === undefined ? [] : ['--seed'], lrText === undefined ? [] : ['--lr']].flat();
	if (fixed.length > 0) {
		throw new UsageError(
			`${fixed.join(' and ')} cannot be given with --load: the checkpoint fixes the seed and the learning rate`,
		);
	}

	const dataFlag = dataFile === undefined ? (presetName === undefined ? undefined : '--preset') : '--data';
	if (dataFlag !== undefined) {
		throw new UsageError(`${dataFlag} cannot be given with --load: the checkpoint fixes the dataset`);
	}

	const load = files.read(loadFile);
	if (save !== undefined) {
		files.checkSave(save);
	}

	// As resume() would refuse it, but before anything runs, and naming the item
	const past = schedule.find(change => change.epoch <= load.epoch);
	if (past !== undefined) {
		throw new UsageError(
			`--schedule: ${quote(formatSchedule([past]))} is not after the checkpoint's epoch ${load.epoch}:` +
				" a loaded run's past is fixed",
		);
	}

	return {
		...common,
		data: {source: loadedSource(load.faces, loadFile), faces: load.faces},
		seed: load.seed,
		lr: load.initial.lr,
		epochs: loadedTarget(epochsGiven, load.epoch),
		load,
		loadFile,
	};
}

/** A loaded run's dataset: the preset with the same images, if one has them, else the checkpoint's. */
function loadedSource(faces: readonly Image[], loadFile: string): Dataset['source'] {
	const same = presets.find(
		preset =>
			preset.faces.length === faces.length &&
			preset.faces.every((face, i) => face.every((value, j) => Object.is(value, faces[i]![j]))),
	);
	return same === undefined ? {checkpoint: loadFile} : {preset: same.name};
}

/** A preset's dataset; an unknown name is refused with the known ones. */
function presetData(name: string): Dataset {
	const preset = presetNamed(name);
	if (preset === undefined) {
		const known = ['list', ...presets.map(p => p.name)].join(', ');
		throw new UsageError(`--preset must be one of ${known}, got ${quote(name)}`);
	}

	return {source: {preset: preset.name}, faces: preset.faces};
}

/**
 * With --load, --epochs is still the whole run's length, from epoch 0. Not
 * given, it is the default or, for a checkpoint already past it, the
 * checkpoint's epoch (nothing more to train). Given below the checkpoint's
 * epoch, it is refused: most likely "that many more" was meant.
 */
function loadedTarget(epochs: number | undefined, from: number): number {
	if (epochs === undefined) {
		return Math.max(defaults.epochs, from);
	}

	if (epochs < from) {
		const more = epochs > 0 ? ` (--epochs ${from + epochs} trains ${epochs} more)` : '';
		throw new UsageError(
			`--epochs ${epochs} is before the checkpoint's epoch ${from}: --epochs counts the whole run${more}`,
		);
	}

	return epochs;
}

/**
 * A flag that is on (--x), off (--no-x) or not given. Meow hands over each
 * occurrence (the flag is declared multiple): both at once is a usage error.
 */
function switchValue(flags: RawFlags, name: string): boolean | undefined {
	const value = flags[name];
	const values = Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value];
	if (values.some(item => typeof item !== 'boolean')) {
		throw new UsageError(`--${name} takes no value`);
	}

	if (values.includes(true) && values.includes(false)) {
		throw new UsageError(`--${name} and --no-${name} contradict each other: give one`);
	}

	return values.length === 0 ? undefined : values[0] === true;
}

/** The longest value an error line quotes in full; longer ones are cut, with their length. */
const quotedMax = 40;

/** A value as an error line shows it: in quotes, escaped (so the line stays one line), cut if long. */
export function quote(value: string): string {
	const characters = [...value];
	if (characters.length <= quotedMax) {
		return JSON.stringify(value);
	}

	return `${JSON.stringify(characters.slice(0, quotedMax - 10).join('') + '…')} (${characters.length} characters)`;
}

/** The flag as it was probably typed: fooBar → --foo-bar, x → -x. */
function asTyped(key: string): string {
	const typed = key.length === 1 ? `-${key}` : `--${key.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`)}`;
	return typed.length > quotedMax ? quote(typed) : typed;
}

/** A file name: checked as any flag's value, but as given, not trimmed (a name may end in a space). */
function pathText(flags: RawFlags, name: string): string | undefined {
	if (text(flags, name) === undefined) {
		return undefined;
	}

	const value = flags[name];
	return (Array.isArray(value) ? value[0] : value) as string;
}

function text(flags: RawFlags, name: string): string | undefined {
	const value = flags[name];
	if (value === undefined) {
		return undefined;
	}

	if (Array.isArray(value)) {
		if (value.length > 1) {
			throw new UsageError(`--${name} is given more than once`);
		}

		return text({[name]: value[0]}, name);
	}

	if (typeof value !== 'string' || value.trim() === '') {
		throw new UsageError(`--${name} needs a value`);
	}

	return value.trim();
}

const decimal = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function integer(name: string, value: string, min: number, max: number): number {
	const n = decimal.test(value) ? Number(value) : Number.NaN;
	if (!Number.isInteger(n) || n < min || n > max) {
		const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`;
		throw new UsageError(`--${name} must be ${range}, got ${quote(value)}`);
	}

	return n;
}

function positiveNumber(name: string, value: string): number {
	const n = decimal.test(value) ? Number(value) : Number.NaN;
	if (!(Number.isFinite(n) && n > 0)) {
		throw new UsageError(`--${name} must be a finite number > 0, got ${quote(value)}`);
	}

	return n;
}

function scheduleOf(value: string): Schedule {
	try {
		return parseSchedule(value);
	} catch (error) {
		if (error instanceof ScheduleError) {
			throw new UsageError(`--schedule: ${error.message}`);
		}

		throw error;
	}
}

function parseSpeed(value: string): Speed {
	if (value.toLowerCase() === 'max') {
		return 'max';
	}

	const n = decimal.test(value) ? Number(value) : Number.NaN;
	if (!(n >= speedRange.min && n <= speedRange.max)) {
		const range = `${speedRange.min} to ${speedRange.max}`;
		throw new UsageError(`--speed must be epochs per second from ${range}, or "max", got ${quote(value)}`);
	}

	return n;
}
