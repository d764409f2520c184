/**
 * --data and --preset in the built CLI's headless mode, end to end: a custom
 * dataset trains as SPEC.md's order does by hand (model.ts's updates, the
 * numpy-compatible RNG), every bad file is one line and exit 2, the presets
 * list and conflict as documented, and a run on a custom dataset saves and
 * loads exactly.
 */
import {mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {slantedFaces} from '../../source/engine/data.js';
import {
	type Image,
	descend,
	discriminate,
	discriminatorGradientOnFake,
	discriminatorGradientOnReal,
	discriminatorLossOnFake,
	discriminatorLossOnReal,
	generate,
	generatorGradient,
	generatorLoss,
	parameterCount,
	toParameters,
	type Parameters,
} from '../../source/engine/model.js';
import {presets} from '../../source/engine/presets.js';
import {Rng} from '../../source/engine/rng.js';
import {
	type EndEvent,
	type EpochEvent,
	type Event,
	type Params,
	flatParams,
	parseNdjson,
	runCli,
} from '../helpers/cli.js';
import {assertBuilt} from '../helpers/paths.js';

type DataStart = {
	readonly type: 'start';
	readonly data: {readonly preset?: string; readonly file?: string; readonly images: number[][]};
};

let folder: string;

function file(name: string, content: string): string {
	const path = join(folder, name);
	writeFileSync(path, content);
	return path;
}

beforeAll(() => {
	assertBuilt();
	folder = mkdtempSync(join(tmpdir(), 'tinygan-data-'));
});

afterAll(() => {
	rmSync(folder, {recursive: true, force: true});
});

/** SPEC.md's epoch by hand: for each image in order, step 1 (D on x), z, step 3 (losses), 4 (D on x̂), 5 (G). */
function byHand(seed: number, lr: number, faces: readonly Image[], epochs: number) {
	const rng = Rng.seeded(seed);
	const p = Float64Array.from({length: parameterCount}, () => rng.normal());
	const g = new Float64Array(parameterCount);
	const stats = [];
	const n = faces.length;
	for (let epoch = 1; epoch <= epochs; epoch++) {
		let dLoss = 0;
		let gLoss = 0;
		let dReal = 0;
		let dFake = 0;
		for (const face of faces) {
			descend(p, discriminatorGradientOnReal(p, face, g), lr);
			const z = rng.uniform();
			const xHat = generate(p, z, new Float64Array(4));
			dLoss += discriminatorLossOnReal(p, face) + discriminatorLossOnFake(p, xHat);
			gLoss += generatorLoss(p, z);
			dReal += discriminate(p, face);
			dFake += discriminate(p, xHat);
			descend(p, discriminatorGradientOnFake(p, xHat, g), lr);
			descend(p, generatorGradient(p, z, g), lr);
		}

		stats.push({epoch, dLoss: dLoss / n, gLoss: gLoss / n, dReal: dReal / n, dFake: dFake / n});
	}

	return {params: toParameters(p), stats};
}

const asParams = (parameters: Parameters): Params => ({
	generator: {weights: [...parameters.generator.weights], biases: [...parameters.generator.biases]},
	discriminator: {weights: [...parameters.discriminator.weights], bias: parameters.discriminator.bias},
});

function expectClose(actual: readonly number[], expected: readonly number[], what: string): void {
	expect(actual, what).toHaveLength(expected.length);
	for (const [i, value] of expected.entries()) {
		expect(Math.abs(actual[i]! - value), `${what}[${i}]: ${actual[i]} vs ${value}`).toBeLessThanOrEqual(1e-12);
	}
}

const ofType = <T extends Event['type']>(events: Event[], type: T) =>
	events.filter(event => event.type === type) as Array<Extract<Event, {type: T}>>;

describe('--data FILE trains on its images as SPEC.md does by hand', () => {
	const two: Image[] = [
		[0.9, 0.1, 0.3, 0.6],
		[0.2, 0.8, 0.7, 0.05],
	];

	it.each([
		['flat', JSON.stringify(two)],
		[
			'2×2',
			JSON.stringify(
				two.map(([a, b, c, d]) => [
					[a, b],
					[c, d],
				]),
			),
		],
		[
			'mixed',
			JSON.stringify([
				two[0],
				[
					[0.2, 0.8],
					[0.7, 0.05],
				],
			]),
		],
	])('a 2-image file (%s), seed 42, 7 epochs: every epoch line and the end', async (name, content) => {
		const path = file(`two-${name}.json`, content);
		const result = await runCli(['--json', '--seed', '42', '--data', path, '--epochs', '7']);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const events = parseNdjson(result.stdout);
		const start = events[0] as unknown as DataStart;
		expect(start.data).toEqual({file: path, images: two});
		const expected = byHand(42, 0.01, two, 7);
		const epochs = ofType(events, 'epoch') as EpochEvent[];
		expect(epochs).toHaveLength(7);
		for (const [i, line] of epochs.entries()) {
			const want = expected.stats[i]!;
			expect(line.epoch).toBe(want.epoch);
			expectClose(
				[line.dLoss, line.gLoss, line.dReal, line.dFake],
				[want.dLoss, want.gLoss, want.dReal, want.dFake],
				`epoch ${i + 1}`,
			);
		}

		const end = ofType(events, 'end')[0] as EndEvent;
		expectClose(flatParams(end.params), flatParams(asParams(expected.params)), 'end params');
	});

	it('an epoch of N images draws N uniforms: after 3 epochs of 2 images the 4 samples are z 7…10 of the stream', async () => {
		const path = file('two-z.json', JSON.stringify(two));
		const result = await runCli(['--json', '--seed', '9', '--data', path, '--epochs', '3', '--every', '0']);
		const end = ofType(parseNdjson(result.stdout), 'end')[0] as EndEvent;
		const rng = Rng.seeded(9);
		for (let i = 0; i < parameterCount; i++) {
			rng.normal();
		}

		for (let i = 0; i < 6; i++) {
			rng.uniform();
		}

		expect(end.samples.map(sample => sample.z)).toEqual([rng.uniform(), rng.uniform(), rng.uniform(), rng.uniform()]);
	});

	it('a preset trains as by hand on its faces', async () => {
		const bars = presets.find(preset => preset.name === 'bars')!;
		const result = await runCli(['--json', '--seed', '3', '--preset', 'bars', '--epochs', '5', '--every', '0']);
		const events = parseNdjson(result.stdout);
		expect((events[0] as unknown as DataStart).data).toEqual({preset: 'bars', images: bars.faces});
		const end = ofType(events, 'end')[0] as EndEvent;
		expectClose(flatParams(end.params), flatParams(asParams(byHand(3, 0.01, bars.faces, 5).params)), 'end params');
	});

	it('without --data or --preset, the start names the slanted preset and its five faces', async () => {
		const result = await runCli(['--json', '--seed', '42', '--epochs', '0']);
		expect((parseNdjson(result.stdout)[0] as unknown as DataStart).data).toEqual({
			preset: 'slanted',
			images: slantedFaces,
		});
	});
});

describe('a bad --data file: exit 2 and one line naming the file and what is wrong', () => {
	const cases: Array<[string, string, string]> = [
		['empty', '', 'is empty'],
		['blank', '  \n', 'is empty'],
		['not JSON', '[[1, 0, 0, 1],', 'not JSON'],
		['an object', '{"faces": []}', 'not an array of images (a JSON object)'],
		['a number', '3', 'not an array of images (a JSON number)'],
		['null', 'null', 'not an array of images (a JSON null)'],
		['0 images', '[]', 'no images (1 to 10000 are needed)'],
		['a short image', '[[1, 0, 0, 1], [1, 0, 0]]', 'image 1: not [a, b, c, d] or [[a, b], [c, d]]'],
		['a long image', '[[1, 0, 0, 1, 0]]', 'image 0: not [a, b, c, d] or [[a, b], [c, d]]'],
		['a ragged 2×2', '[[[1, 0], [0]]]', 'image 0: not [a, b, c, d] or [[a, b], [c, d]]'],
		['a 2×3', '[[[1, 0, 0], [0, 1, 1]]]', 'image 0: not [a, b, c, d] or [[a, b], [c, d]]'],
		['a number for an image', '[0.5]', 'image 0: not [a, b, c, d] or [[a, b], [c, d]]'],
		['a string value', '[[1, 0, 0, 1], [1, "0", 0, 1]]', 'image 1: "0" is not a number'],
		['a null value', '[[1, 0, null, 1]]', 'image 0: null is not a number'],
		['a nested value in a flat image', '[[1, 0, 0, [1]]]', 'image 0: not [a, b, c, d] or [[a, b], [c, d]]'],
		['above 1', '[[1, 0, 0, 1], [1, 0, 0, 1], [1, 0, 0, 1], [0, 1.5, 0, 1]]', 'image 3: value 1.5 is outside [0, 1]'],
		['below 0', '[[[1, 0], [-0.25, 1]]]', 'image 0: value -0.25 is outside [0, 1]'],
		['huge', '[[1, 0, 0, 1e999]]', 'image 0: value Infinity is outside [0, 1]'],
	];

	it.each(cases)('%s', async (name, content, reason) => {
		const path = file(`bad-${name.replaceAll(' ', '-')}.json`, content);
		const result = await runCli(['--json', '--seed', '1', '--data', path]);
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toBe(`tinygan: --data ${path}: ${reason}\n`);
	});

	it('more than 10,000 images', async () => {
		const path = file('many.json', JSON.stringify(Array.from({length: 10_001}, () => [1, 0, 0, 1])));
		const result = await runCli(['--json', '--data', path]);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(`tinygan: --data ${path}: 10001 images, more than 10000\n`);
	});

	it('exactly 10,000 images are taken', async () => {
		const images = Array.from({length: 10_000}, (_, i) => [i / 9999, 0, 0, 1]);
		const path = file('ten-thousand.json', JSON.stringify(images));
		const result = await runCli(['--json', '--seed', '1', '--data', path, '--epochs', '1', '--every', '0']);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect((parseNdjson(result.stdout)[0] as unknown as DataStart).data.images).toEqual(images);
	});

	it('a missing file, a folder', async () => {
		const missing = join(folder, 'nope.json');
		const gone = await runCli(['--json', '--data', missing]);
		expect(gone.code).toBe(2);
		expect(gone.stderr).toBe(`tinygan: --data ${missing}: no such file\n`);
		const sub = join(folder, 'a-folder');
		mkdirSync(sub);
		const isFolder = await runCli(['--json', '--data', sub]);
		expect(isFolder.code).toBe(2);
		expect(isFolder.stderr).toBe(`tinygan: --data ${sub}: is a folder\n`);
	});

	it('--data without a value', async () => {
		const result = await runCli(['--json', '--data']);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/^tinygan: --data needs a value/);
	});
});

