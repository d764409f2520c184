import {describe, expect, it} from 'vitest';
import {
	type Parameters,
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
	layout,
	minimaxGeneratorGradient,
	minimaxGeneratorLoss,
	parameterCount,
	sigmoid,
	toParameters,
} from '../../source/engine/model.js';
import {Rng} from '../../source/engine/rng.js';

/** The spacing of the doubles at x (x normal, > 0). */
function ulpOf(x: number): number {
	return 2 ** (Math.floor(Math.log2(x)) - 52);
}

const dIndices = [0, 1, 2, 3, 4]; // V, b
const gIndices = [5, 6, 7, 8, 9, 10, 11, 12]; // W, c
const allIndices = [...dIndices, ...gIndices];

/** A random point: parameters ~ 2·N(0, 1), an image and a z uniform in [0, 1). */
function randomPoint(rng: Rng): {p: Float64Array; x: Float64Array; z: number} {
	const p = Float64Array.from({length: parameterCount}, () => 2 * rng.normal());
	const x = Float64Array.from({length: 4}, () => rng.uniform());
	return {p, x, z: rng.uniform()};
}

/** Central difference of f at p along parameter j, with step h (the actual step, after rounding). */
function centralDifference(f: (p: Float64Array) => number, p: Float64Array, j: number, h: number): number {
	const plus = Float64Array.from(p);
	const minus = Float64Array.from(p);
	plus[j]! += h;
	minus[j]! -= h;
	return (f(plus) - f(minus)) / (plus[j]! - minus[j]!);
}

// Finite-difference check. Tolerance: |analytic − numeric| ≤ 1e-7·(1 + |analytic|),
// step h = 1e-6. The central difference's truncation error is O(h²) ≈ 1e-12 and
// its rounding error about ε·|f|/h ≈ 1e-10, far inside that; a wrong sign,
// factor or missing term is off by far more.
// One exception, stated: −ln(1 − D) is ill-conditioned where D → 1. 1 − D
// carries an absolute rounding error of about ε = 2^-52, so the loss itself is
// only known to ε/(1 − D), and the difference quotient to ε/((1 − D)·h): at
// D = 1 − 1e-5 that is 2e-5, whatever the gradient. For the fake-image loss
// the tolerance gets that term added (it exceeds 1e-7 only where 1 − D < 2e-3).
const h = 1e-6;
const tolerance = 1e-7;
const points = 250;
const epsilon = 2 ** -52;

function checkGradient(
	name: string,
	loss: (p: Float64Array) => number,
	gradient: (p: Float64Array, grad: Float64Array) => Float64Array,
	p: Float64Array,
	checked: readonly number[],
	zero: readonly number[],
	roundingAllowance = 0,
): void {
	// Start from garbage: the gradient must write every entry
	const grad = gradient(p, new Float64Array(parameterCount).fill(Number.NaN));
	for (const j of zero) {
		if (!Object.is(grad[j], 0)) {
			expect.fail(`${name}: entry ${j} must be exactly 0, is ${grad[j]}`);
		}
	}

	for (const j of checked) {
		const analytic = grad[j]!;
		const numeric = centralDifference(loss, p, j, h);
		if (!(Math.abs(analytic - numeric) <= tolerance * (1 + Math.abs(analytic)) + roundingAllowance)) {
			expect.fail(`${name}: ∂/∂θ${j} analytic ${analytic} vs numeric ${numeric} at p = [${Array.from(p).join(', ')}]`);
		}
	}
}

/** The difference quotient's rounding error for −ln(1 − D(x̂)): ε/((1 − D)·h). */
function fakeLossRounding(p: Float64Array, xHat: ArrayLike<number>): number {
	return epsilon / ((1 - discriminate(p, xHat)) * h);
}

