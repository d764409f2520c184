/**
 * σ(t) = eᵗ/(1 + eᵗ) in plain arithmetic that V8 inlines, for the model and
 * the training loop.
 *
 * `Math.exp` is an out-of-line call in V8's optimised code: the call, and
 * spilling every live double around it, were about half of the training
 * loop's time. Here t is split on a grid of step 1/2048,
 *
 *   t = q + r,   q = t rounded to a multiple of 1/2048,   |r| ≤ 1/4096,
 *
 * where adding and taking away 1.5·2^41 + 700 does the rounding and t − q
 * is exact, and then
 *
 *   σ(t) = eʳ / (eʳ + e^−q) = (1 + p) / ((1 + p) + e^−q),   p = eʳ − 1,
 *
 * with e^−q = e^−⌊q⌋ · e^−(q − ⌊q⌋) from two tables, read while p is made
 * (Taylor to r⁴, off by less than 1e-20). The tables' index, the integer
 * (q + 700)·2048, is the low 32 bits of the sum t + 1.5·2^41 + 700 as it is
 * stored: the sum is in [2^41, 2^42), where a double's last bit is worth
 * 2^-11, so its significand is 3·2^51 + (q + 700)·2048, and 3·2^51 has no
 * bit among the low 32. Read back through a scratch buffer, the index comes
 * without the multiplication by 2048 and the conversion of a double to an
 * integer that it took before: some 4 cycles of σ's 40 or so, 4–7% of a
 * training run's time on the bench.
 *
 * Why this form: the training loop waits on a chain of σ and divisions
 * (D step → G step → D step, three σ a sample), so each cycle of σ's
 * latency counts. The C libraries' eˣ reduces x on a grid of ln 2/N, which
 * needs k = round(x·N/ln 2) and then x − k·(ln 2/N) in two parts; a grid
 * of a power of two gives an exact r three operations sooner, and dividing
 * eʳ by eʳ + e^−q saves forming eᵗ and then 1 + eᵗ: about 7% of a run's
 * time on the bench, against glibc's kind of eˣ written the same way and
 * then eᵗ/(1 + eᵗ).
 *
 * Accuracy: six roundings, each a relative error of at most 2^-53 (the
 * two tables, correctly rounded as they are made in double-double; their
 * product; 1 + p; the sum; the division): within 6·2^-53 of σ relative,
 * and within 3.5 ulp at every point test/engine/sigmoid.test.ts tries. The
 * tutorial's eᵗ/(1 + eᵗ) with V8's Math.exp is within 2 ulp.
 */

// Number literals, made by scripts/make-sigmoid-tables.mjs: made at start in V8's interpreter, in
// double-double, they took 7–9 ms of it.
import {expOfMinusFraction, expOfMinusWhole} from './sigmoid-tables.js';

// A const enum, not consts: esbuild writes its members into the code as
// literals, while it keeps a module's consts as variables, which V8 loads
// from the module's context, and checks and unboxes, at each use.
const enum Grid {
	/**
	 * 1.5·2^41 + 700: adding it to −700 < t ≤ 40 rounds t to a multiple of
	 * 2^-11 = 1/2048, and leaves (t rounded + 700)·2048 in the sum's low 32 bits
	 */
	RoundingShift = 3_298_534_884_028,
	Steps = 2048, // Grid points a unit
	StepBits = 11,
	/** e^−⌊q⌋ is at ⌊q⌋ + Lowest in `expOfMinusWhole`: ⌊q⌋ from −700 to 40 */
	Lowest = 700,
	Highest = 40,
	Sixth = 0.166_666_666_666_666_66,
	TwentyFourth = 0.041_666_666_666_666_664,
}

/** Where σ stores t + RoundingShift, to read its low 32 bits as an integer from `sumLowBits[0]`. */
const sum = new Float64Array(1);
const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
// The first word of sum on a little-endian machine, the second on a big-endian one: the index is 0 either way
// (a variable index, 0 or 1, made the training loop 1–2% slower)
const sumLowBits = new Int32Array(sum.buffer, littleEndian ? 0 : 4, 1);

// ---- σ -------------------------------------------------------------------------

/**
 * σ(t) for −700 < t ≤ 40; the caller checks the range (beyond it the
 * tables are read out of bounds).
 */
export function sigmoidInRange(t: number): number {
	const shifted = t + Grid.RoundingShift;
	sum[0] = shifted;
	const k = sumLowBits[0]!; // (q + 700)·2048, from 0 to 740·2048
	const q = shifted - Grid.RoundingShift; // t rounded to a multiple of 1/2048 (exact)
	const r = t - q; // Exact
	const inverse = expOfMinusWhole[k >> Grid.StepBits]! * expOfMinusFraction[k & (Grid.Steps - 1)]!; // e^−q
	const r2 = r * r;
	const p = r + r2 * 0.5 + r2 * r * (Grid.Sixth + r * Grid.TwentyFourth); // eʳ − 1
	const onePlusP = 1 + p; // eʳ
	return onePlusP / (onePlusP + inverse);
}

/**
 * σ(t) = eᵗ/(1 + eᵗ) for every t, with t capped at 40: σ is 1 from there on
 * (it rounds to 1 from about 36.7, and the tutorial's form would turn NaN
 * where eᵗ overflows at 709.8). From −700 down it is the tutorial's form
 * with `Math.exp` (tiny and subnormal values, then 0). NaN stays NaN.
 */
export function sigmoid(t: number): number {
	const capped = Math.min(t, Grid.Highest);
	if (capped > -Grid.Lowest) {
		return sigmoidInRange(capped);
	}

	const e = Math.exp(capped);
	return e / (1 + e);
}
