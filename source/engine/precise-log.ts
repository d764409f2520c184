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
 */

type DoubleDouble = readonly [hi: number, lo: number];

const splitter = 134_217_729; // 2^27 + 1, Dekker's split

function twoSum(a: number, b: number): DoubleDouble {
	const s = a + b;
	const bb = s - a;
	return [s, a - (s - bb) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DoubleDouble {
	const s = a + b;
	return [s, b - (s - a)];
}

function split(a: number): DoubleDouble {
	const c = splitter * a;
	const hi = c - (c - a);
	return [hi, a - hi];
}

function twoProduct(a: number, b: number): DoubleDouble {
	const p = a * b;
	const [aHi, aLo] = split(a);
	const [bHi, bLo] = split(b);
	return [p, aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo];
}

function add(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
	const [s, e] = twoSum(a[0], b[0]);
	const [t, f] = twoSum(a[1], b[1]);
	const [s1, e1] = quickTwoSum(s, e + t);
	return quickTwoSum(s1, e1 + f);
}

function multiply(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
	const [p, e] = twoProduct(a[0], b[0]);
	return quickTwoSum(p, e + a[0] * b[1] + a[1] * b[0]);
}

function divide(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
	const q1 = a[0] / b[0];
	let r = add(a, negate(multiply(b, [q1, 0])));
	const q2 = r[0] / b[0];
	r = add(r, negate(multiply(b, [q2, 0])));
	const q3 = r[0] / b[0];
	return add(quickTwoSum(q1, q2), [q3, 0]);
}

function negate(a: DoubleDouble): DoubleDouble {
	return [-a[0], -a[1]];
}

// ln 2 = ln2Hi + ln2Lo to about 107 bits
const ln2: DoubleDouble = [0.693_147_180_559_945_3, 2.319_046_813_846_299_6e-17];

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
	const s = divide([m - 1, 0], twoSum(m, 1));
	const s2 = multiply(s, s);
	let series: DoubleDouble = [0, 0];
	for (let j = 23; j >= 0; j--) {
		series = add(divide([1, 0], [2 * j + 1, 0]), multiply(series, s2));
	}

	const logM = multiply([2 * s[0], 2 * s[1]], series);
	const kLn2 = add(twoProduct(k, ln2[0]), [k * ln2[1], 0]);
	const sum = add(kLn2, logM);
	return sum[0] + sum[1];
}
