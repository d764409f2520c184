/**
 * Checkpoint files (source/run/checkpoint.ts): what is saved loads back bit
 * for bit, and training on from it is the uninterrupted run; each way a file
 * can be wrong has its own one-line message; a save that fails leaves the
 * previous checkpoint as it was and no temporary file behind.
 *
 * node:fs goes through test/helpers/faulty-fs.ts, which logs a save's
 * operations and can make one of them fail (ENOSPC half-way through the
 * write, EIO at the sync, …). A full disk and a read-only folder are also
 * real, in a child process (test/helpers/checkpoint-child.ts), where the
 * system allows it.
 */
import {spawnSync} from 'node:child_process';
import {
	chmodSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	truncateSync,
	writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {slantedFaces} from '../../source/engine/data.js';
import {Rng} from '../../source/engine/rng.js';
import {Trainer, defaultConfig} from '../../source/engine/trainer.js';
import {
	type Checkpoint,
	CheckpointError,
	decodeCheckpoint,
	encodeCheckpoint,
	loadCheckpoint,
	maxCheckpointBytes,
	saveCheckpoint,
	saveCheckpointSync,
} from '../../source/run/checkpoint.js';
import {LossHistory} from '../../source/run/history.js';
import {jsonSyntaxProblem} from '../../source/run/json-syntax.js';
import {
	type Child,
	canMountTmpfs,
	childRunner,
	isRoot,
	nobody,
	sharedTemporaryFolder,
} from '../helpers/checkpoint-child.js';
import {
	bits,
	checkpointOf,
	checksumOf,
	historyOf,
	nextDouble,
	randomCheckpoint,
	snapshotOf,
	trainedCheckpoint,
} from '../helpers/checkpoints.js';
import {type Operation, failNext, faultPending, operations, resetFaults} from '../helpers/faulty-fs.js';

vi.mock('node:fs', async original => (await import('../helpers/faulty-fs.js')).faultyFs(await original()));
vi.mock('node:fs/promises', async original =>
	(await import('../helpers/faulty-fs.js')).faultyFsPromises(await original(), await vi.importActual('node:fs')),
);

const file = 'runs/a.json';
const cannotLoad = (reason: string): string => `tinygan: cannot load ${file}: ${reason}`;

/** The error `action` throws, if any (the function's own, not an assertion's). */
function errorOf(action: () => unknown): unknown {
	try {
		action();
	} catch (error) {
		return error;
	}

	return undefined;
}

/** The message decoding `text` fails with, checked to be a CheckpointError's. */
function loadError(text: string): string {
	const error = errorOf(() => decodeCheckpoint(text, file));
	expect(error).toBeInstanceOf(CheckpointError);
	return (error as CheckpointError).message;
}

// A run's checkpoint with a bit of everything: changes, a history mid-point
const base: Checkpoint = {
	...trainedCheckpoint(300),
	schedule: [
		{epoch: 100, key: 'lr', value: 0.02},
		{epoch: 200, key: 'loss', value: 'minimax'},
		{epoch: 250, key: 'train', value: 'g'},
	],
	settings: {lr: 0.02, loss: 'minimax', train: 'g'},
	history: historyOf(2051),
};
const baseText = encodeCheckpoint(base);

type Envelope = {format: unknown; version: unknown; checksum: unknown; content: any};

/** The base file, parsed, changed by `edit`, written again (with a checksum of the new content if `sign`). */
function edited(edit: (envelope: Envelope) => void, sign: boolean): string {
	const envelope = JSON.parse(baseText) as Envelope;
	edit(envelope);
	if (sign) {
		envelope.checksum = checksumOf(envelope.content);
	}

	return JSON.stringify(envelope, undefined, 2);
}

describe('a checkpoint comes back as it went', () => {
	it.each(Array.from({length: 60}, (_, seed) => seed))('random content %i: bit for bit', seed => {
		const checkpoint = randomCheckpoint(seed);
		const decoded = decodeCheckpoint(encodeCheckpoint(checkpoint), file);
		expect(bits(decoded)).toEqual(bits(checkpoint));
		expect(decoded).toStrictEqual(checkpoint);
		expect(encodeCheckpoint(decoded)).toBe(encodeCheckpoint(checkpoint));
		expect(bits(LossHistory.fromState(decoded.history).state())).toEqual(bits(checkpoint.history));
	});

	it('the random contents hold the awkward values', () => {
		const texts = Array.from({length: 60}, (_, seed) => encodeCheckpoint(randomCheckpoint(seed))).join('');
		for (const needle of ['-0,', '5e-324', '1.7976931348623157e+308', '1e+21', '"Infinity"', '"-Infinity"', '"NaN"']) {
			expect(texts).toContain(needle);
		}
	});

	it('−0 is written -0 and read as −0', () => {
		const generator = {weights: [-0, 0, 1, -1], biases: [0, -0, -0, 0]};
		const text = encodeCheckpoint({...base, parameters: {...base.parameters, generator}});
		expect(text).toContain('"weights": [-0, 0, 1, -1]');
		expect(bits(decodeCheckpoint(text, file).parameters.generator)).toEqual(bits(generator));
		expect(Object.is(decodeCheckpoint(text, file).parameters.generator.biases[1], -0)).toBe(true);
	});

	it('changes after the epoch, still to come, come back with those that applied, in order', () => {
		const schedule = [
			...base.schedule,
			{epoch: 300, key: 'lr', value: 0.5} as const,
			{epoch: 700, key: 'train', value: 'd'} as const,
		];
		expect(decodeCheckpoint(encodeCheckpoint({...base, schedule}), file).schedule).toStrictEqual(schedule);
	});

	it('the last losses may be infinite or NaN: written as their names', () => {
		const last = {epoch: 300, dLoss: Infinity, gLoss: -Infinity, dReal: 0, dFake: 1};
		const text = encodeCheckpoint({...base, last});
		expect(text).toContain('"last": {"epoch": 300, "dLoss": "Infinity", "gLoss": "-Infinity", "dReal": 0, "dFake": 1}');
		expect(decodeCheckpoint(text, file).last).toStrictEqual(last);
		const nan = decodeCheckpoint(encodeCheckpoint({...base, last: {...last, dLoss: Number.NaN}}), file);
		expect(nan.last?.dLoss).toBeNaN();
	});

	it('training on from a loaded checkpoint is the uninterrupted run, bit for bit', () => {
		const whole = new Trainer({seed: 42, ...defaultConfig});
		whole.run(1000);
		const first = new Trainer({seed: 42, ...defaultConfig});
		first.run(377);
		const history = {d: [], g: [], stride: 1, pendingD: 0, pendingG: 0, pendingCount: 0};
		const text = encodeCheckpoint(checkpointOf(first.snapshot(), history));
		const resumed = Trainer.fromSnapshot(snapshotOf(decodeCheckpoint(text, file)));
		resumed.run(623);
		expect(bits(resumed.snapshot())).toEqual(bits(whole.snapshot()));
		expect(bits(resumed.drawSamples(3))).toEqual(bits(whole.drawSamples(3)));
	});

	it('a diverged run: its last finite parameters and why it stopped', () => {
		const trainer = new Trainer({seed: 1, lr: 1e300, faces: slantedFaces});
		trainer.run(10);
		expect(trainer.diverged).toBeDefined();
		const checkpoint = checkpointOf(trainer.snapshot(), base.history);
		const decoded = decodeCheckpoint(encodeCheckpoint(checkpoint), file);
		expect(bits(decoded)).toEqual(bits(checkpoint));
		expect(Trainer.fromSnapshot(snapshotOf(decoded)).step()).toBeUndefined();
	});

	it('the file: the envelope, two-space indents, a list of plain values on one line', () => {
		const lines = baseText.split('\n');
		expect(lines.slice(0, 4)).toEqual([
			'{',
			'  "format": "tinygan-checkpoint",',
			'  "version": 1,',
			`  "checksum": "${checksumOf(JSON.parse(baseText).content)}",`,
		]);
		expect(baseText.endsWith('}\n')).toBe(true);
		expect(lines).toContain(`      "key": [${base.rng.key.join(', ')}]`);
		expect(lines).toContain('      [0.9, 0.1, 0.2, 0.8],');
		expect(lines).toContain('      {"epoch": 100, "key": "lr", "value": 0.02},');
		expect(lines).toContain('    "settings": {"lr": 0.02, "loss": "minimax", "train": "g"},');
		expect(lines.length).toBeLessThan(60);
	});

	it('layout and key order are free: a file reformatted by a tool still loads', () => {
		const compact = JSON.stringify(JSON.parse(baseText));
		const reversed = edited(envelope => {
			envelope.content = Object.fromEntries(Object.entries(envelope.content as object).reverse());
		}, false);
		expect(decodeCheckpoint(compact, file)).toStrictEqual(base);
		expect(decodeCheckpoint(reversed, file)).toStrictEqual(base);
		expect(decodeCheckpoint(`\uFEFF${baseText}`, file)).toStrictEqual(base);
	});

	it('a checkpoint that could not be loaded is not encoded', () => {
		const broken = {
			...base,
			parameters: {...base.parameters, discriminator: {...base.parameters.discriminator, bias: Number.NaN}},
		};
		expect(() => encodeCheckpoint(broken)).toThrow(
			new RangeError(
				'cannot encode a checkpoint: invalid content: parameters.discriminator.bias must be a finite number, got NaN',
			),
		);
		expect(() => encodeCheckpoint({...base, epoch: -1})).toThrow(/epoch must be an integer ≥ 0, got -1$/);
	});
});

describe('a file that is no checkpoint, or a damaged one: one line, naming the file', () => {
	it.each(['', '\n', '  \t\r\n', '\uFEFF'])('empty: %j', text => {
		expect(loadError(text)).toBe(cannotLoad('the file is empty'));
	});

	it('truncated: cut at any point', () => {
		const small = encodeCheckpoint({...base, history: historyOf(1)});
		let cuts = 0;
		for (let cut = 1; cut < small.length; cut++) {
			const text = small.slice(0, cut);
			if (small.slice(cut).trim() === '') {
				continue; // Only the final newline is missing: the whole checkpoint is there
			}

			expect(loadError(text), `cut at ${cut}: …${JSON.stringify(text.slice(-20))}`).toBe(
				cannotLoad('the file is truncated (it ends in the middle of the checkpoint)'),
			);
			cuts++;
		}

		expect(cuts).toBe(small.trimEnd().length - 1);
	});

	it.each([
		'hello',
		'tinygan',
		'\u0089PNG\r\n\u001A\n\u0000\u0000',
		'<?xml version="1.0"?><checkpoint/>',
		'format: tinygan-checkpoint\nversion: 1\n', // YAML
		"{'format': 'tinygan-checkpoint'}",
		'{"format": "other", "version": 1,}',
		'[1, 2',
		'NaN',
	])('not JSON: %j', text => {
		expect(loadError(text)).toBe(cannotLoad('not a tinygan checkpoint (not JSON)'));
	});

	it.each([
		'[]',
		'[1, 2, 3]',
		'{}',
		'null',
		'42',
		'"tinygan-checkpoint"',
		'{"format": "tinygan", "version": 1}',
		'{"format": "TINYGAN-CHECKPOINT", "version": 1}',
		'[{"format": "tinygan-checkpoint", "version": 1}]',
		'{"type":"start","version":"0.1.0","seed":42}',
		readFileSync('package.json', 'utf8'),
	])('JSON of something else: %j', text => {
		expect(loadError(text)).toBe(cannotLoad('not a tinygan checkpoint (JSON without "format": "tinygan-checkpoint")'));
	});

	it.each([
		['a number', '"seed": 42', '"seed": '.length],
		['a comma in the RNG words', `${base.rng.key[0]}, `, `${base.rng.key[0]}`.length],
		['a colon', '"epoch": 300', '"epoch"'.length],
		['the last brace', '}\n', 0],
	])('damaged mid-file (%s): where the JSON goes wrong', (_what, near, offset) => {
		const at = (near === '}\n' ? baseText.lastIndexOf(near) : baseText.indexOf(near)) + offset;
		const text = `${baseText.slice(0, at)}#${baseText.slice(at + 1)}`;
		const line = baseText.slice(0, at).split('\n').length;
		const column = at - baseText.lastIndexOf('\n', at - 1);
		expect(loadError(text)).toBe(cannotLoad(`damaged: not valid JSON at line ${line}, column ${column}`));
	});

	it.each([2, 3, 99])('version %i: made by a newer tinygan', version => {
		const text = edited(envelope => {
			envelope.version = version;
			envelope.content = {whatever: 'a newer tinygan writes'};
		}, false);
		expect(loadError(text)).toBe(cannotLoad(`version ${version}: made by a newer tinygan (this one reads version 1)`));
	});

	it.each([
		['"1"', '1'],
		['0', 0],
		['1.5', 1.5],
		['-1', -1],
		['null', null],
		['nothing', undefined],
	])('a version that is no version: %s', (shown, version) => {
		const text = edited(envelope => {
			envelope.version = version;
		}, false);
		expect(loadError(text)).toBe(cannotLoad(`damaged: version must be a whole number ≥ 1, got ${shown}`));
	});

	it('a field of no checkpoint beside the content', () => {
		const text = edited(envelope => {
			Object.assign(envelope, {note: 'mine'});
		}, false);
		expect(loadError(text)).toBe(cannotLoad('damaged: note is not a field of a checkpoint'));
	});

	it.each([
		['nothing', undefined],
		['"md5:0123"', 'md5:0123'],
		['"SHA256:…', 'SHA256:' + 'a'.repeat(64)],
		['63 digits', `sha256:${'a'.repeat(63)}`],
		['upper case', `sha256:${'A'.repeat(64)}`],
		['a number', 42],
	])('a checksum that is no checksum: %s', (_what, checksum) => {
		const text = edited(envelope => {
			envelope.checksum = checksum;
		}, false);
		expect(loadError(text)).toMatch(
			/^tinygan: cannot load runs\/a\.json: damaged: checksum must be "sha256:" and 64 hex digits, got [^\n]+$/,
		);
	});

	it.each([
		['a list', []],
		['null', null],
		['"x"', 'x'],
		['nothing', undefined],
	])('content that is no object: %s', (shown, content) => {
		const text = edited(envelope => {
			envelope.content = content;
		}, false);
		expect(loadError(text)).toBe(cannotLoad(`damaged: content must be an object, got ${shown}`));
	});
});

describe('a value changed: the checksum tells', () => {
	const mismatch = cannotLoad('damaged: the checksum does not match the content (the file was edited or corrupted)');

	// Each edit leaves a valid checkpoint: only the checksum can tell
	it.each<[string, (content: any) => void]>([
		['seed', c => (c.seed = 43)],
		['epoch', c => (c.epoch = 301)],
		['a face', c => (c.faces[0][1] = 0.5)],
		['initial lr', c => (c.initial.lr = 0.02)],
		['settings', c => (c.settings.train = 'both')],
		['a change', c => (c.schedule[0].value = 0.03)],
		['a change removed', c => c.schedule.pop()],
		[
			'a parameter, by one ulp',
			c => (c.parameters.generator.weights[2] = nextDouble(c.parameters.generator.weights[2])),
		],
		['the bias', c => (c.parameters.discriminator.bias = 0)],
		['an RNG word, by one bit', c => (c.rng.key[100] = (c.rng.key[100] ^ 1) >>> 0)],
		['the RNG position', c => (c.rng.pos += 1)],
		['the cached normal, by one ulp', c => (c.rng.gauss = nextDouble(c.rng.gauss))],
		['the cached normal dropped', c => Object.assign(c.rng, {hasGauss: false, gauss: 0})],
		['the last losses', c => (c.last.dLoss = nextDouble(c.last.dLoss))],
		['no last', c => (c.last = null)],
		['diverged', c => (c.diverged = {epoch: 301, reason: 'a parameter stopped being finite'})],
		['a history point', c => (c.history.d[0] = nextDouble(c.history.d[0]))],
		['the history stride', c => (c.history.stride = 8)],
	])('%s', (_what, edit) => {
		const text = edited(envelope => edit(envelope.content), false);
		expect(text).not.toBe(edited(() => undefined, false));
		expect(loadError(text)).toBe(mismatch);
		expect(
			decodeCheckpoint(
				edited(envelope => edit(envelope.content), true),
				file,
			),
		).toBeDefined();
	});

	it('0 made −0', () => {
		const text = baseText.replace('[1, 0, 0, 1]', '[1, -0, 0, 1]');
		expect(text).not.toBe(baseText);
		expect(loadError(text)).toBe(mismatch);
	});

	it('a digit of the checksum', () => {
		const text = baseText.replace(/"sha256:(.)/, (_match, digit: string) => `"sha256:${digit === '0' ? '1' : '0'}`);
		expect(loadError(text)).toBe(mismatch);
	});

	it('any digit of the content, one at a time', () => {
		const start = baseText.indexOf('"content"');
		const digits = [...baseText.matchAll(/\d/g)].map(match => match.index).filter(at => at > start);
		const outcomes = {mismatch: 0, damaged: 0, same: 0};
		for (const at of digits.filter((_at, i) => i % 5 === 0)) {
			const digit = Number(baseText[at]);
			const text = `${baseText.slice(0, at)}${(digit + 1) % 10}${baseText.slice(at + 1)}`;
			const error = errorOf(() => decodeCheckpoint(text, file));
			if (error instanceof CheckpointError && error.message === mismatch) {
				outcomes.mismatch++;
			} else if (error instanceof CheckpointError) {
				// A leading 9 made 0 is no JSON number ("0123"): the JSON is damaged there
				expect(error.message).toMatch(
					/^tinygan: cannot load runs\/a\.json: damaged: not valid JSON at line \d+, column \d+$/,
				);
				outcomes.damaged++;
			} else {
				// The 17th digit of a double may change no bit: then nothing changed
				expect(bits(decodeCheckpoint(text, file))).toEqual(bits(base));
				const number = /[\d.]+$/.exec(baseText.slice(0, at + 1))![0];
				expect(baseText[at + 1]).toMatch(/\D/);
				expect(number.replace('.', '').replace(/^0+/, '').length).toBeGreaterThanOrEqual(16);
				outcomes.same++;
			}
		}

		expect(outcomes.mismatch).toBeGreaterThan(0.9 * (outcomes.mismatch + outcomes.damaged + outcomes.same));
		expect(outcomes.damaged).toBeGreaterThan(0);
	});
});

describe('content of the wrong shape, even with a right checksum', () => {
	const tooDeep: unknown[] = [];
	let deep: unknown[] = tooDeep;
	for (let i = 0; i < 20; i++) {
		const inner: unknown[] = [];
		deep.push(inner);
		deep = inner;
	}

	it.each<[string, (content: any) => void]>([
		['seed must be an integer in 0 … 4294967295, got -1', c => (c.seed = -1)],
		['seed must be an integer in 0 … 4294967295, got 4294967296', c => (c.seed = 2 ** 32)],
		['seed must be an integer in 0 … 4294967295, got 1.5', c => (c.seed = 1.5)],
		['seed must be an integer in 0 … 4294967295, got "42"', c => (c.seed = '42')],
		['seed is missing', c => delete c.seed],
		['extra is not a field of a checkpoint', c => (c.extra = 1)],
		['["odd key"] is not a field of a checkpoint', c => (c['odd key'] = 1)],
		['epoch must be an integer ≥ 0, got -1', c => (c.epoch = -1)],
		['epoch must be an integer ≥ 0, got 2.5', c => (c.epoch = 2.5)],
		['epoch must be an integer ≥ 0, got "300"', c => (c.epoch = '300')],
		['faces must hold 1 … 10000 images, has 0', c => (c.faces = [])],
		['faces must hold 1 … 10000 images, has 10001', c => (c.faces = Array.from({length: 10_001}, () => [1, 0, 0, 1]))],
		['faces must be a list of images, got an object', c => (c.faces = {})],
		['faces[2] must hold 4 numbers, has 3', c => c.faces[2].pop()],
		['faces[1][3] must be a number in 0 … 1, got 1.5', c => (c.faces[1][3] = 1.5)],
		['faces[0][0] must be a number in 0 … 1, got -0.25', c => (c.faces[0][0] = -0.25)],
		['faces[0][0] must be a number in 0 … 1, got "1"', c => (c.faces[0][0] = '1')],
		['initial.lr must be a finite number > 0, got 0', c => (c.initial.lr = 0)],
		['settings.lr must be a finite number > 0, got -0.01', c => (c.settings.lr = -0.01)],
		['settings.lr must be a finite number > 0, got "Infinity"', c => (c.settings.lr = 'Infinity')],
		['initial.loss must be one of "nonsaturating", "minimax", got "hinge"', c => (c.initial.loss = 'hinge')],
		['settings.train must be one of "both", "d", "g", got "both "', c => (c.settings.train = 'both ')],
		['settings.train is missing', c => delete c.settings.train],
		['settings must be an object, got null', c => (c.settings = null)],
		['schedule must be a list of changes, got an object', c => (c.schedule = {})],
		['schedule[0].key must be one of "lr", "loss", "train", got "momentum"', c => (c.schedule[0].key = 'momentum')],
		['schedule[0].value must be a finite number > 0, got 0', c => (c.schedule[0].value = 0)],
		['schedule[1].value must be one of "nonsaturating", "minimax", got "lr"', c => (c.schedule[1].value = 'lr')],
		['schedule[2].value must be one of "both", "d", "g", got 0.5', c => (c.schedule[2].value = 0.5)],
		['schedule[1].epoch must be an integer ≥ 220, got 200', c => (c.schedule[0].epoch = 220)],
		['schedule[2].epoch must be an integer ≥ 200, got 199', c => (c.schedule[2].epoch = 199)],
		['schedule[0].epoch must be an integer ≥ 0, got -1', c => (c.schedule[0].epoch = -1)],
		['schedule[0].when is not a field of a checkpoint', c => (c.schedule[0].when = 'now')],
		['parameters.generator.weights must hold 4 numbers, has 3', c => c.parameters.generator.weights.pop()],
		[
			'parameters.generator.biases[3] must be a finite number, got null',
			c => (c.parameters.generator.biases[3] = null),
		],
		[
			'parameters.discriminator.bias must be a finite number, got "NaN"',
			c => (c.parameters.discriminator.bias = 'NaN'),
		],
		['parameters.discriminator.bias is missing', c => delete c.parameters.discriminator.bias],
		['parameters.generator must be an object, got a list', c => (c.parameters.generator = [])],
		['rng.key must hold 624 words, has 623', c => c.rng.key.pop()],
		['rng.key must hold 624 words, has 625', c => c.rng.key.push(1)],
		['rng.key[5] must be an integer in 0 … 4294967295, got -1', c => (c.rng.key[5] = -1)],
		['rng.key[623] must be an integer in 0 … 4294967295, got 4294967296', c => (c.rng.key[623] = 2 ** 32)],
		['rng.key[100] must be an integer in 0 … 4294967295, got 1.5', c => (c.rng.key[100] = 1.5)],
		['rng.pos must be an integer in 0 … 624, got 625', c => (c.rng.pos = 625)],
		['rng.pos must be an integer in 0 … 624, got -1', c => (c.rng.pos = -1)],
		['rng.hasGauss must be true or false, got "true"', c => (c.rng.hasGauss = 'true')],
		['rng.gauss must be a finite number, got "NaN"', c => (c.rng.gauss = 'NaN')],
		[
			'rng.gauss must be 0 when rng.hasGauss is false, got 0.5',
			c => Object.assign(c.rng, {hasGauss: false, gauss: 0.5}),
		],
		['rng must be an object, got a list', c => (c.rng = [])],
		['last.epoch must be an integer in 1 … 300, got 301', c => (c.last.epoch = 301)],
		['last.epoch must be an integer in 1 … 300, got 0', c => (c.last.epoch = 0)],
		['last.dReal must be a number in 0 … 1, got 2', c => (c.last.dReal = 2)],
		['last.dFake must be a number in 0 … 1, got "NaN"', c => (c.last.dFake = 'NaN')],
		['last.dLoss must be a number (or "Infinity", "-Infinity", "NaN"), got "Inf"', c => (c.last.dLoss = 'Inf')],
		['last.gLoss is missing', c => delete c.last.gLoss],
		[
			'last must be null at epoch 0, got an object',
			c => Object.assign(c, {epoch: 0, schedule: [], last: {epoch: 1, dLoss: 1, gLoss: 1, dReal: 0, dFake: 0}}),
		],
		[
			'diverged.epoch must be 301 (the epoch after the last trained), got 302',
			c => (c.diverged = {epoch: 302, reason: 'x'}),
		],
		[
			'diverged.reason must be one line of text, got "two\\nlines"',
			c => (c.diverged = {epoch: 301, reason: 'two\nlines'}),
		],
		['diverged.reason must be one line of text, got ""', c => (c.diverged = {epoch: 301, reason: ''})],
		['diverged.reason is missing', c => (c.diverged = {epoch: 301})],
		['history.g must hold 512 points, has 511', c => c.history.g.pop()],
		['history.d must hold 0 … 1023 points, has 1024', c => (c.history.d = Array.from({length: 1024}, () => 1))],
		['history.d must hold at least 512 points at stride 4, has 511', c => c.history.d.pop()],
		['history.d[1] must be a finite number, got "x"', c => (c.history.d[1] = 'x')],
		['history.stride must be a power of two ≥ 1, got 3', c => (c.history.stride = 3)],
		['history.stride must be a power of two ≥ 1, got 0', c => (c.history.stride = 0)],
		['history.stride must be a power of two ≥ 1, got 0.5', c => (c.history.stride = 0.5)],
		['history.pendingCount must be an integer in 0 … 3, got 4', c => (c.history.pendingCount = 4)],
		['history.pendingCount must be an integer in 0 … 3, got -1', c => (c.history.pendingCount = -1)],
		['history.pendingD must be a finite number, got null', c => (c.history.pendingD = null)],
		['history is missing', c => delete c.history],
		['nested deeper than any checkpoint', c => (c.faces = tooDeep)],
	])('%s', (reason, edit) => {
		const text = edited(envelope => edit(envelope.content), true);
		expect(loadError(text)).toBe(cannotLoad(`invalid content: ${reason}`));
	});
});

describe('telling a file cut short from a damaged one (json-syntax.ts)', () => {
	const samples = [
		'{"a": [1, -2.5e+3, 0.5E-7, true, false, null, "x\\u00e9\\n\\"y"], "b": {}, "c": [[], [{}]]}',
		'[0, -0, 1e5, "", " \\\\ "]',
		'"text"',
		'12',
		' null ',
	];

	it('agrees with JSON.parse on what is JSON, through random edits', () => {
		const rng = Rng.seeded(7);
		const pieces = [...'{}[],:"\\0123456789-+.eEtrufalsn x\n'];
		let checked = 0;
		for (let i = 0; i < 20_000; i++) {
			let text = samples[i % samples.length]!;
			for (let edits = 1 + Math.floor(rng.uniform() * 3); edits > 0; edits--) {
				const at = Math.floor(rng.uniform() * (text.length + 1));
				const piece = pieces[Math.floor(rng.uniform() * pieces.length)]!;
				const how = rng.uniform();
				text = text.slice(0, at) + (how < 0.67 ? piece : '') + text.slice(how < 0.33 || how >= 0.67 ? at : at + 1);
			}

			let parses = true;
			try {
				JSON.parse(text);
			} catch {
				parses = false;
			}

			const problem = jsonSyntaxProblem(text);
			expect(problem === 'valid', text).toBe(parses);
			if (typeof problem === 'number') {
				// Fine up to there, wrong with that character
				expect(['valid', 'truncated'], text).toContain(jsonSyntaxProblem(text.slice(0, problem)));
				expect(jsonSyntaxProblem(text.slice(0, problem + 1)), text).toBe(problem);
				checked++;
			}
		}

		expect(checked).toBeGreaterThan(5000);
	});

	it('every proper start of a JSON text that is not itself JSON is truncated', () => {
		for (const sample of samples) {
			for (let cut = 0; cut < sample.length; cut++) {
				const text = sample.slice(0, cut);
				const valid = (() => {
					try {
						JSON.parse(text);
						return true;
					} catch {
						return false;
					}
				})();
				expect(jsonSyntaxProblem(text), JSON.stringify(text)).toBe(valid ? 'valid' : 'truncated');
			}
		}
	});
});

// ---- Files ----------------------------------------------------------------------

let folder: string;

beforeEach(() => {
	folder = mkdtempSync(join(tmpdir(), 'tinygan-checkpoint-'));
	resetFaults();
});

afterEach(() => {
	chmodSync(folder, 0o755);
	rmSync(folder, {recursive: true, force: true});
	resetFaults();
});

/** A checkpoint other than `base` (a different epoch). */
const other = trainedCheckpoint(20, 7);

describe('loading a file', () => {
	it('loads what was saved', () => {
		const path = join(folder, 'a.json');
		writeFileSync(path, baseText);
		expect(loadCheckpoint(path)).toStrictEqual(base);
	});

	it('names the file in what decoding finds wrong', () => {
		const path = join(folder, 'a.json');
		writeFileSync(path, baseText.slice(0, 1000));
		expect(() => loadCheckpoint(path)).toThrow(
			`tinygan: cannot load ${path}: the file is truncated (it ends in the middle of the checkpoint)`,
		);
	});

	it.each<[string, string, (path: string) => void, string]>([
		['missing', 'a.json', () => undefined, 'no such file'],
		['a folder', 'a.json', path => mkdirSync(path), 'is a folder'],
		['below a file', 'f/a.json', () => writeFileSync(join(folder, 'f'), ''), 'a part of the path is not a folder'],
		[
			'too large',
			'a.json',
			path => {
				writeFileSync(path, '');
				truncateSync(path, maxCheckpointBytes + 1);
			},
			'too large for a checkpoint (16777217 bytes, at most 16777216)',
		],
		['a FIFO', 'a.json', path => spawnSync('mkfifo', [path]), 'not a regular file'],
	])('%s', (_what, name, make, reason) => {
		const path = join(folder, name);
		make(path);
		const error = errorOf(() => loadCheckpoint(path));
		expect(error).toBeInstanceOf(CheckpointError);
		expect((error as Error).message).toBe(`tinygan: cannot load ${path}: ${reason}`);
	});
});

type Save = (path: string, checkpoint: Checkpoint) => Promise<void>;

const savers: Array<[string, Save]> = [
	['saveCheckpoint', saveCheckpoint],
	['saveCheckpointSync', async (path, checkpoint) => saveCheckpointSync(path, checkpoint)],
];

describe.each(savers)('%s', (_name, save) => {
	it('writes the encoded checkpoint, replacing the previous one, and leaves nothing else', async () => {
		const path = join(folder, 'a.json');
		await save(path, other);
		expect(readFileSync(path, 'utf8')).toBe(encodeCheckpoint(other));
		await save(path, base);
		expect(readFileSync(path, 'utf8')).toBe(baseText);
		expect(readdirSync(folder)).toEqual(['a.json']);
		expect(loadCheckpoint(path)).toStrictEqual(base);
	});

	it('syncs the file before renaming it over the target, then syncs the folder', async () => {
		await save(join(folder, 'a.json'), base);
		expect(operations()).toEqual(['open', 'write', 'fsync', 'close', 'rename', 'open folder', 'fsync folder']);
	});

	it('in the current folder too', async () => {
		const cwd = process.cwd();
		process.chdir(folder);
		try {
			await save('a.json', base);
		} finally {
			process.chdir(cwd);
		}

		expect(readFileSync(join(folder, 'a.json'), 'utf8')).toBe(baseText);
		expect(readdirSync(folder)).toEqual(['a.json']);
	});

	it('a checkpoint that could not be loaded back is not written', async () => {
		const path = join(folder, 'a.json');
		await expect(save(path, {...base, epoch: -1})).rejects.toThrow(
			new CheckpointError('save', path, 'invalid content: epoch must be an integer ≥ 0, got -1'),
		);
		expect(readdirSync(folder)).toEqual([]);
		expect(operations()).toEqual([]);
	});

	const failures: Array<[Operation, string, string]> = [
		['write', 'ENOSPC', 'no space left on device'],
		['write', 'EDQUOT', 'disk quota exceeded'],
		['write', 'EFBIG', 'file too large'],
		['fsync', 'EIO', 'input/output error'],
		['fsync', 'ENOSPC', 'no space left on device'],
		['close', 'EIO', 'input/output error'],
		['rename', 'EBUSY', 'device or resource busy'],
		['rename', 'EACCES', 'permission denied'],
		['open', 'EMFILE', 'too many open files'],
		['open', 'EROFS', 'read-only file system'],
		['open', 'EWEIRD', 'EWEIRD'],
	];

	it.each(failures)(
		'%s fails with %s: the previous checkpoint stays, no temporary file',
		async (operation, code, words) => {
			const path = join(folder, 'a.json');
			await save(path, other);
			const previous = readFileSync(path);
			failNext(operation, code);
			const error = await save(path, base).catch((error: unknown) => error);
			expect(faultPending()).toBe(false);
			expect(error).toBeInstanceOf(CheckpointError);
			expect((error as Error).message).toBe(`tinygan: cannot save ${path}: ${words}`);
			expect(readFileSync(path).equals(previous)).toBe(true);
			expect(readdirSync(folder)).toEqual(['a.json']);
		},
	);

	it('a write that fails half-way has written part of the temporary file first', async () => {
		failNext('write', 'ENOSPC');
		await expect(save(join(folder, 'a.json'), base)).rejects.toThrow('no space left on device');
		expect(operations().filter(operation => operation === 'write')).toEqual(['write']); // After the half
		expect(operations()).not.toContain('rename');
	});

	it('the folder fails to sync: said, with the new checkpoint in place', async () => {
		const path = join(folder, 'a.json');
		await save(path, other);
		failNext('fsync folder', 'EIO');
		await expect(save(path, base)).rejects.toThrow(`tinygan: cannot save ${path}: input/output error`);
		expect(readFileSync(path, 'utf8')).toBe(baseText);
		expect(readdirSync(folder)).toEqual(['a.json']);
	});

	it.each<[Operation, string]>([
		['fsync folder', 'EINVAL'],
		['fsync folder', 'ENOTSUP'],
		['open folder', 'EISDIR'],
	])('a file system that cannot sync folders (%s: %s) is no failure', async (operation, code) => {
		const path = join(folder, 'a.json');
		failNext(operation, code);
		await save(path, base);
		expect(faultPending()).toBe(false);
		expect(readFileSync(path, 'utf8')).toBe(baseText);
	});

	it.each<[string, string, (path: string) => void, string]>([
		['no folder', 'no/such/a.json', () => undefined, 'no such folder'],
		['below a file', 'f/a.json', () => writeFileSync(join(folder, 'f'), ''), 'a part of the path is not a folder'],
		['a folder', 'a.json', path => mkdirSync(join(path, 'inside'), {recursive: true}), 'is a folder'],
	])('onto %s', async (_what, name, make, words) => {
		const path = join(folder, name);
		make(path);
		const before = readdirSync(folder, {recursive: true});
		await expect(save(path, base)).rejects.toThrow(new CheckpointError('save', path, words));
		expect(readdirSync(folder, {recursive: true})).toEqual(before);
	});

	it.skipIf(isRoot())('into a read-only folder', async () => {
		const path = join(folder, 'a.json');
		await save(path, other);
		chmodSync(folder, 0o555);
		await expect(save(path, base)).rejects.toThrow(`tinygan: cannot save ${path}: permission denied`);
		expect(readFileSync(path, 'utf8')).toBe(encodeCheckpoint(other));
		expect(readdirSync(folder)).toEqual(['a.json']);
	});

	it('saves at the same time: one of them whole, nothing else', async () => {
		const path = join(folder, 'a.json');
		const checkpoints = Array.from({length: 8}, (_, i) => trainedCheckpoint(i + 1, i));
		await Promise.all(checkpoints.map(async checkpoint => save(path, checkpoint)));
		expect(checkpoints.map(checkpoint => encodeCheckpoint(checkpoint))).toContain(readFileSync(path, 'utf8'));
		expect(readdirSync(folder)).toEqual(['a.json']);
	});
});

it('saveCheckpointSync throws at once', () => {
	const path = join(folder, 'none', 'a.json');
	expect(() => saveCheckpointSync(path, base)).toThrow(`tinygan: cannot save ${path}: no such folder`);
});

// ---- For real: a full disk and a read-only folder, in a child process -------------------------

describe('for real, in a child process', () => {
	let child: Child;
	let shared: {readonly path: string; dispose(): void};

	beforeAll(async () => {
		child = await childRunner();
	});

	afterAll(() => {
		child.dispose();
	});

	beforeEach(() => {
		shared = sharedTemporaryFolder('tinygan-checkpoint-shared-');
	});

	afterEach(() => {
		chmodSync(shared.path, 0o755);
		shared.dispose();
	});

	// Ten thousand faces: about 700 KB, on a tmpfs of 128 KB
	const large: Checkpoint = {
		...base,
		faces: Array.from({length: 10_000}, (_, i) => [(i % 97) / 97, 0.123_456_789_012_345_67, 1 / 3, 0.5] as const),
	};

	it.skipIf(!canMountTmpfs())('a full disk: the previous checkpoint stays, no temporary file', () => {
		const at = join(shared.path, 'disk');
		mkdirSync(at);
		const path = join(at, 'a.json');
		const results = child.run(
			[
				{op: 'save', path, text: baseText},
				{op: 'save', path, text: encodeCheckpoint(large)},
				{op: 'saveSync', path, text: encodeCheckpoint(large)},
				{op: 'list', path: at},
				{op: 'read', path},
				{op: 'load', path},
			],
			{onTmpfs: {at, kilobytes: 128}},
		);
		const noSpace = {error: `CheckpointError: tinygan: cannot save ${path}: no space left on device`};
		expect(results).toEqual([{ok: true}, noSpace, noSpace, {files: ['a.json']}, {text: baseText}, {ok: true}]);
		expect(encodeCheckpoint(large).length).toBeGreaterThan(128 * 1024);
	});

	it.runIf(isRoot())('a read-only folder, as a user whom permissions stop', () => {
		const path = join(shared.path, 'a.json');
		writeFileSync(path, baseText, {mode: 0o644});
		chmodSync(shared.path, 0o555);
		const results = child.run(
			[
				{op: 'save', path, text: encodeCheckpoint(other)},
				{op: 'saveSync', path, text: encodeCheckpoint(other)},
				{op: 'list', path: shared.path},
				{op: 'read', path},
			],
			{as: nobody},
		);
		const denied = {error: `CheckpointError: tinygan: cannot save ${path}: permission denied`};
		expect(results).toEqual([denied, denied, {files: ['a.json']}, {text: baseText}]);
	});

	it.runIf(isRoot())('an unreadable file, as a user whom permissions stop', () => {
		const path = join(shared.path, 'a.json');
		writeFileSync(path, baseText, {mode: 0o000});
		const results = child.run([{op: 'load', path}], {as: nobody});
		expect(results).toEqual([{error: `CheckpointError: tinygan: cannot load ${path}: permission denied`}]);
	});
});

it.skipIf(isRoot())('an unreadable file', () => {
	const path = join(folder, 'a.json');
	writeFileSync(path, baseText, {mode: 0o000});
	expect(() => loadCheckpoint(path)).toThrow(`tinygan: cannot load ${path}: permission denied`);
});