describe('--preset', () => {
	it('list: each name and its description, one a line, exit 0', async () => {
		const result = await runCli(['--preset', 'list']);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('');
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines).toHaveLength(presets.length);
		for (const [i, preset] of presets.entries()) {
			expect(lines[i]).toMatch(
				new RegExp(`^${preset.name} +${preset.description.replaceAll(/[\\/.*+?()[\]]/g, '\\$&')}$`),
			);
		}
	});

	it('an unknown name: exit 2, the line lists the known ones', async () => {
		const result = await runCli(['--json', '--preset', 'slant']);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(
			`tinygan: --preset must be one of list, ${presets.map(p => p.name).join(', ')}, got "slant" (see tinygan --help)\n`,
		);
	});

	it.each(presets.map(preset => preset.name))('%s trains (start names it, 2 epochs, exit 0)', async name => {
		const result = await runCli(['--json', '--seed', '1', '--preset', name, '--epochs', '2', '--every', '0']);
		expect(result.code).toBe(0);
		expect((parseNdjson(result.stdout)[0] as unknown as DataStart).data.preset).toBe(name);
	});

	it('--data with --preset: exit 2', async () => {
		const path = file('ok.json', '[[1, 0, 0, 1]]');
		const result = await runCli(['--json', '--data', path, '--preset', 'bars']);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/^tinygan: --data and --preset cannot both be given/);
	});
});

