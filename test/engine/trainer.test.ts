import {describe, expect, it} from 'vitest';
import {slantedFaces} from '../../source/engine/data.js';
import {
	type Image,
	descend,
	discriminate,
	discriminatorGradientOnFake,
	discriminatorGradientOnReal,
	discriminatorLossOnFake,
	discriminatorLossOnReal,
	fromParameters,
	generate,
	generatorGradient,
	generatorLoss,
	minimaxGeneratorGradient,
	minimaxGeneratorLoss,
	parameterCount,
	toParameters,
	type Parameters,
} from '../../source/engine/model.js';
import {Rng} from '../../source/engine/rng.js';
import {
	type EpochStats,
	type GeneratorLoss,
	type Settings,
	type TrainerConfig,
	type TrainerSnapshot,
	Trainer,
	defaultConfig,
	initialSettings,
} from '../../source/engine/trainer.js';
import {type ReferenceParameters, readReference} from '../helpers/reference.js';

// ---- The tutorial's numpy run ---------------------------------------------

const reference = readReference();

/** Reference parameters in the engine's layout: v, b, w, c. */
function flatReference(parameters: ReferenceParameters): number[] {
	return [...parameters.D_weights, parameters.D_bias, ...parameters.G_weights, ...parameters.G_biases];
}

function flat(parameters: Parameters): number[] {
	return Array.from(fromParameters(parameters));
}

function expectAllClose(actual: readonly number[], expected: readonly number[], tolerance: number, what: string): void {
	expect(actual).toHaveLength(expected.length);
	for (let i = 0; i < expected.length; i++) {
		const a = actual[i]!;
		const e = expected[i]!;
		if (!(Math.abs(a - e) <= tolerance)) {
			expect.fail(`${what}[${i}]: ${a} vs reference ${e} (difference ${Math.abs(a - e)}, tolerance ${tolerance})`);
		}
	}
}

function isFiniteStats(stats: EpochStats): boolean {
	return [stats.epoch, stats.dLoss, stats.gLoss, stats.dReal, stats.dFake].every(value => Number.isFinite(value));
}

function config(
	seed: number,
	lr: number = defaultConfig.lr,
	faces: readonly Image[] = defaultConfig.faces,
): TrainerConfig {
	return {seed, lr, faces};
}

/** Trains a fresh trainer `epochs` epochs, hearing every epoch. */
function trained(cfg: TrainerConfig, epochs: number): {trainer: Trainer; events: EpochStats[]} {
	const trainer = new Trainer(cfg);
	const events: EpochStats[] = [];
	trainer.run(epochs, stats => events.push(stats));
	return {trainer, events};
}

// ---- Reference run ----------------------------------------------------------

