/**
 * Checkpoints (`SPEC.md`, "Checkpoints"): the whole state of a run at an
 * epoch boundary, so that loading it and training on gives, bit for bit,
 * what the uninterrupted run gives.
 *
 * The file is JSON, versioned and checksummed:
 *
 *     {
 *       "format": "tinygan-checkpoint",
 *       "version": 1,
 *       "checksum": "sha256:…",
 *       "content": {"seed": 42, "epoch": 1000, …}
 *     }
 *
 * The checksum is the SHA-256 of the content written canonically: no
 * spaces, the keys of each object sorted, numbers as JavaScript writes
 * them (the shortest text that reads back to the same double), −0 as `-0`.
 * Key order and layout are therefore free: a file reformatted by hand or
 * by a tool still loads, a file with any value changed does not.
 *
 * Numbers are JSON numbers, which carry every finite double exactly (and −0,
 * which `JSON.parse` reads back; `JSON.stringify` would write 0). Only the
 * last epoch's losses may be infinite or NaN: they are the strings
 * "Infinity", "-Infinity" and "NaN". Everything else must be finite, as the
 * engine keeps it (a diverged run keeps its last finite parameters).
 *
 * Saving writes a temporary file beside the target, syncs it to the disk,
 * renames it over the target and syncs the folder: the target is at every
 * moment the old checkpoint or the new one, whole. Any failure removes the
 * temporary file, leaves the old checkpoint as it was, and is one line.
 */
import {createHash, randomBytes} from 'node:crypto';
import {closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync} from 'node:fs';
import {type FileHandle, open, rename, unlink} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';
import process from 'node:process';
import type {Image, Parameters} from '../engine/model.js';
import type {RngState} from '../engine/rng.js';
import type {Divergence, EpochStats} from '../engine/trainer.js';
import {errnoCode, errnoText} from './errno-words.js';
import {type HistoryState, defaultCapacity} from './history.js';
import {jsonSyntaxProblem} from './json-syntax.js';
import type {Change, Schedule, Settings} from './schedule.js';

export type Checkpoint = {
	/** The run's seed, 0 … 4294967295. */
	readonly seed: number;
	/** The dataset: 1 … 10000 images of 4 numbers in [0, 1]. */
	readonly faces: readonly Image[];
	/** The settings at epoch 0. */
	readonly initial: Settings;
	/**
	 * The run's changes, in the order they apply: those at epochs ≤ `epoch` have applied, later
	 * ones are still to come (a run started with `--schedule …,700:train=g` and saved at 300 goes
	 * on with them when loaded, as the run that never stopped does).
	 */
	readonly schedule: Schedule;
	/** The settings in force now. */
	readonly settings: Settings;
	/** Completed epochs. */
	readonly epoch: number;
	/** 13 finite numbers. */
	readonly parameters: Parameters;
	readonly rng: RngState;
	readonly last: EpochStats | undefined;
	readonly diverged: Divergence | undefined;
	/** The loss chart's history (`LossHistory.state()`). */
	readonly history: HistoryState;
};

export const checkpointFormat = 'tinygan-checkpoint';
export const checkpointVersion = 1;
export const maxFaces = 10_000;
/** Larger files are refused unread: a checkpoint of 10000 faces is about 1 MB. */
export const maxCheckpointBytes = 16 * 1024 * 1024;

/** A checkpoint that cannot be loaded or saved. The message is one line: `tinygan: cannot load <file>: <reason>`. */
export class CheckpointError extends Error {
	override readonly name = 'CheckpointError';

	constructor(
		readonly action: 'load' | 'save',
		readonly file: string,
		readonly reason: string,
	) {
		super(`tinygan: cannot ${action} ${printable(file)}: ${reason}`);
	}
}

// ---- Encoding ---------------------------------------------------------------

/** The checkpoint as the text of its file. Throws a RangeError for a checkpoint that could not be loaded back. */
export function encodeCheckpoint(checkpoint: Checkpoint): string {
	const result = encode(checkpoint);
	if ('reason' in result) {
		throw new RangeError(`cannot encode a checkpoint: ${result.reason}`);
	}

	return result.text;
}

