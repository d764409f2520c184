/**
 * A correctly rounded natural logarithm, for the RNG's legacy normals.
 *
 * numpy's polar Box–Muller calls the C library's `log`, which on glibc is
 * correctly rounded in all but vanishingly rare cases. V8's `Math.log` is
 * within one ulp but differs from it on about 3% of arguments, which would
 * make the initial parameters differ from numpy's in the last bit. This
 * computes log(x) in double-double arithmetic (about 100 bits) and rounds
 * once. It is slow (a few hundred flops) and only used for the handful of
 * normals a run draws, never in the training loop.
 *
 * It runs at every start, in V8's interpreter (seven logs or so for the 13
 * initial parameters), so it is written on scalars: no pair is made as an
 * array, and the series' coefficients 1/(2j + 1) are made once. With an
 * array for each pair, the trainer's constructor took 13–16 ms of every
 * start (garbage collection included); now 1–2 ms.
 */

const splitter = 134_217_729; // 2^27 + 1, Dekker's split

// ln 2 = ln2Hi + ln2Lo to about 107 bits
const ln2Hi = 0.693_147_180_559_945_3;
const ln2Lo = 2.319_046_813_846_299_6e-17;

/** Terms of log m = 2·(s + s³/3 + s⁵/5 + …): s² ≤ 0.03, so 24 reach 2^-106. */
const terms = 24;

/** The result of the last double-double operation: hi + lo. */
let hi = 0;
let lo = 0;

/** Hi + lo = a · b exactly (Dekker): the product's rounding error in lo. */
function twoProduct(a: number, b: number): void {
	const p = a * b;
	let c = splitter * a;
	const aHi = c - (c - a);
	const aLo = a - aHi;
	c = splitter * b;
	const bHi = c - (c - b);
	const bLo = b - bHi;
	hi = p;
	lo = aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
}

/** Hi + lo = (aHi + aLo) · (bHi + bLo), to about 106 bits. */
function multiply(aHi: number, aLo: number, bHi: number, bLo: number): void {
	twoProduct(aHi, bHi);
	const p = hi;
	const e = lo + aHi * bLo + aLo * bHi;
	hi = p + e;
	lo = e - (hi - p);
}

/** Hi + lo = (aHi + aLo) + (bHi + bLo), to about 106 bits. */
function add(aHi: number, aLo: number, bHi: number, bLo: number): void {
	const s = aHi + bHi;
	let bb = s - aHi;
	const e = aHi - (s - bb) + (bHi - bb);
	const t = aLo + bLo;
	bb = t - aLo;
	const f = aLo - (t - bb) + (bLo - bb);
	const s1 = s + (e + t);
	const e1 = e + t - (s1 - s);
	hi = s1 + (e1 + f);
	lo = e1 + f - (hi - s1);
}

/** Hi + lo = (aHi + aLo) / (bHi + bLo), to about 106 bits: three quotients, each refining the last. */
function divide(aHi: number, aLo: number, bHi: number, bLo: number): void {
	const q1 = aHi / bHi;
	multiply(bHi, bLo, q1, 0);
	add(aHi, aLo, -hi, -lo);
	const rHi = hi;
	const rLo = lo;
	const q2 = rHi / bHi;
	multiply(bHi, bLo, q2, 0);
	add(rHi, rLo, -hi, -lo);
	const q3 = hi / bHi;
	const q12 = q1 + q2;
	add(q12, q2 - (q12 - q1), q3, 0);
}

/** 1/(2j + 1) at 2j (hi) and 2j + 1 (lo), for j < terms. */
const reciprocals = new Float64Array(2 * terms);
for (let j = 0; j < terms; j++) {
	divide(1, 0, 2 * j + 1, 0);
	reciprocals[2 * j] = hi;
	reciprocals[2 * j + 1] = lo;
}

/** log(x) correctly rounded to the nearest double, for finite x > 0. */
export function preciseLog(x: number): number {
	if (!(x > 0) || !Number.isFinite(x)) {
		return Math.log(x);
	}

	// X = m · 2^k with m in [√½, √2]: scaling by a power of two is exact
	let k = Math.floor(Math.log2(x));
	let m = x / 2 ** k;
	while (m < 1) {
		m *= 2;
		k--;
	}

	while (m >= 2) {
		m /= 2;
		k++;
	}

	if (m > Math.SQRT2) {
		m /= 2;
		k++;
	}

	// Log m = 2·atanh(s) = 2·(s + s³/3 + s⁵/5 + …), s = (m − 1)/(m + 1), |s| ≤ 0.172
	const onePlusM = m + 1; // And its rounding error, so that m + 1 is exact as hi + lo
	const bb = onePlusM - m;
	divide(m - 1, 0, onePlusM, m - (onePlusM - bb) + (1 - bb));
	const sHi = hi;
	const sLo = lo;
	multiply(sHi, sLo, sHi, sLo);
	const s2Hi = hi;
	const s2Lo = lo;
	let seriesHi = 0;
	let seriesLo = 0;
	for (let j = terms - 1; j >= 0; j--) {
		multiply(seriesHi, seriesLo, s2Hi, s2Lo);
		add(reciprocals[2 * j]!, reciprocals[2 * j + 1]!, hi, lo);
		seriesHi = hi;
		seriesLo = lo;
	}

	multiply(2 * sHi, 2 * sLo, seriesHi, seriesLo);
	const logMHi = hi;
	const logMLo = lo;
	twoProduct(k, ln2Hi);
	add(hi, lo, k * ln2Lo, 0);
	add(hi, lo, logMHi, logMLo);
	return hi + lo;
}