describe('the reference run: seed 42, lr 0.01, the five slanted faces, 1000 epochs', () => {
	const {seed, learning_rate: lr, epochs} = reference.config;
	const trainer = new Trainer({...defaultConfig, seed});
	const initial = trainer.snapshot();
	const events: EpochStats[] = [];
	const parametersAfter = new Map<number, Parameters>();
	trainer.run(1, stats => events.push(stats));
	parametersAfter.set(1, trainer.parameters());
	trainer.run(1, stats => events.push(stats));
	parametersAfter.set(2, trainer.parameters());
	const rngAfterTwoEpochs = trainer.snapshot().rng;
	for (const key of Object.keys(reference.params_after_epoch)
		.map(Number)
		.sort((a, b) => a - b)) {
		if (key + 1 > trainer.epoch) {
			trainer.run(key + 1 - trainer.epoch, stats => events.push(stats));
			parametersAfter.set(key + 1, trainer.parameters());
		}
	}

	trainer.run(epochs - trainer.epoch, stats => events.push(stats));
	const final = trainer.snapshot();
	const samples = trainer.drawSamples(4);

	it("uses the reference's configuration", () => {
		expect(defaultConfig.lr).toBe(lr);
		expect(slantedFaces.map(face => [...face])).toEqual(reference.config.faces);
		expect(reference.config.samples_per_epoch).toBe(slantedFaces.length);
		expect(trainer.config.faces.map(face => [...face])).toEqual(reference.config.faces);
	});

	it("starts from numpy's 13 normals, exactly", () => {
		expect(initial.epoch).toBe(0);
		expect(initial.last).toBeUndefined();
		expect(initial.parameters.discriminator.weights).toEqual(reference.initial.D_weights);
		expect(initial.parameters.discriminator.bias).toBe(reference.initial.D_bias);
		expect(initial.parameters.generator.weights).toEqual(reference.initial.G_weights);
		expect(initial.parameters.generator.biases).toEqual(reference.initial.G_biases);
	});

	it('trains all 1000 epochs, each heard once, in order', () => {
		expect(final.epoch).toBe(epochs);
		expect(final.diverged).toBeUndefined();
		expect(events.map(stats => stats.epoch)).toEqual(Array.from({length: epochs}, (_, i) => i + 1));
		expect(final.last).toEqual(events.at(-1));
	});

	it("ends within 1e-12 of the reference's final parameters", () => {
		expectAllClose(flat(final.parameters), flatReference(reference.final), 1e-12, 'final');
	});

	it("passes within 1e-12 of the reference's parameters after epochs 1, 2, 10, 100, 500, 1000", () => {
		const keys = Object.keys(reference.params_after_epoch);
		expect(keys.length).toBeGreaterThanOrEqual(4);
		for (const key of keys) {
			const mine = parametersAfter.get(Number(key) + 1);
			expect(mine, `parameters after ${Number(key) + 1} epochs`).toBeDefined();
			expectAllClose(flat(mine!), flatReference(reference.params_after_epoch[key]!), 1e-12, `after epoch ${key}`);
		}
	});

	it("reports each epoch's mean losses within 1e-9 of the reference (D: the intended loss)", () => {
		const keys = Object.keys(reference.epoch_mean_errors);
		expect(keys.length).toBeGreaterThanOrEqual(4);
		for (const key of keys) {
			const errors = reference.epoch_mean_errors[key]!;
			const stats = events[Number(key)]!;
			expect(stats.epoch).toBe(Number(key) + 1);
			expectAllClose(
				[stats.dLoss, stats.gLoss],
				[errors.discriminator_intended, errors.generator],
				1e-9,
				`epoch ${stats.epoch} losses`,
			);
			// Not the notebook's slip (z passed to D instead of G(z)), which differs by far more
			expect(Math.abs(stats.dLoss - errors.discriminator)).toBeGreaterThan(1e-3);
		}
	});

	it('reports D(real) and D(fake) means in (0, 1), consistent with the losses', () => {
		for (const stats of events) {
			expect(isFiniteStats(stats)).toBe(true);
			expect(stats.dReal).toBeGreaterThan(0);
			expect(stats.dReal).toBeLessThan(1);
			expect(stats.dFake).toBeGreaterThan(0);
			expect(stats.dFake).toBeLessThan(1);
			// Jensen: mean(−ln D(G(z))) ≥ −ln mean(D(G(z)))
			expect(stats.gLoss).toBeGreaterThanOrEqual(-Math.log(stats.dFake) - 1e-12);
		}
	});

	it("draws z in the tutorial's order: 13 normals, then one uniform per sample, then the 4 samples", () => {
		const twin = Rng.seeded(seed);
		const normals = Array.from({length: parameterCount}, () => twin.normal());
		expect(normals).toEqual(flat(initial.parameters));
		expect(twin.state()).toEqual(initial.rng);

		const zs = Array.from({length: epochs * slantedFaces.length}, () => twin.uniform());
		expect(zs.slice(0, reference.z_first_2_epochs.length)).toEqual(reference.z_first_2_epochs);
		expect(zs.slice(-reference.z_last_2_epochs.length)).toEqual(reference.z_last_2_epochs);
		expect(twin.state()).toEqual(final.rng);

		const twinAtTwo = Rng.seeded(seed);
		for (let i = 0; i < parameterCount + 2 * slantedFaces.length; i++) {
			if (i < parameterCount) {
				twinAtTwo.normal();
			} else {
				twinAtTwo.uniform();
			}
		}

		expect(twinAtTwo.state()).toEqual(rngAfterTwoEpochs);
	});

	it("then drawSamples(4) gives the reference's z exactly and its images within 1e-12", () => {
		expect(samples.map(sample => sample.z)).toEqual(reference.generated.z);
		for (let i = 0; i < samples.length; i++) {
			expectAllClose([...samples[i]!.image], reference.generated.images[i]!, 1e-12, `generated image ${i}`);
			// The image is G(z) under the final parameters
			expect([...samples[i]!.image]).toEqual(
				Array.from(generate(fromParameters(final.parameters), samples[i]!.z, new Float64Array(4))),
			);
		}
	});

	it('drawSamples advances the RNG; generate and discriminate use the current parameters', () => {
		const copy = Trainer.fromSnapshot(final);
		const first = copy.drawSamples(2);
		const next = copy.drawSamples(2);
		expect([...first, ...next]).toEqual(samples);
		const p = fromParameters(final.parameters);
		expect([...copy.generate(0.25)]).toEqual(Array.from(generate(p, 0.25, new Float64Array(4))));
		expect(copy.discriminate(slantedFaces[1]!)).toBe(discriminate(p, slantedFaces[1]!));
	});
});

// ---- The hot loop against the model's functions ----------------------------

type Replay = {p: Float64Array; stats: EpochStats[]};

/**
 * The tutorial's order, with model.ts's functions and a twin RNG (SPEC.md, "One epoch"), and with
 * the settings of "Beyond the tutorial": G's loss, and a frozen net's steps left out.
 */
function replay(cfg: TrainerConfig, initial: Parameters, epochs: number, settings = initialSettings(cfg)): Replay {
	const rng = Rng.seeded(cfg.seed);
	const normals = Array.from({length: parameterCount}, () => rng.normal());
	const p = fromParameters(initial);
	expect(Array.from(p)).toEqual(normals);
	return replayEpochs(cfg, p, rng, epochs, settings);
}

/** The same, from given parameters and a snapshot's RNG state. */
function replayFrom(cfg: TrainerConfig, p: Float64Array, snapshot: TrainerSnapshot, epochs: number): Replay {
	return replayEpochs(cfg, Float64Array.from(p), Rng.fromState(snapshot.rng), epochs);
}

function replayEpochs(
	cfg: TrainerConfig,
	p: Float64Array,
	rng: Rng,
	epochs: number,
	{lr, loss, train}: Settings = initialSettings(cfg),
	firstEpoch = 1,
): Replay {
	const g = new Float64Array(parameterCount);
	const n = cfg.faces.length;
	const [gLossOf, gGradientOf] =
		loss === 'minimax' ? [minimaxGeneratorLoss, minimaxGeneratorGradient] : [generatorLoss, generatorGradient];
	const stats: EpochStats[] = [];
	for (let epoch = firstEpoch; epoch < firstEpoch + epochs; epoch++) {
		let dLoss = 0;
		let gLoss = 0;
		let dReal = 0;
		let dFake = 0;
		for (const face of cfg.faces) {
			if (train !== 'g') {
				descend(p, discriminatorGradientOnReal(p, face, g), lr); // 1.
			}

			const z = rng.uniform(); // 2.
			const xHat = generate(p, z, new Float64Array(4));
			dLoss += discriminatorLossOnReal(p, face) + discriminatorLossOnFake(p, xHat); // 3.
			gLoss += gLossOf(p, z);
			dReal += discriminate(p, face);
			dFake += discriminate(p, xHat);
			if (train !== 'g') {
				descend(p, discriminatorGradientOnFake(p, xHat, g), lr); // 4.
			}

			if (train !== 'd') {
				descend(p, gGradientOf(p, z, g), lr); // 5.
			}
		}

		stats.push({epoch, dLoss: dLoss / n, gLoss: gLoss / n, dReal: dReal / n, dFake: dFake / n});
	}

	return {p, stats};
}