/** The file's text, or why the checkpoint is none: encoding checks the content as decoding does. */
function encode(checkpoint: Checkpoint): {readonly text: string} | {readonly reason: string} {
	const content = contentJson(checkpoint);
	try {
		readContent(content);
	} catch (error) {
		if (error instanceof Invalid) {
			return {reason: error.reason};
		}

		throw error;
	}

	const envelope = {format: checkpointFormat, version: checkpointVersion, checksum: checksumOf(content), content};
	return {text: `${pretty(envelope, '')}\n`};
}

type Json = null | boolean | number | string | readonly Json[] | {readonly [key: string]: Json};

/** The content as JSON values, in the order a reader wants them: small things first, the long lists last. */
function contentJson(c: Checkpoint): Json {
	const {parameters, rng, history, last, diverged} = c;
	return {
		seed: c.seed,
		epoch: c.epoch,
		initial: settingsJson(c.initial),
		settings: settingsJson(c.settings),
		schedule: c.schedule.map(change => ({epoch: change.epoch, key: change.key, value: change.value})),
		last:
			last === undefined
				? null
				: {
						epoch: last.epoch,
						dLoss: anyNumberJson(last.dLoss),
						gLoss: anyNumberJson(last.gLoss),
						dReal: last.dReal,
						dFake: last.dFake,
					},
		diverged: diverged === undefined ? null : {epoch: diverged.epoch, reason: diverged.reason},
		parameters: {
			generator: {weights: [...parameters.generator.weights], biases: [...parameters.generator.biases]},
			discriminator: {weights: [...parameters.discriminator.weights], bias: parameters.discriminator.bias},
		},
		history: {
			stride: history.stride,
			pendingCount: history.pendingCount,
			pendingD: history.pendingD,
			pendingG: history.pendingG,
			d: [...history.d],
			g: [...history.g],
		},
		rng: {pos: rng.pos, hasGauss: rng.hasGauss, gauss: rng.gauss, key: [...rng.key]},
		faces: c.faces.map(face => [...face]),
	};
}

function settingsJson(settings: Settings): Json {
	return {lr: settings.lr, loss: settings.loss, train: settings.train};
}

/** A double JSON cannot write (±Infinity, NaN) as its name. */
function anyNumberJson(value: number): Json {
	return Number.isFinite(value) ? value : String(value);
}

