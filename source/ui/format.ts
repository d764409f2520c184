/** Number formats shared by panels and the summary. */
import {type Glyphs, unicodeGlyphs} from './glyphs.js';

/**
 * Shade of a pixel value in [0, 1] from a ramp of five, lightest first:
 * dark = high, as in the tutorial's pictures. A non-finite value is "?".
 */
export function shade(value: number, shades: Glyphs['shades'] = unicodeGlyphs.shades): string {
	const index = Math.min(shades.length - 1, Math.max(0, Math.floor(value * shades.length)));
	return Number.isFinite(value) ? shades[index]! : '?';
}

/** A probability in 4 characters: ".973", "1.00", ".000". */
export function probability(p: number): string {
	if (!Number.isFinite(p)) {
		return '  ? ';
	}

	return p >= 0.9995 ? '1.00' : p.toFixed(3).replace(/^0/, '');
}

/** A parameter in a fixed 9 characters: "+0.707021", "-12.34568", "+1.23e+05". */
export function parameter(x: number): string {
	const sign = x < 0 ? '-' : '+';
	const a = Math.abs(x);
	if (a >= 1e4) {
		return (sign + a.toExponential(2)).padStart(9);
	}

	// Eight significant digits in nine characters; rounding up can add a digit (9.9999996 → 10.000000)
	for (let digits = a < 10 ? 6 : a < 100 ? 5 : a < 1000 ? 4 : 3; digits >= 0; digits--) {
		const text = sign + a.toFixed(digits);
		if (text.length <= 9) {
			return text.padStart(9);
		}
	}

	return (sign + a.toExponential(2)).padStart(9);
}

const units = [
	[1e12, 'T'],
	[1e9, 'G'],
	[1e6, 'M'],
	[1e3, 'k'],
] as const;

/** An exponent form with `digits` significant digits and no padding: "1e308", "1.8e308", "2.5e-7". */
function exponential(x: number, digits: number): string {
	const [mantissa = '', exponent = ''] = x.toExponential(digits - 1).split('e');
	return `${mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa}e${exponent.replace(/^\+/, '')}`;
}

/** `x` > 0 to `digits` significant digits with k, M, G or T: "12.3k", "1M", "999G"; from 1e15 on "1.8e308". */
function withUnit(x: number, digits: number): string {
	// Rounded first, so that 999,950 becomes "1M" rather than "1000k"
	const rounded = Number(x.toPrecision(digits));
	const unit = units.find(([size]) => rounded >= size);
	if (rounded >= 1e15 || !Number.isFinite(rounded) || unit === undefined) {
		return exponential(x, digits);
	}

	const [size, suffix] = unit;
	return `${Number((rounded / size).toPrecision(digits))}${suffix}`;
}

/**
 * Epochs per second as measured, in at most 4 characters below 1e15: "0.5",
 * "48", "1.2k", "12k", "1.1M". Two significant digits from 1000 on: the
 * measured rate wobbles, and more digits would flicker.
 */
export function rate(epochsPerSecond: number): string {
	const r = epochsPerSecond;
	if (!Number.isFinite(r) || r < 0) {
		return '?';
	}

	if (r >= 999.5) {
		return withUnit(r, 2);
	}

	// Below 10 a decimal keeps slow speeds (--speed 0.5) from flickering between 0 and 1
	return r < 9.95 && r > 0 ? r.toFixed(1) : r.toFixed(0);
}

/**
 * The speed setting, as set but short: "50/s", "1000/s", "0.333/s", "12.3k/s",
 * "1e308/s", "max". Whole numbers below 10,000 are shown whole (the ladder's
 * rungs); anything else to three significant digits.
 */
export function speedLabel(speed: number | 'max'): string {
	if (speed === 'max') {
		return 'max';
	}

	const s = speed;
	if (!Number.isFinite(s) || s <= 0) {
		return `${s > 0 ? 'max' : '?'}/s`;
	}

	if (s >= 1e4) {
		return `${withUnit(s, 3)}/s`;
	}

	if (s >= 1000) {
		return `${Math.round(s)}/s`;
	}

	if (s < 0.001) {
		return `${exponential(s, 3)}/s`;
	}

	return `${Number.isInteger(s) ? s : Number(s.toPrecision(3))}/s`;
}
