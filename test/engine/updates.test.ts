/**
 * One epoch as its single SGD updates (source/engine/updates.ts): against the
 * trainer's loop (bit for bit), the tutorial's numpy run, an independent
 * computation of each update's loss, and central finite differences of it.
 */
import {describe, expect, it} from 'vitest';
import {
	type Image,
	type Parameters,
	discriminatorGradientOnFake,
	discriminatorGradientOnReal,
	generatorGradient,
	minimaxGeneratorGradient,
} from '../../source/engine/model.js';
import {type Settings, type TrainMode, Trainer, defaultConfig} from '../../source/engine/trainer.js';
import type {Update} from '../../source/engine/updates.js';
import {readReference} from '../helpers/reference.js';

const reference = readReference();

/** The 13 parameters in one list, D's v and b, then G's w and c. */
function flat(parameters: Parameters): number[] {
	const {discriminator: d, generator: g} = parameters;
	return [...d.weights, d.bias, ...g.weights, ...g.biases];
}

/** Every update of the trainer's next epoch, the trainer left as it was. */
function updatesOf(trainer: Trainer): Update[] {
	const epoch = trainer.updates();
	const made: Update[] = [];
	for (let update = epoch.next(); update !== undefined; update = epoch.next()) {
		made.push(update);
	}

	expect(epoch.finished).toBe(true);
	expect(epoch.next()).toBeUndefined();
	return made;
}

const twoImages: readonly Image[] = [
	[0.1, 0.9, 0.8, 0.2],
	[1, 0, 0.3, 0.7],
];

describe('an epoch as its updates', () => {
	it('makes the first epoch of seed 42 as the tutorial did: its z, its G loss, its parameters', () => {
		const updates = updatesOf(new Trainer({seed: 42, ...defaultConfig}));
		expect(updates.map(u => `${u.sample}:${u.step}`)).toEqual(
			[0, 1, 2, 3, 4].flatMap(i => [`${i}:d-real`, `${i}:d-fake`, `${i}:g`]),
		);
		expect(updates.map(u => u.index)).toEqual(Array.from({length: 15}, (_, i) => i + 1));
		expect(new Set(updates.map(u => u.count))).toEqual(new Set([15]));
		expect(new Set(updates.map(u => u.epoch))).toEqual(new Set([1]));
		// The z of each sample, exactly: no exp in them
		expect(updates.filter(u => u.step === 'g').map(u => u.z)).toEqual(reference.z_first_2_epochs.slice(0, 5));
		// D's output on x̂ at d-fake is taken where the notebook records G's error, −ln D(G(z))
		const recorded = reference.errors_per_sample.generator.slice(0, 5);
		updates
			.filter(u => u.step === 'd-fake')
			.forEach((u, i) => {
				expect(Math.abs(-Math.log(u.output) - recorded[i]!)).toBeLessThan(1e-12);
			});
		const after = reference.params_after_epoch['0']!;
		const expected = [...after.D_weights, after.D_bias, ...after.G_weights, ...after.G_biases];
		flat(updates.at(-1)!.after).forEach((value, i) => {
			expect(Math.abs(value - expected[i]!)).toBeLessThan(1e-12);
		});
	});

	const variants: ReadonlyArray<{readonly name: string; readonly settings: Settings; readonly perImage: number}> = [
		{name: 'the tutorial’s settings', settings: {lr: 0.01, loss: 'nonsaturating', train: 'both'}, perImage: 3},
		{name: 'minimax', settings: {lr: 0.05, loss: 'minimax', train: 'both'}, perImage: 3},
		{name: 'D only', settings: {lr: 0.02, loss: 'nonsaturating', train: 'd'}, perImage: 2},
		{name: 'G only, minimax', settings: {lr: 0.03, loss: 'minimax', train: 'g'}, perImage: 1},
	];

	for (const {name, settings, perImage} of variants) {
		it(`ends, bit for bit, where the trainer's epoch ends (${name}), leaving the trainer as it was`, () => {
			for (const faces of [defaultConfig.faces, twoImages]) {
				const trainer = new Trainer({seed: 7, lr: 0.01, faces});
				trainer.run(37);
				trainer.configure(settings);
				for (let epoch = 0; epoch < 3; epoch++) {
					const before = JSON.stringify(trainer.snapshot());
					const updates = updatesOf(trainer);
					expect(JSON.stringify(trainer.snapshot())).toBe(before);
					expect(updates).toHaveLength(perImage * faces.length);
					// Each update starts where the one before ended
					for (let i = 1; i < updates.length; i++) {
						expect(updates[i]!.before).toEqual(updates[i - 1]!.after);
					}

					expect(trainer.run(1)).toBe(1);
					expect(flat(updates.at(-1)!.after)).toEqual(flat(trainer.parameters()));
					// The trainer drew the same z: the next epoch's updates start from its stream
				}
			}
		});
	}

	it('skips a frozen net’s updates and changes only the parameters of the net it updates', () => {
		const modes: TrainMode[] = ['both', 'd', 'g'];
		for (const train of modes) {
			const trainer = new Trainer({seed: 3, lr: 0.01, faces: defaultConfig.faces, train});
			for (const update of updatesOf(trainer)) {
				expect(train === 'g' ? ['g'] : train === 'd' ? ['d-real', 'd-fake'] : ['d-real', 'd-fake', 'g']).toContain(
					update.step,
				);
				const before = flat(update.before);
				const after = flat(update.after);
				const changed = after.map((value, i) => value !== before[i]);
				const dChanged = changed.slice(0, 5).some(Boolean);
				const gChanged = changed.slice(5).some(Boolean);
				expect([dChanged, gChanged]).toEqual(update.step === 'g' ? [false, true] : [true, false]);
			}
		}
	});
});