/** A number as the checksum and the file write it: JSON's text, except −0 as `-0`. */
function numberText(value: number): string {
	return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * Compact, keys sorted: the text the checksum is taken of. Deeper than any
 * checkpoint is refused (a parsed file may nest arbitrarily deep).
 */
function canonical(value: Json, depth = 0): string {
	if (depth > 8) {
		throw new Invalid('invalid content: nested deeper than any checkpoint');
	}

	if (Array.isArray(value)) {
		return `[${(value as readonly Json[]).map(item => canonical(item, depth + 1)).join(',')}]`;
	}

	if (typeof value === 'object' && value !== null) {
		const object = value as {readonly [key: string]: Json};
		const keys = Object.keys(object).sort();
		return `{${keys.map(key => `${JSON.stringify(key)}:${canonical(object[key]!, depth + 1)}`).join(',')}}`;
	}

	return typeof value === 'number' ? numberText(value) : JSON.stringify(value);
}

function checksumOf(content: Json): string {
	return `sha256:${createHash('sha256').update(canonical(content), 'utf8').digest('hex')}`;
}

/**
 * Two-space indentation, except that a list or object of plain values goes
 * on one line: a face, the parameters, the 624 words of the RNG.
 */
function pretty(value: Json, indent: string): string {
	if (typeof value !== 'object' || value === null) {
		return typeof value === 'number' ? numberText(value) : JSON.stringify(value);
	}

	const isArray = Array.isArray(value);
	const entries: Array<[string | undefined, Json]> = isArray
		? (value as readonly Json[]).map(item => [undefined, item])
		: Object.entries(value);
	const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
	const inner = `${indent}  `;
	const entry = ([key, item]: [string | undefined, Json]): string =>
		`${key === undefined ? '' : `${JSON.stringify(key)}: `}${pretty(item, inner)}`;
	if (entries.every(([, item]) => typeof item !== 'object' || item === null)) {
		return `${open}${entries.map(entry).join(', ')}${close}`;
	}

	return `${open}\n${entries.map(item => inner + entry(item)).join(',\n')}\n${indent}${close}`;
}

// ---- Decoding ---------------------------------------------------------------

/** What is wrong with a file, as the reason of a CheckpointError. */
class Invalid extends Error {
	constructor(readonly reason: string) {
		super(reason);
	}
}

const reasons = {
	empty: 'the file is empty',
	truncated: 'the file is truncated (it ends in the middle of the checkpoint)',
	notJson: 'not a tinygan checkpoint (not JSON)',
	foreign: `not a tinygan checkpoint (JSON without "format": "${checkpointFormat}")`,
	checksum: 'damaged: the checksum does not match the content (the file was edited or corrupted)',
	newer: (version: number) =>
		`version ${version}: made by a newer tinygan (this one reads version ${checkpointVersion})`,
} as const;

/** The checkpoint in a file's text. Throws a CheckpointError naming `file` and what is wrong. */
export function decodeCheckpoint(text: string, file: string): Checkpoint {
	try {
		return decode(text);
	} catch (error) {
		if (error instanceof Invalid) {
			throw new CheckpointError('load', file, error.reason);
		}

		throw error;
	}
}

function decode(text: string): Checkpoint {
	const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
	if (body.trim() === '') {
		throw new Invalid(reasons.empty);
	}

	let json: unknown;
	try {
		json = JSON.parse(body);
	} catch {
		throw new Invalid(syntaxReason(body));
	}

	if (!isObject(json) || json['format'] !== checkpointFormat) {
		throw new Invalid(reasons.foreign);
	}

	const {version} = json;
	if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
		throw new Invalid(`damaged: version must be a whole number ≥ 1, got ${show(version)}`);
	}

	if (version > checkpointVersion) {
		throw new Invalid(reasons.newer(version));
	}

	for (const key of Object.keys(json)) {
		if (!['format', 'version', 'checksum', 'content'].includes(key)) {
			throw new Invalid(`damaged: ${pathOf('', key)} is not a field of a checkpoint`);
		}
	}

	const {checksum, content} = json;
	if (typeof checksum !== 'string' || !/^sha256:[\da-f]{64}$/.test(checksum)) {
		throw new Invalid(`damaged: checksum must be "sha256:" and 64 hex digits, got ${show(checksum)}`);
	}

	if (!isObject(content)) {
		throw new Invalid(`damaged: content must be an object, got ${show(content)}`);
	}

	if (checksumOf(content as Json) !== checksum) {
		throw new Invalid(reasons.checksum);
	}

	return readContent(content);
}

/** Why text that JSON.parse refused is no checkpoint: cut short, damaged, or something else. */
function syntaxReason(text: string): string {
	if (!looksLikeCheckpoint(text)) {
		return reasons.notJson;
	}

	const problem = jsonSyntaxProblem(text);
	if (problem === 'truncated') {
		return reasons.truncated;
	}

	const at = problem === 'valid' ? text.length : problem; // Valid JSON is not asked about
	const before = text.slice(0, at);
	const line = before.split('\n').length;
	const column = at - before.lastIndexOf('\n');
	return `damaged: not valid JSON at line ${line}, column ${column}`;
}

/** Whether text names the format, or is the start of a checkpoint cut before it could. */
function looksLikeCheckpoint(text: string): boolean {
	const start = `{"format":"${checkpointFormat}"`;
	return text.includes(`"${checkpointFormat}"`) || start.startsWith(text.slice(0, 64).replaceAll(/\s/g, ''));
}

