import {describe, expect, it} from 'vitest';
import {sigmoid, sigmoidInRange} from '../../source/engine/sigmoid.js';
import {expOfMinusFraction, expOfMinusWhole} from '../../source/engine/sigmoid-tables.js';
import {Rng} from '../../source/engine/rng.js';

// The bounds: six roundings (the two tables, their product, 1 + p, the sum,
// the division), each a relative error of at most 2^-53, the polynomial's
// error (below 1e-20) aside; and in units in the last place of the exact
// σ(t), what these points show (3.46 at worst), which the relative bound
// would allow up to 6.
const relativeBound = 6 * 2 ** -53;
const bound = 3.5;

// ---- The exact eˣ, in BigInt fixed point ------------------------------------

const bits = 320n; // Fixed point: a value v is the BigInt v·2^bits
const one = 1n << bits;

/** Ln 2 = Σ 1/(k·2^k), to about 2^-310. */
const ln2 = (() => {
	let sum = 0n;
	for (let k = 1n; k < bits + 16n; k++) {
		sum += one / (k << k);
	}

	return sum;
})();

const view = new DataView(new ArrayBuffer(8));

function bitsOf(x: number): bigint {
	view.setFloat64(0, x);
	return view.getBigInt64(0);
}

/** A finite double x ≥ 0 as m·2^e, m an integer, read from its bits. */
function decompose(x: number): {m: bigint; e: number} {
	const pattern = bitsOf(x);
	const biased = Number((pattern >> 52n) & 0x7ffn);
	const fraction = pattern & ((1n << 52n) - 1n);
	return biased === 0 ? {m: fraction, e: -1074} : {m: fraction | (1n << 52n), e: biased - 1075};
}

/** Shifts left by s bits, or right (towards −∞) for negative s. */
function shift(value: bigint, s: number): bigint {
	return s >= 0 ? value << BigInt(s) : value >> BigInt(-s);
}

/** Eʳ for |r| < 1, both in fixed point: the Taylor series to its last nonzero term. */
function expFixed(r: bigint): bigint {
	let sum = one;
	let term = one;
	for (let n = 1n; term !== 0n; n++) {
		term = (term * r) / (n * one);
		sum += term;
	}

	return sum;
}

/** Eˣ as sum·2^(k − bits), exact to about 2^-300 relative, for finite x. */
function exactExp(x: number): {sum: bigint; k: number} {
	const {m, e} = decompose(Math.abs(x));
	const xFixed = (x < 0 ? -1n : 1n) * shift(m, e + Number(bits));
	const k = Math.round(x / Math.LN2);
	return {sum: expFixed(xFixed - BigInt(k) * ln2), k}; // Eˣ = e^(x − k·ln2)·2^k
}

/** (y − eˣ) in units in the last place of eˣ, for a finite positive eˣ and finite y. */
function errorInUlps(y: number, x: number): number {
	const {sum, k} = exactExp(x);
	return errorOf(y, sum, k);
}

/** (y − v) in units in the last place of v = sum·2^(k − bits) > 0. */
function errorOf(y: number, sum: bigint, k: number): number {
	const exponent = sum.toString(2).length - 1 + k - Number(bits); // ⌊log2 eˣ⌋
	const ulpExponent = Math.max(exponent - 52, -1074);
	const {m, e} = decompose(y);
	// Both at the scale 2^(ulpExponent − 24): 24 bits below the ulp
	const scale = ulpExponent - 24;
	const difference = shift(m, e - scale) - shift(sum, k - Number(bits) - scale);
	return Number(difference) / 2 ** 24;
}

/** σ(t) = eᵗ/(1 + eᵗ) as sum·2^(k − bits), exact to about 2^-300 relative, for finite t. */
function exactSigmoid(t: number): {sum: bigint; k: number} {
	const {sum: e, k} = exactExp(t); // Eᵗ = e·2^(k − bits)
	// Σ = e·2^k / (2^bits + e·2^k), scaled by 2^(bits − min(k, 0))
	const low = Math.min(k, 0);
	const numerator = k >= 0 ? e << BigInt(k) : e;
	const denominator = k >= 0 ? one + (e << BigInt(k)) : (one << BigInt(-k)) + e;
	return {sum: (numerator << BigInt(Number(bits) - low)) / denominator, k: low};
}

/** (y − σ(t)) in units in the last place of σ(t). */
function sigmoidErrorInUlps(y: number, t: number): number {
	const {sum, k} = exactSigmoid(t);
	return errorOf(y, sum, k);
}

// ---- Where to look -------------------------------------------------------------