/** σ as plain math, independent of the engine's exp. */
const sigma = (t: number): number => 1 / (1 + Math.exp(-t));
const dOf = (p: readonly number[], x: readonly number[]): number =>
	sigma(p[0]! * x[0]! + p[1]! * x[1]! + p[2]! * x[2]! + p[3]! * x[3]! + p[4]!);
const gOf = (p: readonly number[], z: number): number[] => [0, 1, 2, 3].map(i => sigma(p[5 + i]! * z + p[9 + i]!));

/** The loss an update minimises, as a function of all 13 parameters (x̂ held fixed for D's steps, as SPEC has it). */
function lossOf(update: Update): (p: readonly number[]) => number {
	const {step, real, fake, z, generatorLoss} = update;
	switch (step) {
		case 'd-real': {
			return p => -Math.log(dOf(p, real));
		}

		case 'd-fake': {
			return p => -Math.log(1 - dOf(p, fake));
		}

		case 'g': {
			return generatorLoss === 'minimax' ? p => Math.log(1 - dOf(p, gOf(p, z))) : p => -Math.log(dOf(p, gOf(p, z)));
		}
	}
}

/** The gradient as the update gives it, on all 13 parameters (0 for the net it does not update). */
function gradientOf(update: Update): number[] {
	const {gradient} = update;
	return 'discriminator' in gradient
		? [...gradient.discriminator.weights, gradient.discriminator.bias, ...Array.from({length: 8}, () => 0)]
		: [0, 0, 0, 0, 0, ...gradient.generator.weights, ...gradient.generator.biases];
}

describe('each update', () => {
	// A run of several epochs, with both generator losses and a dataset of two images
	const runs = [
		{seed: 42, faces: defaultConfig.faces, settings: {lr: 0.01, loss: 'nonsaturating', train: 'both'}},
		{seed: 11, faces: twoImages, settings: {lr: 0.1, loss: 'minimax', train: 'both'}},
	] as const;
	const updates = runs.flatMap(({seed, faces, settings}) => {
		const trainer = new Trainer({seed, lr: 0.01, faces});
		trainer.run(200);
		trainer.configure(settings);
		return [0, 1, 2].flatMap(() => {
			const epoch = updatesOf(trainer);
			trainer.run(1);
			return epoch;
		});
	});

	it('moves the parameters against its gradient: after = before − η·gradient, exactly', () => {
		expect(updates.length).toBeGreaterThan(50);
		for (const update of updates) {
			const before = flat(update.before);
			const gradient = gradientOf(update);
			expect(flat(update.after)).toEqual(before.map((value, i) => value - update.lr * gradient[i]!));
		}
	});

	it('has the gradient model.ts’s own functions give at the parameters before it', () => {
		for (const update of updates) {
			const p = Float64Array.from(flat(update.before));
			const grad = new Float64Array(13);
			const fake = Float64Array.from(update.fake);
			if (update.step === 'd-real') {
				discriminatorGradientOnReal(p, update.real, grad);
			} else if (update.step === 'd-fake') {
				discriminatorGradientOnFake(p, fake, grad);
			} else if (update.generatorLoss === 'minimax') {
				minimaxGeneratorGradient(p, update.z, grad);
			} else {
				generatorGradient(p, update.z, grad);
			}

			const net = update.step === 'g' ? [5, 6, 7, 8, 9, 10, 11, 12] : [0, 1, 2, 3, 4];
			expect(net.map(i => gradientOf(update)[i])).toEqual(net.map(i => grad[i]));
		}
	});

	it('reports D’s output and the loss as an independent computation gives them', () => {
		for (const update of updates) {
			const p = flat(update.before);
			for (const [i, value] of update.fake.entries()) {
				expect(Math.abs(value - gOf(p, update.z)[i]!)).toBeLessThan(1e-14);
			}

			const output = dOf(p, update.step === 'd-real' ? update.real : update.fake);
			expect(Math.abs(update.output - output)).toBeLessThan(1e-14);
			expect(Math.abs(update.loss - lossOf(update)(p))).toBeLessThan(1e-12 * (1 + Math.abs(update.loss)));
		}
	});

	it('has the gradient of its loss in the parameters of the net it updates, by central finite differences', () => {
		// As test/engine/model.test.ts: h = 1e-6, |analytic − numeric| ≤ 1e-7·(1 + |analytic|)
		const h = 1e-6;
		for (const update of updates) {
			const p = flat(update.before);
			const loss = lossOf(update);
			const gradient = gradientOf(update);
			const net = update.step === 'g' ? [5, 6, 7, 8, 9, 10, 11, 12] : [0, 1, 2, 3, 4];
			for (const j of net) {
				const plus = p.map((value, i) => (i === j ? value + h : value));
				const minus = p.map((value, i) => (i === j ? value - h : value));
				const numeric = (loss(plus) - loss(minus)) / (plus[j]! - minus[j]!);
				expect(Math.abs(gradient[j]! - numeric), `${update.step} ∂/∂θ${j}`).toBeLessThan(
					1e-7 * (1 + Math.abs(gradient[j]!)),
				);
			}
		}
	});
});