// ---- The content, field by field ----------------------------------------------

/**
 * The content of a parsed file, checked field by field: every field present,
 * none unknown, each of its type and in its range. Throws Invalid with the
 * field's path, e.g. `invalid content: rng.key[3] must be …`.
 */
function readContent(value: unknown): Checkpoint {
	const content = object(value, '', [
		'seed',
		'epoch',
		'initial',
		'settings',
		'schedule',
		'last',
		'diverged',
		'parameters',
		'history',
		'rng',
		'faces',
	]);
	const epoch = integer(content['epoch'], 'epoch', 0, Number.MAX_SAFE_INTEGER);
	return {
		seed: integer(content['seed'], 'seed', 0, 0xff_ff_ff_ff),
		faces: readFaces(content['faces']),
		initial: readSettings(content['initial'], 'initial'),
		schedule: readSchedule(content['schedule']),
		settings: readSettings(content['settings'], 'settings'),
		epoch,
		parameters: readParameters(content['parameters']),
		rng: readRng(content['rng']),
		last: readLast(content['last'], epoch),
		diverged: readDiverged(content['diverged'], epoch),
		history: readHistory(content['history']),
	};
}

function readFaces(value: unknown): Image[] {
	const faces = array(value, 'faces', 1, maxFaces, 'images');
	return faces.map((face, i) => {
		const path = `faces[${i}]`;
		const [a, b, c, d] = array(face, path, 4, 4, 'numbers').map((x, j) => unit(x, `${path}[${j}]`));
		return [a!, b!, c!, d!] as const;
	});
}

const losses = ['nonsaturating', 'minimax'] as const;
const trainModes = ['both', 'd', 'g'] as const;

function readSettings(value: unknown, path: string): Settings {
	const settings = object(value, path, ['lr', 'loss', 'train']);
	return {
		lr: learningRate(settings['lr'], `${path}.lr`),
		loss: oneOf(settings['loss'], `${path}.loss`, losses),
		train: oneOf(settings['train'], `${path}.train`, trainModes),
	};
}

function readSchedule(value: unknown): Change[] {
	let previous = 0;
	return array(value, 'schedule', 0, Number.MAX_SAFE_INTEGER, 'changes').map((item, i): Change => {
		const path = `schedule[${i}]`;
		const change = object(item, path, ['epoch', 'key', 'value']);
		// In the order they apply; those after the checkpoint's epoch are still to come
		const at = integer(change['epoch'], `${path}.epoch`, previous, Number.MAX_SAFE_INTEGER);
		previous = at;
		const key = oneOf(change['key'], `${path}.key`, ['lr', 'loss', 'train'] as const);
		const valuePath = `${path}.value`;
		switch (key) {
			case 'lr': {
				return {epoch: at, key, value: learningRate(change['value'], valuePath)};
			}

			case 'loss': {
				return {epoch: at, key, value: oneOf(change['value'], valuePath, losses)};
			}

			case 'train': {
				return {epoch: at, key, value: oneOf(change['value'], valuePath, trainModes)};
			}
		}
	});
}

function readParameters(value: unknown): Parameters {
	const parameters = object(value, 'parameters', ['generator', 'discriminator']);
	const generator = object(parameters['generator'], 'parameters.generator', ['weights', 'biases']);
	const discriminator = object(parameters['discriminator'], 'parameters.discriminator', ['weights', 'bias']);
	const four = (list: unknown, path: string): number[] =>
		array(list, path, 4, 4, 'numbers').map((x, i) => finite(x, `${path}[${i}]`));
	return {
		generator: {
			weights: four(generator['weights'], 'parameters.generator.weights'),
			biases: four(generator['biases'], 'parameters.generator.biases'),
		},
		discriminator: {
			weights: four(discriminator['weights'], 'parameters.discriminator.weights'),
			bias: finite(discriminator['bias'], 'parameters.discriminator.bias'),
		},
	};
}

