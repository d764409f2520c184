import {describe, expect, it} from 'vitest';
import {exp, expInRange, powersAt, table} from '../../source/engine/exp.js';
import {Rng} from '../../source/engine/rng.js';

// The bounds, in units in the last place of the exact eˣ:
// - from the exact value, 1.06 ulp: the table's 2^(j/N) is rounded, which is
//   half an ulp of the result at most (relative 2^-53 of a 2^(j/N) in [1, 2),
//   and the result's significand is 2^(j/N)·eʳ, |r| ≤ ln2/4096, in the same
//   binade), the polynomial is off by less than 6e-18 (0.054 ulp), and the
//   result is rounded once more (half an ulp);
// - from Math.exp, 2 ulp: V8's Math.exp (fdlibm's) is within 1 ulp of the
//   exact value, so the two differ by less than 2.06 ulp, a whole number.
const boundFromExact = 1.06;
const boundFromMathExp = 2;

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

// ---- Where to look -------------------------------------------------------------

function samples(): number[] {
	const rng = Rng.seeded(2718);
	const xs: number[] = [];
	for (let i = 0; i < 3000; i++) {
		xs.push(-700 + 1409 * rng.uniform()); // The whole fast range
		xs.push(-40 + 80 * rng.uniform()); // Where training lives
		xs.push((rng.uniform() - 0.5) * 2 ** (-60 * rng.uniform())); // Near 0, down to 2^-61
	}

	// On and around the table's points k·ln2/2048, where the reduction is tight
	for (let k = -4100; k <= 4100; k += 7) {
		const x = (k * Math.LN2) / 2048;
		xs.push(x, x + 1e-13, x - 1e-13);
	}

	xs.push(
		-699.9999999999999,
		-699.5,
		708.5,
		708.9999999999999,
		1,
		-1,
		0.5,
		Math.LN2,
		-Math.LN2,
		2 ** -1074,
		-(2 ** -1074),
	);
	return xs;
}

/** How many doubles apart two non-negative doubles are. */
function ulpDistance(a: number, b: number): number {
	return Number(bitsOf(a) - bitsOf(b));
}

describe('exp', () => {
	const xs = samples();

	it('has the table it says: 2^(j/2048) correctly rounded, then the powers of two', () => {
		expect(table).toHaveLength(2048 + 2046);
		for (let j = 0; j < 2048; j++) {
			const error = errorOf(table[j]!, expFixed((BigInt(j) * ln2) / 2048n), 0); // 2^(j/2048) = e^(j·ln2/2048)
			if (!(Math.abs(error) <= 0.5)) {
				expect.fail(`table[${j}] = ${table[j]} is ${error} ulp from 2^(${j}/2048)`);
			}
		}

		for (let e = -1022; e <= 1023; e++) {
			expect(table[powersAt + e]).toBe(2 ** e);
		}
	});

	it(`is within ${boundFromExact} ulp of the exact eˣ on (−700, 709)`, () => {
		let worst = 0;
		for (const x of xs) {
			const error = errorInUlps(exp(x), x);
			if (!(Math.abs(error) <= boundFromExact)) {
				expect.fail(`exp(${x}) = ${exp(x)} is ${error} ulp from eˣ`);
			}

			worst = Math.max(worst, Math.abs(error));
		}

		// Near the bound, not far inside it: beyond the half ulp of a correctly rounded eˣ
		expect(worst).toBeGreaterThan(0.9);
	});

	it('checks against a reference that is right: e¹ rounds to Math.E, Math.exp is within its 1 ulp', () => {
		expect(errorInUlps(1, 0)).toBe(0);
		expect(Math.abs(errorInUlps(Math.E, 1))).toBeLessThanOrEqual(0.5);
		expect(Math.abs(errorInUlps(Math.E, 1) - errorInUlps(Math.E * (1 + 2 ** -52), 1))).toBe(1);
		for (const x of xs.slice(0, 3000)) {
			expect(Math.abs(errorInUlps(Math.exp(x), x))).toBeLessThan(1);
		}
	});

	it(`is within ${boundFromMathExp} ulp of Math.exp from −800 to 800, and is Math.exp outside (−700, 709)`, () => {
		const rng = Rng.seeded(1828);
		const all = [...xs];
		for (let i = 0; i < 20_000; i++) {
			all.push(-800 + 1600 * rng.uniform());
		}

		for (const x of all) {
			const distance = Math.abs(ulpDistance(exp(x), Math.exp(x)));
			const inRange = x > -700 && x < 709;
			if (inRange ? distance > boundFromMathExp : distance !== 0) {
				expect.fail(`exp(${x}) = ${exp(x)}, Math.exp ${Math.exp(x)}: ${distance} ulp apart`);
			}
		}
	});

	it.each([
		[Number.NaN, Number.NaN],
		[Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
		[Number.NEGATIVE_INFINITY, 0],
		[745, Number.POSITIVE_INFINITY],
		[709.8, Number.POSITIVE_INFINITY],
		[-745, 5e-324], // The smallest subnormal
		[-746, 0],
		[0, 1],
		[-0, 1],
		[5e-324, 1], // Subnormal arguments
		[-5e-324, 1],
		[2.2250738585072014e-308, 1],
	])('exp(%s) = %s', (x, expected) => {
		expect(exp(x)).toBe(expected);
	});

	it('gives the tiny and subnormal results (x ≤ −700) and those near overflow exactly as Math.exp', () => {
		for (const x of [-700, -700.5, -707.5, -708.3, -709, -720, -740, -745.1, 709, 709.5, 709.78]) {
			expect(exp(x)).toBe(Math.exp(x));
		}

		expect(exp(-720)).toBeLessThan(2.2250738585072014e-308); // Subnormal indeed
		expect(exp(-720)).toBeGreaterThan(0);
	});

	it('is expInRange inside the range, and that is a finite normal number at both ends', () => {
		for (const x of [-699.9999999999999, -100, -0, 0, 100, 708.9999999999999]) {
			expect(exp(x)).toBe(expInRange(x));
			expect(expInRange(x)).toBeGreaterThanOrEqual(2.2250738585072014e-308);
			expect(Number.isFinite(expInRange(x))).toBe(true);
		}
	});
});
