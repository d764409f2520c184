/** Number formats shared by panels and the summary. */

/** Shade of a pixel value in [0, 1]: dark = high, as in the tutorial's pictures. */
export function shade(value: number): string {
	const shades = [' ', '░', '▒', '▓', '█'] as const;
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

/** Epochs per second, short: "48", "1.2k", "1.05M". */
export function rate(epochsPerSecond: number): string {
	const r = epochsPerSecond;
	if (r >= 1e6) {
		return `${(r / 1e6).toFixed(2)}M`;
	}

	if (r >= 1e4) {
		return `${(r / 1e3).toFixed(0)}k`;
	}

	if (r >= 1e3) {
		return `${(r / 1e3).toFixed(1)}k`;
	}

	// Below 10 a decimal keeps slow speeds (--speed 0.5) from flickering between 0 and 1
	return r < 10 && r > 0 ? r.toFixed(1) : r.toFixed(0);
}

export function speedLabel(speed: number | 'max'): string {
	return speed === 'max' ? 'max' : `${speed}/s`;
}