function samples(): number[] {
	const rng = Rng.seeded(2718);
	const ts: number[] = [];
	for (let i = 0; i < 3000; i++) {
		ts.push(-700 + 740 * rng.uniform()); // The whole range
		ts.push(-10 + 20 * rng.uniform()); // Where training lives
		ts.push((rng.uniform() - 0.5) * 2 ** (-60 * rng.uniform())); // Near 0, down to 2^-61
	}

	// On and around the grid's points j/2048 and the whole numbers, where the split is tight
	for (let j = -8200; j <= 8200; j += 13) {
		const t = j / 2048;
		ts.push(t, t + 1e-13, t - 1e-13, t + 1 / 4096, t - 1 / 4096);
	}

	ts.push(-699.9999999999999, -699.5, -100, -36, -1, 0, 1, 20, 36, 37, 39.99999999999999, 40, Math.LN2, 2 ** -1074);
	return ts;
}

describe('the tables', () => {
	it('hold e^(−j/2048) correctly rounded, j = 0 … 2047', () => {
		expect(expOfMinusFraction).toHaveLength(2048);
		for (let j = 0; j < 2048; j++) {
			const error = errorOf(expOfMinusFraction[j]!, expFixed(-(BigInt(j) * one) / 2048n), 0);
			if (!(Math.abs(error) <= 0.5)) {
				expect.fail(`expOfMinusFraction[${j}] = ${expOfMinusFraction[j]} is ${error} ulp from e^(−${j}/2048)`);
			}
		}
	});

	it('hold e^−m correctly rounded at m + 700, m = −700 … 40', () => {
		expect(expOfMinusWhole).toHaveLength(741);
		for (let m = -700; m <= 40; m++) {
			const error = errorInUlps(expOfMinusWhole[m + 700]!, -m);
			if (!(Math.abs(error) <= 0.5)) {
				expect.fail(`expOfMinusWhole[${m + 700}] = ${expOfMinusWhole[m + 700]} is ${error} ulp from e^${-m}`);
			}
		}
	});
});

describe('sigmoid', () => {
	const ts = samples();

	it('checks against a reference that is right: σ(0) = 1/2, σ(−t) = 1 − σ(t), σ(1) is 1/(1 + e⁻¹)', () => {
		expect(sigmoidErrorInUlps(0.5, 0)).toBe(0);
		const fixed = ({sum, k}: {sum: bigint; k: number}) => shift(sum, k); // Σ·2^bits
		const gap = fixed(exactSigmoid(0.75)) + fixed(exactSigmoid(-0.75)) - one;
		expect((gap < 0n ? -gap : gap) >> (bits - 250n)).toBe(0n); // Σ(t) + σ(−t) = 1 to 2^-250
		expect(Math.abs(sigmoidErrorInUlps(1 / (1 + 1 / Math.E), 1))).toBeLessThan(1.5);
		const next = 1 / (1 + 1 / Math.E) + 2 ** -53; // The next double up (σ(1) ≈ 0.73 is in [1/2, 1))
		expect(sigmoidErrorInUlps(next, 1) - sigmoidErrorInUlps(1 / (1 + 1 / Math.E), 1)).toBeCloseTo(1, 6);
	});

	it(`is within 6·2^-53 relative and ${bound} ulp of the exact σ on (−700, 40]`, () => {
		let worst = 0;
		for (const t of ts) {
			const error = sigmoidErrorInUlps(sigmoid(t), t);
			const ulp = 2 ** (Math.floor(Math.log2(sigmoid(t))) - 52);
			if (!(Math.abs(error) <= bound && (Math.abs(error) * ulp) / sigmoid(t) <= relativeBound)) {
				expect.fail(`sigmoid(${t}) = ${sigmoid(t)} is ${error} ulp from σ(t)`);
			}

			worst = Math.max(worst, Math.abs(error));
		}

		// Near the bound, not far inside it: a test that could not fail would not say much
		expect(worst).toBeGreaterThan(2);
	});

	it('is sigmoidInRange inside the range, and that is finite and normal at both ends', () => {
		for (const t of [-699.9999999999999, -100, -0, 0, 36, 40]) {
			expect(sigmoid(t)).toBe(sigmoidInRange(t));
			expect(sigmoidInRange(t)).toBeGreaterThanOrEqual(2.2250738585072014e-308);
			expect(sigmoidInRange(t)).toBeLessThanOrEqual(1);
		}
	});

	it("is the tutorial's form with Math.exp from −700 down", () => {
		for (const t of [-700, -700.5, -707.5, -708.3, -709, -720, -740, -745.1]) {
			expect(sigmoid(t)).toBe(Math.exp(t) / (1 + Math.exp(t)));
		}

		expect(sigmoid(-720)).toBeLessThan(2.2250738585072014e-308); // Subnormal indeed
		expect(sigmoid(-720)).toBeGreaterThan(0);
	});
});