describe('a run on a custom dataset saves and loads exactly', () => {
	const images: Image[] = [
		[0.3, 0.1, 0.9, 0.4],
		[1, 0, 1, 0],
		[0.55, 0.45, 0.35, 0.25],
	];

	it('--save at 40 then --load to 100 is the straight run to 100, bit for bit; the file carries the faces', async () => {
		const path = file('three.json', JSON.stringify(images));
		const saved = join(folder, 'three-40.ckpt.json');
		const straight = await runCli(['--json', '--seed', '11', '--data', path, '--epochs', '100']);
		const first = await runCli(['--json', '--seed', '11', '--data', path, '--epochs', '40', '--save', saved]);
		expect(first.code).toBe(0);
		const checkpoint = JSON.parse(readFileSync(saved, 'utf8')) as {content: {faces: unknown}};
		expect(checkpoint.content.faces).toEqual(images);
		const second = await runCli(['--json', '--load', saved, '--epochs', '100']);
		expect(second.stderr).toBe('');
		expect(second.code).toBe(0);
		const straightEvents = parseNdjson(straight.stdout);
		const secondEvents = parseNdjson(second.stdout);
		expect((secondEvents[0] as unknown as DataStart).data).toEqual({images});
		const tail = (events: Event[]) => events.filter(event => event.type === 'epoch' && event.epoch > 40);
		expect(tail(secondEvents)).toEqual(tail(straightEvents));
		const straightEnd = straightEvents.at(-1) as EndEvent;
		const loadedEnd = secondEvents.at(-1) as EndEvent;
		expect(loadedEnd.epoch).toBe(100);
		expect(loadedEnd.params).toEqual(straightEnd.params);
		expect(loadedEnd.samples).toEqual(straightEnd.samples);
	});

	it("--data CHECKPOINT trains on the checkpoint's images: a loaded run's reproduce command runs it", async () => {
		const path = file('three-again.json', JSON.stringify(images));
		const saved = join(folder, 'three-20.ckpt.json');
		expect((await runCli(['--json', '--seed', '4', '--data', path, '--epochs', '20', '--save', saved])).code).toBe(0);
		const fromFile = await runCli(['--json', '--seed', '4', '--data', path, '--epochs', '60']);
		const fromCheckpoint = await runCli(['--json', '--seed', '4', '--data', saved, '--epochs', '60']);
		expect(fromCheckpoint.stderr).toBe('');
		expect(fromCheckpoint.code).toBe(0);
		const events = parseNdjson(fromCheckpoint.stdout);
		expect((events[0] as unknown as DataStart).data).toEqual({file: saved, images});
		expect(events.slice(1)).toEqual(
			parseNdjson(fromFile.stdout)
				.slice(1)
				.map(event => (event.type === 'end' ? {...event, elapsedMs: (events.at(-1) as EndEvent).elapsedMs} : event)),
		);

		// A damaged checkpoint is one line, as a bad file is
		const damaged = join(folder, 'damaged.ckpt.json');
		writeFileSync(damaged, readFileSync(saved, 'utf8').replace('"seed": 4', '"seed": 5'));
		const refused = await runCli(['--json', '--data', damaged]);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toBe(
			`tinygan: --data ${damaged}: a checkpoint, damaged: the checksum does not match the content (the file was edited or corrupted)\n`,
		);
	});

	it.each([
		[['--data', 'x.json'], '--data'],
		[['--preset', 'bars'], '--preset'],
	])('--load with %j: exit 2, the checkpoint fixes the dataset', async (flags, flag) => {
		const path = file('one.json', '[[1, 0, 0, 1]]');
		const saved = join(folder, 'one.ckpt.json');
		await runCli(['--json', '--seed', '1', '--data', path, '--epochs', '1', '--save', saved]);
		const result = await runCli(['--json', '--load', saved, ...flags]);
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(
			`tinygan: ${flag} cannot be given with --load: the checkpoint fixes the dataset (see tinygan --help)\n`,
		);
	});
});
