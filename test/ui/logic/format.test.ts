import {describe, expect, it} from 'vitest';
import {Rng} from '../../../source/engine/rng.js';
import {asciiGlyphs} from '../../../source/ui/glyphs.js';
import {parameter, probability, rate, shade, speedLabel} from '../../../source/ui/format.js';

/** Block glyphs from lightest to darkest, by how much of the cell they fill. */
const darkness = [' ', '░', '▒', '▓', '█'];
/** The same in ASCII: nothing, a dot, a cross, a lattice, a filled glyph. */
const asciiDarkness = [' ', '.', '+', '#', '@'];

describe('shade', () => {
	it('is blank for 0 and a full block for 1', () => {
		expect(shade(0)).toBe(' ');
		expect(shade(1)).toBe('█');
	});

	it('gets darker (never lighter) as the value grows over [0, 1]', () => {
		let previous = -1;
		const seen = new Set<string>();
		for (let i = 0; i <= 1000; i++) {
			const glyph = shade(i / 1000);
			const rank = darkness.indexOf(glyph);
			expect(rank, `shade(${i / 1000}) = "${glyph}"`).toBeGreaterThanOrEqual(0);
			expect(rank).toBeGreaterThanOrEqual(previous);
			previous = rank;
			seen.add(glyph);
		}

		// Every level is used somewhere on the way
		expect(seen.size).toBe(darkness.length);
	});

	it('is one character, and clamps values outside [0, 1]', () => {
		expect(shade(-0.3)).toBe(' ');
		expect(shade(1.7)).toBe('█');
		for (let i = -10; i <= 20; i++) {
			expect([...shade(i / 10)]).toHaveLength(1);
		}
	});

	it('marks a non-finite value instead of shading it', () => {
		for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
			expect(darkness).not.toContain(shade(value));
			expect([...shade(value)]).toHaveLength(1);
		}
	});
});

describe('shade in ASCII', () => {
	const ascii = (value: number) => shade(value, asciiGlyphs.shades);

	it('uses the ASCII ramp, level for level as the blocks', () => {
		expect(asciiGlyphs.shades).toEqual(asciiDarkness);
		for (let i = 0; i <= 1000; i++) {
			const value = i / 1000;
			expect(asciiDarkness.indexOf(ascii(value)), String(value)).toBe(darkness.indexOf(shade(value)));
		}
	});

	it('marks a non-finite value with a character outside the ramp', () => {
		expect(asciiDarkness).not.toContain(ascii(Number.NaN));
		expect(ascii(Number.NaN)).toMatch(/^[\u0020-\u007E]$/);
	});
});

describe('parameter', () => {
	const edges = [
		0, -0, 1e-300, -1e-300, 5e-324, 1e-7, -1e-7, 0.7070212, -0.45703394, 1, -1, 9.999_999, 9.999_999_6, -9.999_999_6,
		10, 99.999_99, 99.999_996, -99.999_996, 100, 999.999_9, 999.999_96, -999.999_96, 1000, 9999.999, 9999.9996,
		-9999.9996, 10_000, 123_456, 999_999, 999_999.9, 1e6, -1e6,
	];

	function samples(): number[] {
		const rng = Rng.seeded(5);
		const random = Array.from({length: 5000}, () => (rng.uniform() < 0.5 ? -1 : 1) * 10 ** (rng.uniform() * 18 - 12));
		return [...edges, ...random.filter(value => Math.abs(value) <= 1e6)];
	}

	it('is always 9 characters from -1e6 to 1e6, tiny values included', () => {
		const wrong = samples()
			.filter(value => parameter(value).length !== 9)
			.map(value => `parameter(${value}) = "${parameter(value)}" (${parameter(value).length} characters)`);
		expect(wrong.length, wrong.join('\n')).toBe(0);
	});

	it('shows the sign and reads back as the value', () => {
		for (const value of samples()) {
			const text = parameter(value).trim();
			expect(text[0], String(value)).toBe(value < 0 ? '-' : '+');
			const read = Number(text);
			const tolerance = Math.abs(value) >= 1e4 ? Math.abs(value) * 0.005 : 5.000_01e-4;
			expect(Math.abs(read - value), `parameter(${value}) = "${parameter(value)}"`).toBeLessThanOrEqual(tolerance);
		}
	});

	it('keeps six decimals for small values', () => {
		expect(Number(parameter(0.707_021_234))).toBe(0.707_021);
		expect(Number(parameter(-0.037_204_49))).toBe(-0.037_204);
	});
});

