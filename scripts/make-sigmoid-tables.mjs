// Writes source/engine/sigmoid-tables.ts, the tables of source/engine/sigmoid.ts, as number literals:
// made at each start in V8's interpreter they took 7–9 ms. test/engine/sigmoid.test.ts checks every
// entry against an exact value.
//
//   node scripts/make-sigmoid-tables.mjs && npx prettier --write source/engine/sigmoid-tables.ts
import {writeFileSync} from 'node:fs';

/**
 * Root^i correctly rounded, i = 0 … count − 1: successive products in double-double, hi + lo (within
 * about 2^-95 after 2048 products), each rounded once to a double, hi. The products are of
 * root^i·2^-600, so that Dekker's split (hi·(2^27 + 1)) stays finite up to e^700; scaling by a power
 * of two is exact.
 */
function powers(count, rootHi, rootLo) {
	const splitter = 134_217_729; // 2^27 + 1: Dekker's split of a double into two halves
	const rootHiHigh = splitter * rootHi - (splitter * rootHi - rootHi);
	const rootHiLow = rootHi - rootHiHigh;
	const values = [];
	let hi = 2 ** -600;
	let lo = 0;
	for (let i = 0; i < count; i++) {
		values.push(hi * 2 ** 600);
		// (hi + lo)·(rootHi + rootLo): hi·rootHi exactly, as p + error (Dekker), plus the cross terms
		const p = hi * rootHi;
		const hiHigh = splitter * hi - (splitter * hi - hi);
		const hiLow = hi - hiHigh;
		const error = hiHigh * rootHiHigh - p + hiHigh * rootHiLow + hiLow * rootHiHigh + hiLow * rootHiLow;
		const tail = error + hi * rootLo + lo * rootHi;
		hi = p + tail;
		lo = tail - (hi - p);
	}

	return values;
}

// The roots e^(−1/2048), e and 1/e, each as hi + lo (about 106 bits)
const fractions = powers(2048, 0.999_511_837_939_889_4, -3.723_871_179_599_398e-17);
const up = powers(701, 2.718_281_828_459_045, 1.445_646_891_729_250_2e-16); // e^0 … e^700
const down = powers(41, 0.367_879_441_171_442_33, -1.242_875_367_278_836_3e-17); // e^0 … e^−40
const wholes = [...up.reverse(), ...down.slice(1)]; // At m + 700, e^−m, m = −700 … 40

const list = values => values.map(value => String(value)).join(', ');
writeFileSync(
	new URL('../source/engine/sigmoid-tables.ts', import.meta.url),
	`// Made by scripts/make-sigmoid-tables.mjs (double-double products, each rounded once); do not edit.
// test/engine/sigmoid.test.ts checks every entry against an exact value.

/** At j, e^(−j/2048) correctly rounded, j = 0 … 2047. */
export const expOfMinusFraction = new Float64Array([${list(fractions)}]);

/** At m + 700, e^−m correctly rounded, m = −700 … 40. */
export const expOfMinusWhole = new Float64Array([${list(wholes)}]);
`,
);
