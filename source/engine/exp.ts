/**
 * eˣ in plain arithmetic that V8 inlines, for the training loop.
 *
 * `Math.exp` is an out-of-line call in V8's optimised code: the call, and
 * spilling every live double around it, were about half of the training
 * loop's time. This computes eˣ as the C libraries do (Tang's method, as in
 * glibc's and ARM's optimized-routines `exp`), with a larger table and so a
 * shorter polynomial:
 *
 *   x = k·ln2/N + r,   k = round(x·N/ln2),   |r| ≤ ln2/(2N),   N = 2048
 *   eˣ = 2^⌊k/N⌋ · 2^((k mod N)/N) · eʳ
 *
 * both powers of two from one table, and eʳ ≈ 1 + r + c2·r² + c3·r³.
 * Accuracy: within 1.06 ulp, where glibc's is within 0.51: the table's
 * 2^(j/N) are rounded to doubles (half an ulp of the result at most; glibc
 * carries a correction for each, which would not fit in the budget below),
 * the polynomial is off by less than 6e-18, and the result is rounded once
 * more. test/engine/exp.test.ts checks it against an exact reference and
 * against `Math.exp`.
 *
 * Why its shape matters: V8 inlines at most 920 bytes of bytecode into one
 * optimised function. The training loop calls this eight times, so
 * `expInRange` is kept to about 100 bytes of bytecode (no correction table
 * as glibc has, no range check); a larger one is inlined at only some of
 * the eight places, and each of the others costs a real call.
 */

const tableBits = 11;
const N = 1 << tableBits;

// ---- The table ---------------------------------------------------------------

/**
 * The table: at j, 2^(j/N) rounded to a double, j = 0 … N−1; at powersAt + e,
 * 2^e, e = −1022 … 1023. One array, so that V8 loads one object. Exported
 * for its test.
 */
export const table = makeTable();
export const powersAt = N + 1022;

function makeTable(): Float64Array {
	const table = new Float64Array(N + 2046);
	// 2^(j/N) = (2^(1/N))^j as successive products in double-double, hi + lo
	// (about 106 bits: 2^(j/N) within 2^-95 after N products), each rounded
	// once to a double, hi. Plain arithmetic, no allocation: this runs at
	// startup, in V8's interpreter.
	// 2^(1/N) = 2^(1/2048) = 1.000338508052682312953305481856216404036…
	const rootHi = 1.000_338_508_052_682_3;
	const rootLo = -5.141_333_931_318_957e-18;
	const splitter = 134_217_729; // 2^27 + 1: Dekker's split of a double into two halves
	const rootHiHigh = splitter * rootHi - (splitter * rootHi - rootHi);
	const rootHiLow = rootHi - rootHiHigh;
	let hi = 1;
	let lo = 0;
	for (let j = 0; j < N; j++) {
		table[j] = hi;
		// (hi + lo)·(rootHi + rootLo): hi·rootHi exactly, as p + error (Dekker), plus the cross terms
		const p = hi * rootHi;
		const hiHigh = splitter * hi - (splitter * hi - hi);
		const hiLow = hi - hiHigh;
		const error = hiHigh * rootHiHigh - p + hiHigh * rootHiLow + hiLow * rootHiHigh + hiLow * rootHiLow;
		const tail = error + hi * rootLo + lo * rootHi;
		hi = p + tail;
		lo = tail - (hi - p);
	}

	for (let e = -1022, power = 2 ** -1022; e <= 1023; e++, power *= 2) {
		table[N + 1022 + e] = power; // Exact: doubling a power of two
	}

	return table;
}

// ---- eˣ ------------------------------------------------------------------------

// 1.5·2^52: adding it to a double below 2^51 in magnitude rounds it to an integer
const roundingShift = 6_755_399_441_055_744;
const nOverLn2 = 2954.639_443_740_597; // N/ln2
// ln2/N in two parts; hi (0x1.62e42ffp-12) has 29 significant bits, so kd·hi is exact
const ln2OverNHi = 0.000_338_450_771_778_298_1;
const ln2OverNLo = -2.051_228_062_832_560_8e-14;
// Minimax on |r| ≤ ln2/(2N): c2 = 1/2 + (√2 − 1)·(ln2/2N)²/12, c3 = 1/6; error below 6e-18
const c2 = 0.500_000_000_988_494_2;
const c3 = 0.166_666_666_666_666_66;

/**
 * eˣ for −700 < x < 709, within 1.06 ulp. The caller checks the range:
 * below −708 the table is indexed out of bounds, and from −700 down the
 * product scale·(…) falls among the subnormals, losing up to half an ulp.
 */
export function expInRange(x: number): number {
	const kd = x * nOverLn2 + roundingShift - roundingShift; // k = round(x·N/ln2), |k| < 2^21
	const r = x - kd * ln2OverNHi - kd * ln2OverNLo; // x − k·ln2/N; x − kd·hi is exact
	const scale = table[powersAt + (kd >> tableBits)]! * table[kd & (N - 1)]!; // 2^⌊k/N⌋ · 2^((k mod N)/N)
	return scale + scale * (r + r * r * (c2 + r * c3));
}

/** eˣ for every x: `expInRange` on (−700, 709), `Math.exp` elsewhere (NaN, ±∞, overflow, subnormal results, 0). */
export function exp(x: number): number {
	return x > -700 && x < 709 ? expInRange(x) : Math.exp(x);
}
