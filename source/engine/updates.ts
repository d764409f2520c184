/**
 * One epoch as its single SGD updates (`SPEC.md`, "Beyond the tutorial",
 * "Updates"): for each image in order, `d-real` (step 1), `d-fake` (step 4)
 * and `g` (step 5), a frozen net's updates left out. Each is done with the
 * model's own loss and gradient functions and `descend`, so that
 * after = before − η·gradient, and after the epoch's last update the
 * parameters are, bit for bit, those the trainer's loop gives for the epoch
 * (test/engine/updates.test.ts holds them equal).
 *
 * The epoch starts from a trainer's state at an epoch boundary and works on
 * its own copy: the trainer is not touched. Its z values are the ones the
 * trainer will draw for the epoch (from a copy of its random stream), so
 * finishing the epoch with the trainer (`Trainer.run(1)`) goes on from
 * exactly the state the updates reached.
 */
import {
	type GeneratorLoss,
	type Image,
	type Parameters,
	descend,
	discriminate,
	discriminatorGradientOnFake,
	discriminatorGradientOnReal,
	discriminatorLossOnFake,
	discriminatorLossOnReal,
	fromParameters,
	generateImage,
	generatorGradient,
	generatorLoss,
	layout,
	minimaxGeneratorGradient,
	minimaxGeneratorLoss,
	parameterCount,
	toParameters,
} from './model.js';
import {Rng, type RngState} from './rng.js';
import type {Settings} from './trainer.js';

/** Which update: D on the real image (step 1), D on the generated one (step 4), G (step 5). */
export type UpdateStep = 'd-real' | 'd-fake' | 'g';

/** The gradient of the loss an update minimises, in the shape of the parameters of the net it updates. */
export type Gradient =
	| {readonly discriminator: {readonly weights: readonly number[]; readonly bias: number}}
	| {readonly generator: {readonly weights: readonly number[]; readonly biases: readonly number[]}};

/** One SGD update, as it was made: plain values. */
export type Update = {
	/** The epoch it belongs to, from 1. */
	readonly epoch: number;
	/** The real image of this sample: its index in the dataset, from 0. */
	readonly sample: number;
	readonly step: UpdateStep;
	/** Its place in the epoch, from 1, and how many updates the epoch has. */
	readonly index: number;
	readonly count: number;
	/** The sample's real image x, its z, and x̂ = G(z) as the update saw it. */
	readonly real: Image;
	readonly z: number;
	readonly fake: Image;
	/** D's output before the update: D(x) for d-real, D(x̂) for d-fake and g. */
	readonly output: number;
	/** The loss the update minimises, before it: −ln D(x), −ln(1 − D(x̂)), −ln D(x̂) or ln(1 − D(x̂)). */
	readonly loss: number;
	/** The learning rate η and G's loss the epoch trains with. */
	readonly lr: number;
	readonly generatorLoss: GeneratorLoss;
	readonly gradient: Gradient;
	/** All parameters before and after: after = before − η·gradient. */
	readonly before: Parameters;
	readonly after: Parameters;
};

/** Where an epoch starts: a trainer's state at a boundary (see `Trainer.updates`). */
export type EpochStart = {
	/** Completed epochs so far: the updates are of the next one. */
	readonly epoch: number;
	readonly parameters: Parameters;
	/** The random stream as the epoch will draw its z from it. */
	readonly rng: RngState;
	readonly settings: Settings;
	readonly faces: readonly Image[];
};

export class EpochUpdates {
	/** The epoch these updates make, from 1. */
	readonly epoch: number;
	/** Updates in the epoch: (2 if D trains + 1 if G trains) per image. */
	readonly count: number;
	private readonly p: Float64Array;
	private readonly grad = new Float64Array(parameterCount);
	private readonly zs: Float64Array;
	private readonly steps: readonly UpdateStep[];
	private readonly settings: Settings;
	private readonly faces: readonly Image[];
	private applied = 0;

	constructor(start: EpochStart) {
		this.epoch = start.epoch + 1;
		this.p = fromParameters(start.parameters);
		this.settings = start.settings;
		this.faces = start.faces;
		this.zs = new Float64Array(start.faces.length);
		Rng.fromState(start.rng).fillUniforms(this.zs, start.faces.length);
		const {train} = start.settings;
		this.steps = [
			...(train === 'g' ? [] : (['d-real', 'd-fake'] as const)),
			...(train === 'd' ? [] : (['g'] as const)),
		];
		this.count = this.steps.length * start.faces.length;
	}

	/** Updates made so far. */
	get done(): number {
		return this.applied;
	}

	/** All of the epoch's updates are made. */
	get finished(): boolean {
		return this.applied === this.count;
	}

	/** The parameters as the updates made so far left them. */
	parameters(): Parameters {
		return toParameters(this.p);
	}

	/** G(z) with the generator as it now is. */
	generate(z: number): Image {
		return generateImage(this.p, z);
	}

	/** D(x) with the discriminator as it now is. */
	discriminate(image: Image): number {
		return discriminate(this.p, image);
	}

	/** Makes the next update and returns it; undefined once the epoch is done. */
	next(): Update | undefined {
		if (this.finished) {
			return undefined;
		}

		const sample = Math.floor(this.applied / this.steps.length);
		const step = this.steps[this.applied % this.steps.length]!;
		const {p, grad, settings} = this;
		const x = this.faces[sample]!;
		const z = this.zs[sample]!;
		const before = toParameters(p);
		const fake = this.generate(z);
		let output: number;
		let loss: number;
		switch (step) {
			case 'd-real': {
				// −ln D(x): ∂/∂v = −(1−p)·x, ∂/∂b = −(1−p)
				output = discriminate(p, x);
				loss = discriminatorLossOnReal(p, x);
				discriminatorGradientOnReal(p, x, grad);
				break;
			}

			case 'd-fake': {
				// −ln(1 − D(x̂)): ∂/∂v = q·x̂, ∂/∂b = q
				output = discriminate(p, fake);
				loss = discriminatorLossOnFake(p, fake);
				discriminatorGradientOnFake(p, fake, grad);
				break;
			}

			case 'g': {
				// −ln D(G(z)) or ln(1 − D(G(z))): ∂/∂wᵢ = −fᵢ·z, ∂/∂cᵢ = −fᵢ
				output = discriminate(p, fake);
				const minimax = settings.loss === 'minimax';
				loss = minimax ? minimaxGeneratorLoss(p, z) : generatorLoss(p, z);
				(minimax ? minimaxGeneratorGradient : generatorGradient)(p, z, grad);
				break;
			}
		}

		descend(p, grad, settings.lr);
		this.applied++;
		return {
			epoch: this.epoch,
			sample,
			step,
			index: this.applied,
			count: this.count,
			real: x,
			z,
			fake,
			output,
			loss,
			lr: settings.lr,
			generatorLoss: settings.loss,
			gradient: gradientOf(step, grad),
			before,
			after: toParameters(p),
		};
	}
}

/** The gradient's part for the net the step updates. */
function gradientOf(step: UpdateStep, grad: Float64Array): Gradient {
	if (step === 'g') {
		return {
			generator: {
				weights: Array.from(grad.subarray(layout.w, layout.w + 4)),
				biases: Array.from(grad.subarray(layout.c, layout.c + 4)),
			},
		};
	}

	return {discriminator: {weights: Array.from(grad.subarray(layout.v, layout.v + 4)), bias: grad[layout.b]!}};
}