describe('hand-derived gradients against central finite differences', () => {
	it('discriminatorGradientOnReal is the gradient of discriminatorLossOnReal (all 13 components)', () => {
		const rng = Rng.seeded(1001);
		for (let i = 0; i < points; i++) {
			const {p, x} = randomPoint(rng);
			// The loss does not depend on G's parameters: their numeric derivative is 0, as the analytic one
			checkGradient(
				'real',
				q => discriminatorLossOnReal(q, x),
				(q, g) => discriminatorGradientOnReal(q, x, g),
				p,
				allIndices,
				gIndices,
			);
		}
	});

	it('discriminatorGradientOnFake is the gradient of discriminatorLossOnFake, x̂ held fixed (all 13 components)', () => {
		const rng = Rng.seeded(1002);
		for (let i = 0; i < points; i++) {
			const {p, z} = randomPoint(rng);
			// A realistic x̂: G(z) at this point, then held fixed
			const xHat = generate(p, z, new Float64Array(4));
			checkGradient(
				'fake',
				q => discriminatorLossOnFake(q, xHat),
				(q, g) => discriminatorGradientOnFake(q, xHat, g),
				p,
				allIndices,
				gIndices,
				fakeLossRounding(p, xHat),
			);
		}
	});

	it('discriminatorGradientOnFake also holds for arbitrary images in [0, 1]', () => {
		const rng = Rng.seeded(1003);
		for (let i = 0; i < points; i++) {
			const {p, x} = randomPoint(rng);
			checkGradient(
				'fake',
				q => discriminatorLossOnFake(q, x),
				(q, g) => discriminatorGradientOnFake(q, x, g),
				p,
				allIndices,
				gIndices,
				fakeLossRounding(p, x),
			);
		}
	});

	it('generatorGradient is the gradient of generatorLoss w.r.t. w and c, D held fixed (D entries exactly 0)', () => {
		const rng = Rng.seeded(1004);
		for (let i = 0; i < points; i++) {
			const {p, z} = randomPoint(rng);
			checkGradient(
				'generator',
				q => generatorLoss(q, z),
				(q, g) => generatorGradient(q, z, g),
				p,
				gIndices,
				dIndices,
			);
		}
	});

	it('minimaxGeneratorGradient is the gradient of minimaxGeneratorLoss w.r.t. w and c, D held fixed (D entries exactly 0)', () => {
		const rng = Rng.seeded(1007);
		for (let i = 0; i < points; i++) {
			const {p, z} = randomPoint(rng);
			// Ln(1 − y) is ill-conditioned where y → 1, as −ln(1 − D(x̂)) is: the same allowance
			checkGradient(
				'minimax generator',
				q => minimaxGeneratorLoss(q, z),
				(q, g) => minimaxGeneratorGradient(q, z, g),
				p,
				gIndices,
				dIndices,
				fakeLossRounding(p, generate(p, z, new Float64Array(4))),
			);
		}
	});

	it('the check rejects the non-saturating gradient, or a negated one, as the minimax gradient', () => {
		const rng = Rng.seeded(1008);
		const {p, z} = randomPoint(rng);
		const loss = (q: Float64Array) => minimaxGeneratorLoss(q, z);
		const negated = (q: Float64Array, g: Float64Array) => {
			minimaxGeneratorGradient(q, z, g);
			for (const j of gIndices) {
				g[j] = -g[j]!;
			}

			return g;
		};

		expect(() =>
			checkGradient('non-saturating', loss, (q, g) => generatorGradient(q, z, g), p, gIndices, dIndices),
		).toThrow();
		expect(() => checkGradient('negated', loss, negated, p, gIndices, dIndices)).toThrow();
	});

	it('the check itself rejects a gradient off by a relative 1e-5 or with a wrong sign', () => {
		const rng = Rng.seeded(1006);
		const {p, x, z} = randomPoint(rng);
		const scaled = (factor: number) => (q: Float64Array, g: Float64Array) => {
			generatorGradient(q, z, g);
			for (const j of gIndices) {
				g[j]! *= factor;
			}

			return g;
		};

		const loss = (q: Float64Array) => generatorLoss(q, z);
		expect(() => checkGradient('scaled', loss, scaled(1 + 1e-5), p, gIndices, dIndices)).toThrow();
		expect(() => checkGradient('negated', loss, scaled(-1), p, gIndices, dIndices)).toThrow();
		expect(() => checkGradient('exact', loss, scaled(1), p, gIndices, dIndices)).not.toThrow();
		// A nonzero entry where zero is required is caught too
		expect(() =>
			checkGradient(
				'real as fake',
				q => discriminatorLossOnReal(q, x),
				(q, g) => discriminatorGradientOnReal(q, x, g),
				p,
				allIndices,
				dIndices,
			),
		).toThrow();
	});

	it('the gradients are not trivially zero', () => {
		const rng = Rng.seeded(1005);
		const {p, x, z} = randomPoint(rng);
		const grad = new Float64Array(parameterCount);
		expect(dIndices.every(j => discriminatorGradientOnReal(p, x, grad)[j] !== 0)).toBe(true);
		expect(dIndices.every(j => discriminatorGradientOnFake(p, x, grad)[j] !== 0)).toBe(true);
		expect(gIndices.every(j => generatorGradient(p, z, grad)[j] !== 0)).toBe(true);
		expect(gIndices.every(j => minimaxGeneratorGradient(p, z, grad)[j] !== 0)).toBe(true);
	});
});