function readRng(value: unknown): RngState {
	const rng = object(value, 'rng', ['pos', 'hasGauss', 'gauss', 'key']);
	const key = array(rng['key'], 'rng.key', 624, 624, 'words').map((word, i) =>
		integer(word, `rng.key[${i}]`, 0, 0xff_ff_ff_ff),
	);
	const hasGauss = boolean(rng['hasGauss'], 'rng.hasGauss');
	const gauss = finite(rng['gauss'], 'rng.gauss');
	if (!hasGauss && gauss !== 0) {
		throw invalid('rng.gauss', '0 when rng.hasGauss is false', gauss);
	}

	return {key, pos: integer(rng['pos'], 'rng.pos', 0, 624), hasGauss, gauss};
}

function readLast(value: unknown, epoch: number): EpochStats | undefined {
	if (value === null) {
		return undefined;
	}

	if (epoch === 0) {
		throw invalid('last', 'null at epoch 0', value);
	}

	const last = object(value, 'last', ['epoch', 'dLoss', 'gLoss', 'dReal', 'dFake']);
	return {
		epoch: integer(last['epoch'], 'last.epoch', 1, epoch),
		dLoss: anyNumber(last['dLoss'], 'last.dLoss'),
		gLoss: anyNumber(last['gLoss'], 'last.gLoss'),
		dReal: unit(last['dReal'], 'last.dReal'),
		dFake: unit(last['dFake'], 'last.dFake'),
	};
}

function readDiverged(value: unknown, epoch: number): Divergence | undefined {
	if (value === null) {
		return undefined;
	}

	const diverged = object(value, 'diverged', ['epoch', 'reason']);
	// The trainer's rule: the epoch that stopped being finite is the next one, and is not counted
	const at = diverged['epoch'];
	if (at !== epoch + 1) {
		throw invalid('diverged.epoch', `${epoch + 1} (the epoch after the last trained)`, at);
	}

	const reason = diverged['reason'];
	if (typeof reason !== 'string' || reason === '' || /[\u0000-\u001F\u007F]/.test(reason)) {
		throw invalid('diverged.reason', 'one line of text', reason);
	}

	return {epoch: at, reason};
}

/** A history `LossHistory.fromState` takes, at the default capacity. */
function readHistory(value: unknown): HistoryState {
	const history = object(value, 'history', ['stride', 'pendingCount', 'pendingD', 'pendingG', 'd', 'g']);
	const stride = history['stride'];
	if (
		typeof stride !== 'number' ||
		!Number.isSafeInteger(stride) ||
		stride < 1 ||
		2 ** Math.round(Math.log2(stride)) !== stride
	) {
		throw invalid('history.stride', 'a power of two ≥ 1', stride);
	}

	const d = array(history['d'], 'history.d', 0, defaultCapacity - 1, 'points').map((x, i) =>
		finite(x, `history.d[${i}]`),
	);
	// The stride doubles only when the points fill the capacity, leaving half of it
	if (stride > 1 && d.length < defaultCapacity / 2) {
		throw new Invalid(
			`invalid content: history.d must hold at least ${defaultCapacity / 2} points at stride ${stride}, has ${d.length}`,
		);
	}

	const g = array(history['g'], 'history.g', d.length, d.length, 'points').map((x, i) => finite(x, `history.g[${i}]`));
	return {
		d,
		g,
		stride,
		pendingD: finite(history['pendingD'], 'history.pendingD'),
		pendingG: finite(history['pendingG'], 'history.pendingG'),
		pendingCount: integer(history['pendingCount'], 'history.pendingCount', 0, stride - 1),
	};
}

// ---- Readers of one value: each returns it typed or throws Invalid naming its path

function invalid(path: string, what: string, value: unknown): Invalid {
	return new Invalid(`invalid content: ${path} must be ${what}, got ${show(value)}`);
}