function randomFaces(rng: Rng, count: number): Image[] {
	return Array.from({length: count}, () => [rng.uniform(), rng.uniform(), rng.uniform(), rng.uniform()] as const);
}

describe("the trainer's inlined loop", () => {
	const seeds = Rng.seeded(5150);
	const cases: Array<[string, TrainerConfig]> = [];
	for (const lr of [0.01, 0.1, 0.5]) {
		for (const seed of [42, seeds.nextUint32(), seeds.nextUint32(), seeds.nextUint32()]) {
			cases.push([`seed ${seed}, lr ${lr}`, config(seed, lr)]);
		}
	}

	cases.push(['two random faces', config(seeds.nextUint32(), 0.1, randomFaces(seeds, 2))]);
	cases.push(['seven random faces', config(seeds.nextUint32(), 0.05, randomFaces(seeds, 7))]);
	cases.push(['one face', config(seeds.nextUint32(), 0.2, [[1, 0, 0, 1]])]);

	it.each(cases)("is bit-identical to the model's functions in SPEC order over 50 epochs (%s)", (_name, cfg) => {
		const trainer = new Trainer(cfg);
		const initial = trainer.parameters();
		const events: EpochStats[] = [];
		expect(trainer.run(50, stats => events.push(stats))).toBe(50);
		expect(trainer.diverged).toBeUndefined();

		const expected = replay(cfg, initial, 50);
		expect(flat(trainer.parameters())).toEqual(Array.from(expected.p));
		// The trainer sums an epoch's losses as the log of a product (a few ulp from the
		// sum of the logs); everything else is bit-identical
		const withoutLosses = (stats: EpochStats) => ({...stats, dLoss: 0, gLoss: 0});
		expect(events.map(withoutLosses)).toEqual(expected.stats.map(withoutLosses));
		for (const [i, stats] of events.entries()) {
			const want = expected.stats[i]!;
			expect(Math.abs(stats.dLoss - want.dLoss)).toBeLessThanOrEqual(4e-15 * Math.abs(want.dLoss));
			expect(Math.abs(stats.gLoss - want.gLoss)).toBeLessThanOrEqual(4e-15 * Math.abs(want.gLoss));
		}

		expect(trainer.last).toEqual(events.at(-1));
	});
});

describe("the inlined loop's σ at the ends of its range", () => {
	it("is the model's sigmoid bit for bit beyond the cap at 40 and where e^t is Math.exp's (t ≤ −700)", () => {
		// G's logits ±800 (past the cap; uncapped, e^t would overflow); D's logit on the face from
		// −700.2 up past −700 (σ from Math.exp, then sigmoidInRange), on x̂ = G(z) = (0, 1, 1, 0) about 36
		const cfg = config(1, 0.05, [[1, 0, 0, 1]]);
		const base = new Trainer(cfg).snapshot();
		const p = Float64Array.from([-350.1, 18, 18, -350.1, 0, 0, 0, 0, 0, -800, 800, 800, -800]);
		const trainer = Trainer.fromSnapshot({...base, parameters: toParameters(p)});
		const events: EpochStats[] = [];
		expect(trainer.run(3, stats => events.push(stats))).toBe(3);
		expect(trainer.diverged).toBeUndefined();

		const expected = replayFrom(cfg, p, base, 3);
		expect(flat(trainer.parameters())).toEqual(Array.from(expected.p));
		expect(flat(trainer.parameters())).not.toEqual(Array.from(p)); // It did train
		expect(events.map(stats => [stats.dReal, stats.dFake])).toEqual(
			expected.stats.map(stats => [stats.dReal, stats.dFake]),
		);
		expect(events[0]!.dReal).toBeGreaterThan(0); // σ(t), t ≈ −700.05
		expect(events[0]!.dReal).toBeLessThan(1e-303);
	});
});

// ---- Settings: G's loss, the nets that train, the learning rate -------------

const allSettings: ReadonlyArray<Pick<Settings, 'loss' | 'train'>> = [
	{loss: 'nonsaturating', train: 'both'},
	{loss: 'nonsaturating', train: 'd'},
	{loss: 'nonsaturating', train: 'g'},
	{loss: 'minimax', train: 'both'},
	{loss: 'minimax', train: 'd'},
	{loss: 'minimax', train: 'g'},
];

const label = ({loss, train}: Pick<Settings, 'loss' | 'train'>): string => `${loss}, train ${train}`;

/**
 * The trainer's stats against the replay's: all but the losses bit-identical; the losses, summed as
 * the log of a product, within a few ulp of the sum of the logs (relative), plus an ulp of 1
 * (absolute: a product's rounding, 2^-53 per factor, shows in its log as an absolute error, which
 * matters for a mean loss near 0, as minimax's G loss is when D rejects the fakes).
 */
function expectStatsOfReplay(actual: readonly EpochStats[], expected: readonly EpochStats[]): void {
	const withoutLosses = (stats: EpochStats) => ({...stats, dLoss: 0, gLoss: 0});
	expect(actual.map(withoutLosses)).toEqual(expected.map(withoutLosses));
	for (const [i, stats] of actual.entries()) {
		const want = expected[i]!;
		for (const key of ['dLoss', 'gLoss'] as const) {
			if (!(Math.abs(stats[key] - want[key]) <= 4e-15 * Math.abs(want[key]) + 2 ** -52)) {
				expect.fail(`epoch ${stats.epoch} ${key}: ${stats[key]} vs the replay's ${want[key]}`);
			}
		}
	}
}

