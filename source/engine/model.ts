/**
 * The model of "GANs in Slanted Land": a one-layer discriminator and a
 * one-layer generator on 2×2 images, and beside each loss its hand-derived
 * gradient (`SPEC.md`, "Gradients"; the minimax generator loss from "Beyond
 * the tutorial"). The 13 parameters live in one Float64Array, in the RNG's
 * draw order.
 *
 * These functions are the model as the tests check it (finite differences,
 * the reference run). The trainer's hot loop performs the same arithmetic
 * on local variables, and a test holds it bit-identical to `descend` with
 * these gradients in the tutorial's order, for each generator loss and
 * each choice of the nets that train.
 */

import {sigmoid} from './sigmoid.js';

export {sigmoid} from './sigmoid.js';

/** A 2×2 image, row-major `[x11, x12, x21, x22]`, values in [0, 1], high = dark. */
export type Image = readonly [number, number, number, number];

/** The generator's loss: the tutorial's `−ln D(G(z))`, or the original GAN's `ln(1 − D(G(z)))`. */
export type GeneratorLoss = 'nonsaturating' | 'minimax';

export const generatorLosses: readonly GeneratorLoss[] = ['nonsaturating', 'minimax'];

/** Index of each parameter in the Float64Array: D's v and b, then G's w and c (the RNG's draw order). */
export const layout = {v: 0, b: 4, w: 5, c: 9} as const;
export const parameterCount = 13;

/** The parameters as named, plain values: what snapshots and output carry. */
export type Parameters = {
	readonly generator: {readonly weights: readonly number[]; readonly biases: readonly number[]};
	readonly discriminator: {readonly weights: readonly number[]; readonly bias: number};
};

export function toParameters(p: Float64Array): Parameters {
	return {
		generator: {weights: Array.from(p.subarray(5, 9)), biases: Array.from(p.subarray(9, 13))},
		discriminator: {weights: Array.from(p.subarray(0, 4)), bias: p[4]!},
	};
}

export function fromParameters(parameters: Parameters): Float64Array {
	const {generator, discriminator} = parameters;
	const values = [...discriminator.weights, discriminator.bias, ...generator.weights, ...generator.biases];
	const shaped = discriminator.weights.length === 4 && generator.weights.length === 4 && generator.biases.length === 4;
	if (!shaped || values.length !== parameterCount || values.some(value => typeof value !== 'number')) {
		throw new RangeError('parameters need 4 generator weights, 4 biases, 4 discriminator weights and a bias');
	}

	return Float64Array.from(values);
}

// ---- Discriminator: D(x) = σ(v·x + b) ------------------------------------

/** D(x) for the image at `x[at … at+3]`. */
export function discriminate(p: Float64Array, x: ArrayLike<number>, at = 0): number {
	return sigmoid(x[at]! * p[0]! + x[at + 1]! * p[1]! + x[at + 2]! * p[2]! + x[at + 3]! * p[3]! + p[4]!);
}

/** D's loss on a real image: −ln D(x). */
export function discriminatorLossOnReal(p: Float64Array, x: ArrayLike<number>): number {
	return -Math.log(discriminate(p, x));
}

/** Writes ∂(−ln D(x))/∂θ into `grad` (zero for G's parameters). */
export function discriminatorGradientOnReal(p: Float64Array, x: ArrayLike<number>, grad: Float64Array): Float64Array {
	// ∂/∂v = −(1−p)·x,  ∂/∂b = −(1−p),  p = D(x)
	const g = 1 - discriminate(p, x);
	grad.fill(0);
	for (let i = 0; i < 4; i++) {
		grad[layout.v + i] = -(x[i]! * g);
	}

	grad[layout.b] = -g;
	return grad;
}

/** D's loss on a generated image: −ln(1 − D(x̂)). */
export function discriminatorLossOnFake(p: Float64Array, xHat: ArrayLike<number>): number {
	return -Math.log(1 - discriminate(p, xHat));
}