function object(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
	if (!isObject(value)) {
		throw invalid(path || 'the content', 'an object', value);
	}

	for (const key of keys) {
		if (!Object.hasOwn(value, key)) {
			throw new Invalid(`invalid content: ${pathOf(path, key)} is missing`);
		}
	}

	for (const key of Object.keys(value)) {
		if (!keys.includes(key)) {
			throw new Invalid(`invalid content: ${pathOf(path, key)} is not a field of a checkpoint`);
		}
	}

	return value;
}

function array(value: unknown, path: string, min: number, max: number, items: string): readonly unknown[] {
	if (!Array.isArray(value)) {
		throw invalid(path, `a list of ${items}`, value);
	}

	if (value.length < min || value.length > max) {
		const count = min === max ? `${min}` : max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min} … ${max}`;
		throw new Invalid(`invalid content: ${path} must hold ${count} ${items}, has ${value.length}`);
	}

	return value as readonly unknown[];
}

function integer(value: unknown, path: string, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw invalid(
			path,
			max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in ${min} … ${max}`,
			value,
		);
	}

	return value;
}

function finite(value: unknown, path: string): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		throw invalid(path, 'a finite number', value);
	}

	return value;
}

function unit(value: unknown, path: string): number {
	if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
		throw invalid(path, 'a number in 0 … 1', value);
	}

	return value;
}

function learningRate(value: unknown, path: string): number {
	if (typeof value !== 'number' || !(Number.isFinite(value) && value > 0)) {
		throw invalid(path, 'a finite number > 0', value);
	}

	return value;
}

/** Any double: a number, or "Infinity", "-Infinity" or "NaN". */
function anyNumber(value: unknown, path: string): number {
	if (typeof value === 'number') {
		return value;
	}

	if (value === 'Infinity' || value === '-Infinity' || value === 'NaN') {
		return Number(value);
	}

	throw invalid(path, 'a number (or "Infinity", "-Infinity", "NaN")', value);
}

function boolean(value: unknown, path: string): boolean {
	if (typeof value !== 'boolean') {
		throw invalid(path, 'true or false', value);
	}

	return value;
}

function oneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T {
	if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
		throw invalid(path, `one of ${options.map(option => `"${option}"`).join(', ')}`, value);
	}

	return value as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field's path: `rng.key`, or `rng["odd key"]` for a key from the file that is no name. */
function pathOf(parent: string, key: string): string {
	if (/^[A-Za-z_]\w*$/.test(key)) {
		return parent === '' ? key : `${parent}.${key}`;
	}

	return `${parent === '' ? '' : parent}[${JSON.stringify(key)}]`;
}

/** A value of the file in a message: short, and on one line. */
function show(value: unknown): string {
	if (value === undefined) {
		return 'nothing';
	}

	if (Array.isArray(value)) {
		return 'a list';
	}

	if (typeof value === 'object' && value !== null) {
		return 'an object';
	}

	if (typeof value === 'string') {
		return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
	}

	return typeof value === 'number' ? numberText(value) : String(value);
}

/** A file name as messages name it: as given, unless a control character would break the line. */
function printable(file: string): string {
	return /[\u0000-\u001F\u007F]/.test(file) ? JSON.stringify(file) : file;
}

// ---- Files ---------------------------------------------------------------------

/** Errno codes as a failed load says them. */
const loadWords: Readonly<Record<string, string>> = {
	ENOENT: 'no such file',
};

/** Errno codes as a failed save says them: the temporary file is made in the target's folder. */
const saveWords: Readonly<Record<string, string>> = {
	ENOENT: 'no such folder',
};

/** Reads and checks a checkpoint file. Throws a CheckpointError naming `path` and what is wrong. */
export function loadCheckpoint(path: string): Checkpoint {
	let text: string;
	try {
		const stats = statSync(path);
		if (stats.isDirectory()) {
			throw new Invalid('is a folder');
		}

		if (!stats.isFile()) {
			throw new Invalid('not a regular file');
		}

		if (stats.size > maxCheckpointBytes) {
			throw new Invalid(`too large for a checkpoint (${stats.size} bytes, at most ${maxCheckpointBytes})`);
		}

		text = readFileSync(path, 'utf8');
	} catch (error) {
		throw fileError('load', path, error, loadWords);
	}

	return decodeCheckpoint(text, path);
}