describe("each setting of the loss and the nets that train, against the model's functions", () => {
	const seeds = Rng.seeded(6160);
	const configs: Array<[string, TrainerConfig]> = [
		['seed 42, lr 0.01', config(42)],
		['a random seed, lr 0.1', config(seeds.nextUint32(), 0.1)],
		['a random seed, lr 0.5', config(seeds.nextUint32(), 0.5)],
		['seven random faces, lr 0.05', config(seeds.nextUint32(), 0.05, randomFaces(seeds, 7))],
		['one face, lr 0.2', config(seeds.nextUint32(), 0.2, [[1, 0, 0, 1]])],
	];
	const cases = allSettings.flatMap(settings =>
		configs.map(([name, cfg]) => [`${label(settings)}; ${name}`, cfg, settings] as const),
	);

	it.each(cases)(
		"is bit-identical to SPEC order with model.ts's gradients over 50 epochs (%s)",
		(_name, cfg, settings) => {
			const trainer = new Trainer({...cfg, ...settings});
			expect(trainer.settings).toEqual({lr: cfg.lr, ...settings});
			const initial = trainer.parameters();
			const events: EpochStats[] = [];
			expect(trainer.run(50, stats => events.push(stats))).toBe(50);
			expect(trainer.diverged).toBeUndefined();

			const expected = replay(cfg, initial, 50, {lr: cfg.lr, ...settings});
			expect(flat(trainer.parameters())).toEqual(Array.from(expected.p));
			expectStatsOfReplay(events, expected.stats);
			expect(trainer.last).toEqual(events.at(-1));
		},
	);

	it.each(allSettings)('$loss, train $train: the frozen net stays exactly as it was, the other learns', settings => {
		const trainer = new Trainer({...config(7, 0.1), ...settings});
		const before = fromParameters(trainer.parameters());
		trainer.run(100);
		const after = fromParameters(trainer.parameters());
		const d = [0, 1, 2, 3, 4];
		const g = [5, 6, 7, 8, 9, 10, 11, 12];
		const moved = (indices: number[]) => indices.filter(i => after[i] !== before[i]).length;
		expect(moved(d)).toBe(settings.train === 'g' ? 0 : d.length);
		expect(moved(g)).toBe(settings.train === 'd' ? 0 : g.length);
	});

	it.each(allSettings)("$loss, train $train: draws the same random stream as the tutorial's settings", settings => {
		const cfg = config(31_337, 0.05);
		const tutorial = new Trainer(cfg);
		tutorial.run(300);
		const trainer = new Trainer({...cfg, ...settings});
		trainer.run(300);
		expect(trainer.snapshot().rng).toEqual(tutorial.snapshot().rng);
		// 13 normals, then one uniform a sample: 5 × 300
		const twin = Rng.seeded(cfg.seed);
		for (let i = 0; i < parameterCount; i++) {
			twin.normal();
		}

		for (let i = 0; i < 300 * slantedFaces.length; i++) {
			twin.uniform();
		}

		expect(trainer.snapshot().rng).toEqual(twin.state());
		expect(trainer.drawSamples(4).map(sample => sample.z)).toEqual(tutorial.drawSamples(4).map(sample => sample.z));
	});

	it('records the G loss each setting minimises: −ln D(G(z)) or ln(1 − D(G(z)))', () => {
		// With G frozen the two losses make the same run: only what is recorded of G differs
		const heard = (loss: GeneratorLoss): EpochStats[] => {
			const events: EpochStats[] = [];
			new Trainer({...config(3), loss, train: 'd'}).run(20, stats => events.push(stats));
			return events;
		};

		const nonsaturating = heard('nonsaturating');
		const minimax = heard('minimax');
		expect(minimax.map(stats => ({...stats, gLoss: 0}))).toEqual(nonsaturating.map(stats => ({...stats, gLoss: 0})));
		for (const [i, stats] of minimax.entries()) {
			// One sample a face: the mean of ln(1 − yᵢ) is below ln(1 − mean y) (Jensen), and −ln yᵢ's above −ln mean y
			expect(stats.gLoss).toBeLessThanOrEqual(Math.log(1 - stats.dFake) + 1e-12);
			expect(nonsaturating[i]!.gLoss).toBeGreaterThanOrEqual(-Math.log(stats.dFake) - 1e-12);
		}
	});
});