describe("SPEC's G updates are descent on the loss each minimises (parameters after = before − η·gradient)", () => {
	// SPEC, "Generator loss variants": both update wᵢ ← wᵢ + η·fᵢ·z, cᵢ ← cᵢ + η·fᵢ, with
	// fᵢ = (1−y)·vᵢ·x̂ᵢ·(1−x̂ᵢ) (nonsaturating, −ln y) or fᵢ = y·vᵢ·x̂ᵢ·(1−x̂ᵢ) (minimax, ln(1 − y))
	function specUpdate(p: Float64Array, z: number, lr: number, minimax: boolean): Float64Array {
		const xHat = generate(p, z, new Float64Array(4));
		const y = discriminate(p, xHat);
		const after = Float64Array.from(p);
		for (let i = 0; i < 4; i++) {
			const f = (minimax ? y : 1 - y) * p[layout.v + i]! * xHat[i]! * (1 - xHat[i]!);
			after[layout.w + i]! += lr * (f * z);
			after[layout.c + i]! += lr * f;
		}

		return after;
	}

	it.each([
		['nonsaturating', false, generatorGradient, generatorLoss],
		['minimax', true, minimaxGeneratorGradient, minimaxGeneratorLoss],
	] as const)(
		'%s: the update written in SPEC is descend with the gradient, bit for bit, and lowers the loss',
		(_name, minimax, gradient, loss) => {
			const rng = Rng.seeded(1009);
			let lowered = 0;
			for (let i = 0; i < points; i++) {
				const {p, z} = randomPoint(rng);
				const lr = 1e-4;
				const descended = Float64Array.from(p);
				descend(descended, gradient(p, z, new Float64Array(parameterCount)), lr);
				expect(Array.from(specUpdate(p, z, lr, minimax))).toEqual(Array.from(descended));
				// A small step along −gradient lowers the loss (where the gradient is not negligible)
				const g = gradient(p, z, new Float64Array(parameterCount));
				const norm = Math.hypot(...g);
				if (norm > 1e-3) {
					expect(loss(descended, z)).toBeLessThan(loss(p, z));
					lowered++;
				}
			}

			expect(lowered).toBeGreaterThan(points / 4);
		},
	);
});

describe("the model's formulas", () => {
	it('D(x) = σ(v·x + b) and G(z)ᵢ = σ(wᵢ·z + cᵢ), on the layout v, b, w, c', () => {
		const p = Float64Array.from([0.5, -1, 2, 0.25, -0.75, 1, 2, 3, 4, -1, -2, -3, -4]);
		const x = [0.1, 0.2, 0.3, 0.4];
		const t = 0.5 * 0.1 - 1 * 0.2 + 2 * 0.3 + 0.25 * 0.4 - 0.75;
		expect(discriminate(p, x)).toBeCloseTo(1 / (1 + Math.exp(-t)), 15);
		expect(layout).toEqual({v: 0, b: 4, w: 5, c: 9});
		const out = generate(p, 0.5, new Float64Array(4));
		for (let i = 0; i < 4; i++) {
			const s = 0.5 * p[5 + i]! + p[9 + i]!;
			expect(out[i]).toBeCloseTo(1 / (1 + Math.exp(-s)), 15);
		}

		expect(discriminatorLossOnReal(p, x)).toBeCloseTo(-Math.log(discriminate(p, x)), 15);
		expect(discriminatorLossOnFake(p, x)).toBeCloseTo(-Math.log(1 - discriminate(p, x)), 15);
		expect(generatorLoss(p, 0.5)).toBeCloseTo(-Math.log(discriminate(p, out)), 15);
		expect(minimaxGeneratorLoss(p, 0.5)).toBeCloseTo(Math.log(1 - discriminate(p, out)), 15);
	});

	it('discriminate reads the image at an offset', () => {
		const p = Float64Array.from({length: 13}, (_, i) => (i - 6) / 5);
		const images = [9, 9, 0.1, 0.2, 0.3, 0.4];
		expect(discriminate(p, images, 2)).toBe(discriminate(p, [0.1, 0.2, 0.3, 0.4]));
	});

	it('descend is θ ← θ − η·∇', () => {
		const p = Float64Array.from({length: 13}, (_, i) => i);
		const grad = Float64Array.from({length: 13}, (_, i) => (i % 2 === 0 ? 1 : -2));
		descend(p, grad, 0.5);
		expect(Array.from(p)).toEqual(Array.from({length: 13}, (_, i) => i - 0.5 * (i % 2 === 0 ? 1 : -2)));
	});
});