/**
 * Writes a checkpoint atomically and durably (see the top of this file).
 * Rejects with a CheckpointError naming `path` and what went wrong.
 */
export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
	const data = encodeForSave(path, checkpoint);
	const temporary = temporaryPath(path);
	let handle: FileHandle | undefined;
	let created = false;
	try {
		handle = await open(temporary, 'wx');
		created = true;
		for (let at = 0; at < data.length;) {
			const {bytesWritten} = await handle.write(data, at, data.length - at);
			at += bytesWritten;
		}

		await handle.sync();
		const file = handle;
		handle = undefined;
		await file.close();
		await rename(temporary, path);
	} catch (error) {
		await handle?.close().catch(() => undefined);
		if (created) {
			await unlink(temporary).catch(() => undefined);
		}

		throw fileError('save', path, error, saveWords);
	}

	// The rename is in the folder: sync it too, or a crash may forget it
	let folder: FileHandle | undefined;
	try {
		folder = await open(dirname(path), 'r');
		await folder.sync();
	} catch (error) {
		if (!cannotSyncFolders(error)) {
			throw fileError('save', path, error, saveWords);
		}
	} finally {
		await folder?.close().catch(() => undefined);
	}
}

/** `saveCheckpoint` without waiting on the event loop: for a process on its way out. */
export function saveCheckpointSync(path: string, checkpoint: Checkpoint): void {
	const data = encodeForSave(path, checkpoint);
	const temporary = temporaryPath(path);
	let fd: number | undefined;
	let created = false;
	try {
		fd = openSync(temporary, 'wx');
		created = true;
		for (let at = 0; at < data.length;) {
			at += writeSync(fd, data, at, data.length - at);
		}

		fsyncSync(fd);
		const file = fd;
		fd = undefined;
		closeSync(file);
		renameSync(temporary, path);
	} catch (error) {
		if (fd !== undefined) {
			ignoreErrors(() => closeSync(fd!));
		}

		if (created) {
			ignoreErrors(() => unlinkSync(temporary));
		}

		throw fileError('save', path, error, saveWords);
	}

	let folder: number | undefined;
	try {
		folder = openSync(dirname(path), 'r');
		fsyncSync(folder);
	} catch (error) {
		if (!cannotSyncFolders(error)) {
			throw fileError('save', path, error, saveWords);
		}
	} finally {
		if (folder !== undefined) {
			ignoreErrors(() => closeSync(folder!));
		}
	}
}

function encodeForSave(path: string, checkpoint: Checkpoint): Buffer {
	const result = encode(checkpoint);
	if ('reason' in result) {
		throw new CheckpointError('save', path, result.reason);
	}

	return Buffer.from(result.text, 'utf8');
}

/** A new name beside the target: hidden, unique to this process and call, kept short of NAME_MAX. */
function temporaryPath(path: string): string {
	return join(dirname(path), `.${basename(path).slice(0, 100)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Whether a folder's sync failed because the system cannot sync folders (the data is safe as far as it can be). */
function cannotSyncFolders(error: unknown): boolean {
	return ['EINVAL', 'ENOTSUP', 'EISDIR', 'EPERM'].includes(errnoCode(error) ?? '');
}

function fileError(
	action: 'load' | 'save',
	path: string,
	error: unknown,
	words: Readonly<Record<string, string>>,
): unknown {
	if (error instanceof Invalid) {
		return new CheckpointError(action, path, error.reason);
	}

	if (errnoCode(error) !== undefined) {
		return new CheckpointError(action, path, errnoText(error as NodeJS.ErrnoException, words));
	}

	return error; // A bug, not a file's trouble: as it is
}

function ignoreErrors(action: () => void): void {
	try {
		action();
	} catch {
		// Already failing: the first error is the one to report
	}
}