describe('configure() between epochs', () => {
	const cfg = config(2024, 0.05);

	it('changes of every kind, in the fast loop and out of it, equal replaying each stretch by hand', () => {
		const stretches: Array<[Settings, number]> = [
			[{lr: 0.05, loss: 'nonsaturating', train: 'both'}, 17],
			[{lr: 0.05, loss: 'minimax', train: 'both'}, 23],
			[{lr: 0.2, loss: 'minimax', train: 'g'}, 5],
			[{lr: 0.2, loss: 'nonsaturating', train: 'd'}, 11],
			[{lr: 0.01, loss: 'nonsaturating', train: 'both'}, 19],
			[{lr: 0.01, loss: 'nonsaturating', train: 'g'}, 1],
			[{lr: 0.3, loss: 'minimax', train: 'd'}, 9],
		];
		const trainer = new Trainer(cfg);
		const initial = trainer.parameters();
		const events: EpochStats[] = [];
		const rng = Rng.seeded(cfg.seed);
		for (let i = 0; i < parameterCount; i++) {
			rng.normal();
		}

		const p = fromParameters(initial);
		const expected: EpochStats[] = [];
		for (const [settings, epochs] of stretches) {
			trainer.configure(settings);
			expect(trainer.settings).toEqual(settings);
			trainer.run(epochs, stats => events.push(stats));
			expected.push(...replayEpochs(cfg, p, rng, epochs, settings, expected.length + 1).stats);
			expect(flat(trainer.parameters())).toEqual(Array.from(p));
		}

		expectStatsOfReplay(events, expected);
		expect(trainer.snapshot().rng).toEqual(rng.state());
	});

	it.each([
		{lr: 0},
		{lr: -0.1},
		{lr: Number.NaN},
		{lr: Number.POSITIVE_INFINITY},
		{loss: 'maximin'},
		{train: 'none'},
		{train: 'D'},
	])('rejects %o and keeps the settings it had', bad => {
		const trainer = new Trainer(cfg);
		const before = trainer.settings;
		expect(() => trainer.configure({...before, ...bad} as Settings)).toThrow(RangeError);
		expect(trainer.settings).toEqual(before);
	});

	it('a snapshot carries the settings; through JSON it continues exactly, with them', () => {
		const whole = new Trainer(cfg);
		whole.run(100);
		whole.configure({lr: 0.1, loss: 'minimax', train: 'g'});
		whole.run(50);
		const at150 = JSON.parse(JSON.stringify(whole.snapshot())) as TrainerSnapshot;
		expect(at150.settings).toEqual({lr: 0.1, loss: 'minimax', train: 'g'});
		whole.run(200);

		const resumed = Trainer.fromSnapshot(at150);
		expect(resumed.settings).toEqual(at150.settings);
		resumed.run(200);
		expect(resumed.snapshot()).toEqual(whole.snapshot());

		// Restore brings the settings back too
		const other = new Trainer(cfg);
		other.run(3);
		other.restore(at150);
		expect(other.settings).toEqual(at150.settings);
		other.run(200);
		expect(other.snapshot()).toEqual(whole.snapshot());
		expect(() => other.restore({...at150, settings: {...at150.settings, train: 'x' as never}})).toThrow(RangeError);
	});

	it('reset() goes back to the settings of the configuration', () => {
		const trainer = new Trainer({...cfg, loss: 'minimax'});
		const start = trainer.snapshot();
		trainer.configure({lr: 0.3, loss: 'nonsaturating', train: 'd'});
		trainer.run(10);
		trainer.reset();
		expect(trainer.settings).toEqual({lr: cfg.lr, loss: 'minimax', train: 'both'});
		expect(trainer.snapshot()).toEqual(start);
	});

	it('the initial loss and nets are part of the configuration: a snapshot restores only to the same', () => {
		const minimax = new Trainer({...cfg, loss: 'minimax'});
		expect(minimax.config).toMatchObject({loss: 'minimax', train: 'both'});
		expect(() => new Trainer(cfg).restore(minimax.snapshot())).toThrow(RangeError);
		// A config that leaves them out is the one that gives the defaults
		const plain = new Trainer(cfg);
		expect(() => new Trainer({...cfg, loss: 'nonsaturating', train: 'both'}).restore(plain.snapshot())).not.toThrow();
		expect(() => new Trainer({...cfg, loss: 'x' as never})).toThrow(RangeError);
	});
});

describe('minimax at the ends of the range', () => {
	it("where D rejects every fake (D(G(z)) = 0) G's loss ln(1 − 0) is 0, not infinite: no divergence", () => {
		// D(x̂) = σ(−800) = 0 for x̂ ≈ (1, 1, 1, 1): −ln D(x̂) is infinite, ln(1 − D(x̂)) is 0
		const cfg = config(1, 1e-12, [[1, 0, 0, 1]]);
		const base = new Trainer(cfg).snapshot();
		const p = Float64Array.from([-200, -200, -200, -200, 0, 0, 0, 0, 0, 50, 50, 50, 50]);
		const nonsaturating = Trainer.fromSnapshot({...base, parameters: toParameters(p)});
		nonsaturating.run(1);
		expect(nonsaturating.diverged?.reason).toMatch(/G loss became infinite/);

		const cfgMinimax = {...cfg, loss: 'minimax'} as const;
		const minimax = Trainer.fromSnapshot({
			...new Trainer(cfgMinimax).snapshot(),
			parameters: toParameters(p),
		});
		expect(minimax.run(1)).toBe(1);
		expect(minimax.diverged).toBeUndefined();
		expect(minimax.last!.dFake).toBe(0);
		expect(Object.is(minimax.last!.gLoss, 0)).toBe(true);
		const expected = replayFrom(cfgMinimax, p, base, 1);
		expect(minimax.last).toEqual(expected.stats[0]);
	});

	it("where D is sure a fake is real (D(G(z)) = 1) the run diverges, D's loss named, nothing non-finite handed out", () => {
		const cfg = {...config(1, 1e-12, [[1, 0, 0, 1]]), loss: 'minimax'} as const;
		const base = new Trainer(cfg).snapshot();
		const p = Float64Array.from([200, 200, 200, 200, 0, 0, 0, 0, 0, 50, 50, 50, 50]);
		const trainer = Trainer.fromSnapshot({...base, parameters: toParameters(p)});
		expect(trainer.run(5)).toBe(0);
		expect(trainer.diverged?.reason).toMatch(/D loss became infinite/);
		expect(trainer.parameters()).toEqual(toParameters(p));
	});

	it("sums G's loss log by log where the product Π(1 − D(x̂)) underflows: exactly the replay's sums", () => {
		// 1,500 faces: a product of 1,500 factors near 1/2 is far below 1e-300
		const seeds = Rng.seeded(77);
		const cfg = {...config(5, 0.01, randomFaces(seeds, 1500)), loss: 'minimax'} as const;
		const trainer = new Trainer(cfg);
		const initial = trainer.parameters();
		const events: EpochStats[] = [];
		trainer.run(2, stats => events.push(stats));
		const expected = replay(cfg, initial, 2);
		expect(trainer.diverged).toBeUndefined();
		expect(flat(trainer.parameters())).toEqual(Array.from(expected.p));
		// Log by log, in the replay's order: the same sums, bit for bit
		expect(events).toEqual(expected.stats);
		// And the test is where it says: the product leaves the normal range
		expect(Math.exp(expected.stats[0]!.gLoss * 1500)).toBe(0);
	});
});

// ---- Pacing -----------------------------------------------------------------