describe('sigmoid', () => {
	const rng = Rng.seeded(2001);
	const ts = [-700, -36, -1, -0.5, 0, 0.5, 1, 20, 36];
	for (let i = 0; i < 20_000; i++) {
		ts.push(-700 + 736 * rng.uniform());
	}

	for (let i = 0; i < 5000; i++) {
		ts.push(-10 + 20 * rng.uniform()); // Dense where training lives
	}

	it("is within 5 ulp of the tutorial's form with Math.exp (each is within 3.5 and 2 ulp of σ)", () => {
		for (const t of ts) {
			const withMathExp = Math.exp(t) / (1 + Math.exp(t));
			const ulps = Math.abs(sigmoid(t) - withMathExp) / ulpOf(withMathExp);
			if (!(ulps <= 5)) {
				expect.fail(`sigmoid(${t}) = ${sigmoid(t)}, with Math.exp ${withMathExp}: ${ulps} ulp apart`);
			}
		}
	});

	it.each([40, 100, 709, 710, 1000, 1e308, Number.MAX_VALUE])('is 1 for t = %s', t => {
		expect(sigmoid(t)).toBe(1);
	});

	it.each([-746, -800, -1e308, -Number.MAX_VALUE])('is 0 for t = %s', t => {
		expect(sigmoid(t)).toBe(0);
	});

	it('is never NaN and stays in [0, 1] for finite t', () => {
		const rng = Rng.seeded(2002);
		for (let i = 0; i < 20_000; i++) {
			// Magnitudes from 1e-300 to 1e300, both signs
			const t = (rng.uniform() < 0.5 ? -1 : 1) * 10 ** (600 * rng.uniform() - 300);
			const s = sigmoid(t);
			if (!(s >= 0 && s <= 1)) {
				expect.fail(`sigmoid(${t}) = ${s}`);
			}
		}
	});

	it("is non-decreasing up to the tutorial form's own rounding (an ulp below 1)", () => {
		// E^t / (1 + e^t) itself steps back by an ulp near t ≈ 36.9 (1, then 1 − 2^-52)
		let previous = 0;
		for (let t = -800; t <= 800; t += 0.125) {
			const s = sigmoid(t);
			expect(s).toBeGreaterThanOrEqual(previous - 2 ** -52);
			previous = Math.max(previous, s);
		}
	});

	it('is NaN for NaN', () => {
		expect(sigmoid(Number.NaN)).toBeNaN();
	});
});

describe('toParameters and fromParameters', () => {
	it('round-trip exactly, in the layout v, b, w, c', () => {
		const rng = Rng.seeded(3001);
		const p = Float64Array.from({length: parameterCount}, () => rng.normal());
		const named = toParameters(p);
		expect(named.discriminator.weights).toEqual(Array.from(p.subarray(0, 4)));
		expect(named.discriminator.bias).toBe(p[4]);
		expect(named.generator.weights).toEqual(Array.from(p.subarray(5, 9)));
		expect(named.generator.biases).toEqual(Array.from(p.subarray(9, 13)));
		expect(fromParameters(named)).toEqual(p);
		expect(fromParameters(JSON.parse(JSON.stringify(named)) as Parameters)).toEqual(p);
	});

	it('toParameters copies: later changes to the array do not show', () => {
		const p = new Float64Array(parameterCount).fill(1);
		const named = toParameters(p);
		p.fill(2);
		expect(named.generator.weights).toEqual([1, 1, 1, 1]);
		expect(named.discriminator.bias).toBe(1);
	});

	it('fromParameters rejects wrong shapes', () => {
		const good = toParameters(Float64Array.from({length: parameterCount}, (_, i) => i));
		const bad = [
			{...good, generator: {...good.generator, weights: [1, 2, 3]}},
			{...good, generator: {...good.generator, biases: [1, 2, 3, 4, 5]}},
			{...good, discriminator: {...good.discriminator, weights: []}},
			{...good, discriminator: {weights: good.discriminator.weights}},
			{...good, discriminator: {...good.discriminator, bias: '0'}},
			{...good, generator: {...good.generator, weights: [1, 2, 3, '4']}},
		] as unknown as Parameters[];
		for (const parameters of bad) {
			expect(() => fromParameters(parameters)).toThrow(RangeError);
		}
	});

	it('fromParameters rejects wrong shapes whose total happens to be 13', () => {
		// 3 + 4 generator values and 5 + 1 discriminator values: 13 numbers, wrong shape
		const shifted = {
			generator: {weights: [1, 2, 3], biases: [4, 5, 6, 7]},
			discriminator: {weights: [8, 9, 10, 11, 12], bias: 13},
		};
		expect(() => fromParameters(shifted)).toThrow(RangeError);
	});
});