describe('probability', () => {
	it('is 4 characters for every value in [0, 1]', () => {
		const wrong: string[] = [];
		for (let i = 0; i <= 100_000; i++) {
			const p = i / 100_000;
			if (probability(p).length !== 4) {
				wrong.push(`probability(${p}) = "${probability(p)}"`);
			}
		}

		expect(wrong.length, wrong.slice(0, 5).join('\n')).toBe(0);

		for (const p of [0, 1, 0.9995, 0.999_499_9, 0.0005, 0.000_499_9, Number.MIN_VALUE, 1 - Number.EPSILON]) {
			expect(probability(p), String(p)).toHaveLength(4);
		}
	});

	it('reads back as the value to three decimals', () => {
		for (let i = 0; i <= 10_000; i++) {
			const p = i / 10_000;
			expect(Math.abs(Number(probability(p)) - p), `${p} → "${probability(p)}"`).toBeLessThanOrEqual(0.000_500_1);
		}

		expect(Number(probability(0))).toBe(0);
		expect(Number(probability(1))).toBe(1);
	});

	it('is non-decreasing in p', () => {
		let previous = -1;
		for (let i = 0; i <= 10_000; i++) {
			const read = Number(probability(i / 10_000));
			expect(read).toBeGreaterThanOrEqual(previous);
			previous = read;
		}
	});

	it('marks a non-finite value in the same 4 characters', () => {
		for (const p of [Number.NaN, Number.POSITIVE_INFINITY]) {
			expect(probability(p)).toHaveLength(4);
			expect(Number.isNaN(Number(probability(p)))).toBe(true);
		}
	});
});

describe('rate', () => {
	it.each([
		[0, '0'],
		[0.5, '0.5'],
		[1 / 3, '0.3'],
		[9.94, '9.9'],
		[9.96, '10'],
		[48.4, '48'],
		[999.4, '999'],
		[999.6, '1k'],
		[1234, '1.2k'],
		[12_345, '12k'],
		[999_950, '1M'],
		[1.23e6, '1.2M'],
		[4.5e9, '4.5G'],
		[1e15, '1e15'],
		[1e308, '1e308'],
		[Number.MAX_VALUE, '1.8e308'],
	])('%d epochs/s reads %s', (value, text) => {
		expect(rate(value)).toBe(text);
	});

	it('is at most 4 characters below 1e15 and 7 at any size', () => {
		for (let exponent = -3; exponent <= 308; exponent += 0.01) {
			const value = 10 ** exponent;
			if (Number.isFinite(value)) {
				expect(rate(value).length, String(value)).toBeLessThanOrEqual(value < 1e15 ? 4 : 7);
			}
		}
	});

	it('reads back as the value within its rounding', () => {
		const units: Record<string, number> = {k: 1e3, M: 1e6, G: 1e9, T: 1e12};
		for (let exponent = 0; exponent <= 300; exponent += 0.013) {
			const value = 10 ** exponent;
			const match = /^([\d.]+(?:e\d+)?)([kMGT]?)$/.exec(rate(value));
			expect(match, rate(value)).not.toBeNull();
			const read = Number(match![1]) * (units[match![2]!] ?? 1);
			expect(Math.abs(read - value) / value, `${value} → ${rate(value)}`).toBeLessThanOrEqual(0.05);
		}
	});
});

describe('speedLabel', () => {
	it.each([
		['max', 'max'],
		[50, '50/s'],
		[1, '1/s'],
		[1000, '1000/s'],
		[10_000, '10k/s'],
		[0.3333333333333333, '0.333/s'],
		[0.5, '0.5/s'],
		[2.5, '2.5/s'],
		[1 / 7, '0.143/s'],
		[1234.5, '1235/s'],
		[12_345.6, '12.3k/s'],
		[999_950, '1M/s'],
		[1e308, '1e308/s'],
		[Number.MAX_VALUE, '1.8e308/s'],
		[1e-300, '1e-300/s'],
		[2.5e-7, '2.5e-7/s'],
	] as const)('shows %s as %s', (speed, text) => {
		expect(speedLabel(speed)).toBe(text);
	});

	it('is at most 11 characters for any speed (10 from 0.001/s up)', () => {
		for (let exponent = -300; exponent <= 308; exponent += 0.07) {
			expect(speedLabel(10 ** exponent).length, String(10 ** exponent)).toBeLessThanOrEqual(
				10 ** exponent >= 0.001 ? 10 : 11,
			);
		}
	});
});