describe('determinism however the run is paced', () => {
	const cfg = config(42);
	const {trainer: whole, events: wholeEvents} = trained(cfg, 1000);

	it('1000 step() calls equal run(1000)', () => {
		const stepper = new Trainer(cfg);
		const events: EpochStats[] = [];
		for (let i = 0; i < 1000; i++) {
			const stats = stepper.step();
			expect(stats).toBeDefined();
			events.push(stats!);
		}

		expect(events).toEqual(wholeEvents);
		expect(stepper.snapshot()).toEqual(whole.snapshot());
	});

	it('run(1) + run(7) + random chunks equal run(1000)', () => {
		const splitter = Rng.seeded(9);
		for (let attempt = 0; attempt < 3; attempt++) {
			const paced = new Trainer(cfg);
			const events: EpochStats[] = [];
			const chunks = [1, 7];
			let total = 8;
			while (total < 1000) {
				const chunk = Math.min(1000 - total, 1 + Math.floor(splitter.uniform() * 300));
				chunks.push(chunk);
				total += chunk;
			}

			for (const chunk of chunks) {
				expect(paced.run(chunk, stats => events.push(stats))).toBe(chunk);
			}

			expect(events).toEqual(wholeEvents);
			expect(paced.snapshot()).toEqual(whole.snapshot());
		}
	});

	it('runs longer than one internal batch (10,000 epochs) the same in one call or in pieces', () => {
		const long = new Trainer(cfg);
		const events: EpochStats[] = [];
		expect(long.run(10_000, stats => events.push(stats), 1000)).toBe(10_000);
		const pieces = new Trainer(cfg);
		const pieceEvents: EpochStats[] = [];
		for (const chunk of [4095, 2, 4100, 1803]) {
			pieces.run(chunk, stats => pieceEvents.push(stats), 1000);
		}

		expect(pieceEvents).toEqual(events);
		expect(events.map(stats => stats.epoch)).toEqual(Array.from({length: 10}, (_, i) => 1000 * (i + 1)));
		expect(pieces.snapshot()).toEqual(long.snapshot());
	});

	it('run(0) trains nothing', () => {
		const idle = new Trainer(cfg);
		const before = idle.snapshot();
		expect(idle.run(0, () => expect.fail('no epoch was trained'))).toBe(0);
		expect(idle.snapshot()).toEqual(before);
	});
});

