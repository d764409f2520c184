import {describe, expect, it} from 'vitest';
import {Rng} from '../../../source/engine/rng.js';
import {parameter, probability, shade} from '../../../source/ui/format.js';

/** Block glyphs from lightest to darkest, by how much of the cell they fill. */
const darkness = [' ', '░', '▒', '▓', '█'];

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