/** Writes ∂(−ln(1 − D(x̂)))/∂θ into `grad`, x̂ held fixed (zero for G's parameters). */
export function discriminatorGradientOnFake(
	p: Float64Array,
	xHat: ArrayLike<number>,
	grad: Float64Array,
): Float64Array {
	// ∂/∂v = q·x̂,  ∂/∂b = q,  q = D(x̂)
	const q = discriminate(p, xHat);
	grad.fill(0);
	for (let i = 0; i < 4; i++) {
		grad[layout.v + i] = xHat[i]! * q;
	}

	grad[layout.b] = q;
	return grad;
}

// ---- Generator: G(z)ᵢ = σ(wᵢ·z + cᵢ) ---------------------------------------

/** Writes G(z) into `out`. */
export function generate(p: Float64Array, z: number, out: Float64Array): Float64Array {
	for (let i = 0; i < 4; i++) {
		out[i] = sigmoid(z * p[layout.w + i]! + p[layout.c + i]!);
	}

	return out;
}

/** G(z) as a plain image. */
export function generateImage(p: Float64Array, z: number): Image {
	const out = generate(p, z, new Float64Array(4));
	return [out[0]!, out[1]!, out[2]!, out[3]!];
}

/** G's (non-saturating) loss: −ln D(G(z)). */
export function generatorLoss(p: Float64Array, z: number): number {
	return -Math.log(discriminate(p, generate(p, z, new Float64Array(4))));
}

/** Writes ∂(−ln D(G(z)))/∂θ into `grad`, D held fixed (zero for D's parameters). */
export function generatorGradient(p: Float64Array, z: number, grad: Float64Array): Float64Array {
	// ∂/∂wᵢ = −fᵢ·z,  ∂/∂cᵢ = −fᵢ,  fᵢ = (1−y)·vᵢ·x̂ᵢ·(1−x̂ᵢ),  x̂ = G(z),  y = D(x̂)
	const xHat = generate(p, z, new Float64Array(4));
	const h = 1 - discriminate(p, xHat);
	grad.fill(0);
	for (let i = 0; i < 4; i++) {
		const f = h * p[layout.v + i]! * xHat[i]! * (1 - xHat[i]!);
		grad[layout.w + i] = -(f * z);
		grad[layout.c + i] = -f;
	}

	return grad;
}

/** G's minimax loss, the original GAN objective: ln(1 − D(G(z))). */
export function minimaxGeneratorLoss(p: Float64Array, z: number): number {
	return Math.log(1 - discriminate(p, generate(p, z, new Float64Array(4))));
}

/** Writes ∂(ln(1 − D(G(z))))/∂θ into `grad`, D held fixed (zero for D's parameters). */
export function minimaxGeneratorGradient(p: Float64Array, z: number, grad: Float64Array): Float64Array {
	// ∂/∂wᵢ = −fᵢ·z,  ∂/∂cᵢ = −fᵢ,  fᵢ = y·vᵢ·x̂ᵢ·(1−x̂ᵢ),  x̂ = G(z),  y = D(x̂)
	// (∂ln(1−y)/∂x̂ᵢ = −y·vᵢ: the non-saturating loss's with y for 1−y, and the same sign)
	const xHat = generate(p, z, new Float64Array(4));
	const y = discriminate(p, xHat);
	grad.fill(0);
	for (let i = 0; i < 4; i++) {
		const f = y * p[layout.v + i]! * xHat[i]! * (1 - xHat[i]!);
		grad[layout.w + i] = -(f * z);
		grad[layout.c + i] = -f;
	}

	return grad;
}

/** Plain SGD: θ ← θ − η·∇. */
export function descend(p: Float64Array, grad: Float64Array, lr: number): void {
	for (let i = 0; i < parameterCount; i++) {
		p[i]! -= lr * grad[i]!;
	}
}