describe('every', () => {
	const cfg = config(42);
	const {trainer: full, events: all} = trained(cfg, 100);

	it('run(100, listener, 10) hears epochs 10, 20, …, 100 with the same numbers', () => {
		const trainer = new Trainer(cfg);
		const heard: EpochStats[] = [];
		expect(trainer.run(100, stats => heard.push(stats), 10)).toBe(100);
		expect(heard.map(stats => stats.epoch)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
		expect(heard).toEqual(all.filter(stats => stats.epoch % 10 === 0));
		expect(trainer.last).toEqual(all.at(-1));
	});

	it('counts epochs across calls: run(15, …, 10) twice hears 10, 20, 30', () => {
		const trainer = new Trainer(cfg);
		const heard: number[] = [];
		trainer.run(15, stats => heard.push(stats.epoch), 10);
		trainer.run(15, stats => heard.push(stats.epoch), 10);
		expect(heard).toEqual([10, 20, 30]);
	});

	it('every = 0 hears none, yet last is epoch 100 with the same numbers', () => {
		const trainer = new Trainer(cfg);
		expect(trainer.run(100, () => expect.fail('every = 0 must not call the listener'), 0)).toBe(100);
		expect(trainer.last).toEqual(all.at(-1));
		expect(trainer.last?.epoch).toBe(100);
		expect(trainer.snapshot()).toEqual(full.snapshot());
	});

	it('last is the final epoch even when every does not divide it, and without a listener', () => {
		const odd = new Trainer(cfg);
		odd.run(100, () => undefined, 7);
		expect(odd.last).toEqual(all.at(-1));
		const deaf = new Trainer(cfg);
		deaf.run(100);
		expect(deaf.last).toEqual(all.at(-1));
	});
});

// ---- reset, snapshot, restore ----------------------------------------------

describe('reset()', () => {
	it('returns to epoch 0 and then gives the identical trajectory', () => {
		const cfg = config(2718, 0.05);
		const trainer = new Trainer(cfg);
		const start = trainer.snapshot();
		const first: EpochStats[] = [];
		trainer.run(250, stats => first.push(stats));
		const end = trainer.snapshot();
		const afterSamples = trainer.drawSamples(3);

		trainer.reset();
		expect(trainer.epoch).toBe(0);
		expect(trainer.last).toBeUndefined();
		expect(trainer.diverged).toBeUndefined();
		expect(trainer.snapshot()).toEqual(start);

		const second: EpochStats[] = [];
		trainer.run(250, stats => second.push(stats));
		expect(second).toEqual(first);
		expect(trainer.snapshot()).toEqual(end);
		expect(trainer.drawSamples(3)).toEqual(afterSamples);
	});

	it('clears a divergence', () => {
		const trainer = new Trainer(config(42, 1e3));
		trainer.run(10);
		expect(trainer.diverged).toBeDefined();
		trainer.reset();
		expect(trainer.diverged).toBeUndefined();
		expect(trainer.epoch).toBe(0);
		expect(trainer.snapshot()).toEqual(new Trainer(config(42, 1e3)).snapshot());
	});
});

describe('snapshot() and Trainer.fromSnapshot', () => {
	const cfg = config(42);
	const {trainer: uninterrupted, events: allEvents} = trained(cfg, 1000);
	const finalSnapshot = uninterrupted.snapshot();
	const finalSamples = uninterrupted.drawSamples(4);

	it('a snapshot at epoch 300, through JSON, continues to 1000 bit-identically', () => {
		const first = new Trainer(cfg);
		first.run(300);
		const snapshot = JSON.parse(JSON.stringify(first.snapshot())) as TrainerSnapshot;
		expect(snapshot.epoch).toBe(300);

		const resumed = Trainer.fromSnapshot(snapshot);
		expect(resumed.epoch).toBe(300);
		expect(resumed.last).toEqual(allEvents[299]);
		const events: EpochStats[] = [];
		expect(resumed.run(700, stats => events.push(stats))).toBe(700);
		expect(events).toEqual(allEvents.slice(300));
		expect(resumed.parameters()).toEqual(finalSnapshot.parameters);
		expect(resumed.last).toEqual(finalSnapshot.last);
		expect(resumed.snapshot()).toEqual(finalSnapshot);
		expect(resumed.drawSamples(4)).toEqual(finalSamples);
	});

	it('a snapshot is a plain value: training on does not change it', () => {
		const trainer = new Trainer(cfg);
		trainer.run(10);
		const snapshot = trainer.snapshot();
		const frozen = JSON.stringify(snapshot);
		trainer.run(10);
		trainer.drawSamples(2);
		expect(JSON.stringify(snapshot)).toBe(frozen);
	});

	it('restore() rewinds a trainer to an earlier snapshot', () => {
		const trainer = new Trainer(cfg);
		trainer.run(300);
		const at300 = trainer.snapshot();
		trainer.run(123);
		trainer.drawSamples(5);
		trainer.restore(at300);
		expect(trainer.snapshot()).toEqual(at300);
		trainer.run(700);
		expect(trainer.snapshot()).toEqual(finalSnapshot);
	});

	it('an epoch-0 snapshot restores to a trainer that has not trained', () => {
		const fresh = new Trainer(cfg);
		const snapshot = JSON.parse(JSON.stringify(fresh.snapshot())) as TrainerSnapshot;
		const resumed = Trainer.fromSnapshot(snapshot);
		expect(resumed.last).toBeUndefined();
		expect(resumed.epoch).toBe(0);
		const events: EpochStats[] = [];
		resumed.run(1000, stats => events.push(stats));
		expect(events).toEqual(allEvents);
	});
});

// ---- Divergence ---------------------------------------------------------------

function allFinite(parameters: Parameters): boolean {
	return flat(parameters).every(value => Number.isFinite(value));
}

describe('divergence', () => {
	// Lr 10 saturates D after some dozens of epochs with seed 42 (the first
	// infinite loss); lr 1e3 already in the first epoch; lr 1e300 overflows
	// the parameters themselves.
	const slowCfg = config(42, 10);

	it('a huge learning rate stops the run early, reported, with finite parameters and stats', () => {
		const trainer = new Trainer(slowCfg);
		const heard: EpochStats[] = [];
		const done = trainer.run(1000, stats => heard.push(stats));

		expect(done).toBeGreaterThan(0);
		expect(done).toBeLessThan(1000);
		expect(trainer.epoch).toBe(done);
		const divergence = trainer.diverged;
		expect(divergence).toBeDefined();
		expect(divergence!.epoch).toBe(done + 1);
		expect(typeof divergence!.reason).toBe('string');
		expect(divergence!.reason.length).toBeGreaterThan(0);

		expect(allFinite(trainer.parameters())).toBe(true);
		expect(trainer.last).toBeDefined();
		expect(isFiniteStats(trainer.last!)).toBe(true);
		expect(trainer.last!.epoch).toBe(done);
		expect(heard.map(stats => stats.epoch)).toEqual(Array.from({length: done}, (_, i) => i + 1));
		expect(heard.every(stats => isFiniteStats(stats))).toBe(true);

		// The kept parameters are those of the last finite epoch
		const reference = new Trainer(slowCfg);
		expect(reference.run(done)).toBe(done);
		expect(reference.diverged).toBeUndefined();
		expect(trainer.parameters()).toEqual(reference.parameters());
		expect(trainer.last).toEqual(reference.last);

		// And nothing trains any more
		const frozen = trainer.snapshot();
		expect(trainer.run(10, () => expect.fail('a diverged trainer must not call the listener'))).toBe(0);
		expect(trainer.step()).toBeUndefined();
		expect(trainer.snapshot()).toEqual(frozen);
	});

	it('stops at the same epoch with the same last stats, whatever every is', () => {
		const base = new Trainer(slowCfg);
		const done = base.run(1000);
		for (const every of [0, 1, 7, 1000]) {
			const trainer = new Trainer(slowCfg);
			const heard: EpochStats[] = [];
			expect(trainer.run(1000, stats => heard.push(stats), every)).toBe(done);
			expect(trainer.diverged).toEqual(base.diverged);
			expect(trainer.last).toEqual(base.last);
			expect(heard.every(stats => isFiniteStats(stats) && every > 0 && stats.epoch % every === 0)).toBe(true);
		}
	});

	it('stops at the same epoch when stepped or paced', () => {
		const base = new Trainer(slowCfg);
		const done = base.run(1000);
		const stepper = new Trainer(slowCfg);
		let steps = 0;
		while (stepper.step()) {
			steps++;
			expect(steps).toBeLessThanOrEqual(1000);
		}

		expect(steps).toBe(done);
		expect(stepper.diverged).toEqual(base.diverged);
		expect(flat(stepper.parameters())).toEqual(flat(base.parameters()));
		expect(stepper.last).toEqual(base.last);
	});

	it('a diverged snapshot restores diverged, through JSON', () => {
		const trainer = new Trainer(slowCfg);
		trainer.run(1000);
		const snapshot = JSON.parse(JSON.stringify(trainer.snapshot())) as TrainerSnapshot;
		expect(snapshot.diverged).toEqual(trainer.diverged);
		const restored = Trainer.fromSnapshot(snapshot);
		expect(restored.diverged).toEqual(trainer.diverged);
		expect(restored.run(5)).toBe(0);
		expect(restored.step()).toBeUndefined();
		expect(restored.parameters()).toEqual(trainer.parameters());
	});

	it.each([1e3, 1e6, 1e300])('lr %s diverges in the first epoch, keeping the finite initial parameters', lr => {
		const trainer = new Trainer(config(42, lr));
		const initial = trainer.parameters();
		expect(allFinite(initial)).toBe(true);
		const done = trainer.run(1000, () => expect.fail('no finite epoch to report'));
		expect(done).toBe(0);
		expect(trainer.epoch).toBe(0);
		expect(trainer.diverged?.epoch).toBe(1);
		expect(trainer.diverged?.reason).toMatch(/\S/);
		expect(trainer.parameters()).toEqual(initial);
		expect(trainer.last).toBeUndefined();
		expect(trainer.step()).toBeUndefined();
	});

	it('lr 1e300 overflows the parameters: reported as such, not as a saturated loss', () => {
		const overflow = new Trainer(config(42, 1e300));
		overflow.run(1);
		const saturated = new Trainer(config(42, 1e3));
		saturated.run(1);
		expect(overflow.diverged).toBeDefined();
		expect(saturated.diverged).toBeDefined();
		expect(overflow.diverged!.reason).not.toBe(saturated.diverged!.reason);
		expect(allFinite(overflow.parameters())).toBe(true);
	});

	it('does not call finite losses infinite: −ln D(x) − ln(1 − D(x̂)) ≈ 756 is not a divergence', () => {
		// Crafted: D(x) = σ(−720) ≈ 1e-313 (subnormal, > 0) and D(x̂) = σ(36), 1 − D(x̂) ≈ 2e-16.
		// Both logs are finite (≈ 720 and ≈ 36); only their product D(x)·(1 − D(x̂)) underflows to 0.
		const cfg = config(1, 1e-12, [[1, 0, 0, 1]]);
		const base = new Trainer(cfg).snapshot();
		const p = Float64Array.from([-360, 18, 18, -360, 0, 0, 0, 0, 0, -50, 50, 50, -50]);
		const trainer = Trainer.fromSnapshot({...base, parameters: toParameters(p)});

		// What the model's functions say this epoch's D loss is (the hot loop must agree)
		const expected = replayFrom(cfg, p, base, 1);
		expect(Number.isFinite(expected.stats[0]!.dLoss)).toBe(true);
		expect(expected.stats[0]!.dLoss).toBeGreaterThan(700);

		expect(trainer.run(1)).toBe(1);
		expect(trainer.diverged).toBeUndefined();
		expect(trainer.last).toEqual(expected.stats[0]);
	});

	it('never hands out a non-finite number across many seeds and large learning rates', () => {
		const seeds = Rng.seeded(404);
		for (const lr of [3, 10, 30, 100, 1e4, 1e100, 1e300, Number.MAX_VALUE]) {
			for (let i = 0; i < 5; i++) {
				const trainer = new Trainer(config(seeds.nextUint32(), lr));
				const done = trainer.run(300, stats => {
					if (!isFiniteStats(stats)) {
						expect.fail(`lr ${lr}: non-finite stats ${JSON.stringify(stats)}`);
					}
				});
				expect(trainer.epoch).toBe(done);
				expect(allFinite(trainer.parameters())).toBe(true);
				if (trainer.last) {
					expect(isFiniteStats(trainer.last)).toBe(true);
				}

				if (done < 300) {
					expect(trainer.diverged?.epoch).toBe(done + 1);
				} else {
					expect(trainer.diverged).toBeUndefined();
				}
			}
		}
	});
});

// ---- Configuration ------------------------------------------------------------

describe('configuration', () => {
	it.each([-1, 1.5, 2 ** 32, Number.NaN])('rejects seed %s', seed => {
		expect(() => new Trainer(config(seed))).toThrow(RangeError);
	});

	it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects lr %s', lr => {
		expect(() => new Trainer(config(42, lr))).toThrow(RangeError);
	});

	it('rejects no faces, and a face that is not 4 values', () => {
		expect(() => new Trainer(config(42, 0.01, []))).toThrow(RangeError);
		expect(() => new Trainer(config(42, 0.01, [[1, 0, 0] as unknown as Image]))).toThrow(RangeError);
	});

	it('accepts the ends of the seed range', () => {
		expect(new Trainer(config(0)).epoch).toBe(0);
		expect(new Trainer(config(2 ** 32 - 1)).epoch).toBe(0);
	});

	it("copies the faces: changing the caller's array later changes nothing", () => {
		const faces = slantedFaces.map(face => [...face]) as unknown as Image[];
		const trainer = new Trainer(config(42, 0.01, faces));
		(faces[0] as unknown as number[])[0] = 0;
		faces.pop();
		trainer.run(20);
		const {trainer: reference} = trained(config(42), 20);
		expect(trainer.snapshot().parameters).toEqual(reference.snapshot().parameters);
		expect(trainer.config.faces).toHaveLength(slantedFaces.length);
	});

	it("toParameters(fromParameters(·)) of the trainer's parameters is the identity", () => {
		const trainer = new Trainer(config(7));
		trainer.run(3);
		expect(toParameters(fromParameters(trainer.parameters()))).toEqual(trainer.parameters());
	});
});

describe('restore checks what it is given', () => {
	it('refuses a snapshot of another configuration, and one that is not a run', () => {
		const trainer = new Trainer({seed: 5, ...defaultConfig});
		trainer.run(10);
		const snapshot = trainer.snapshot();
		const other = new Trainer({seed: 6, ...defaultConfig});
		expect(() => other.restore(snapshot)).toThrow(RangeError);
		expect(() => Trainer.fromSnapshot(snapshot)).not.toThrow();
		const same = new Trainer({seed: 5, ...defaultConfig});
		expect(() => same.restore({...snapshot, epoch: -1})).toThrow(RangeError);
		expect(() => same.restore({...snapshot, epoch: 1.5})).toThrow(RangeError);
		const broken = {
			...snapshot.parameters,
			discriminator: {...snapshot.parameters.discriminator, bias: Number.NaN},
		};
		expect(() => same.restore({...snapshot, parameters: broken})).toThrow(RangeError);
		same.restore(snapshot);
		expect(same.snapshot()).toEqual(snapshot);
	});
});
