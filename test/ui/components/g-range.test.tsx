import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {type Image, discriminate, fromParameters, generate} from '../../../source/engine/model.js';
import {rangeZs} from '../../../source/run/session.js';
import {asciiGlyphs} from '../../../source/ui/glyphs.js';
import {type Theme, themeFor} from '../../../source/ui/theme.js';
import {GRange} from './panels.js';
import {linesOf, notPrintableAscii, steppedView} from './support.js';

const theme = themeFor(false);

type Range = ReadonlyArray<{readonly z: number; readonly image: Image; readonly d: number}>;

function drawn(range: Range, chosen: Theme = theme): string[] {
	const {lastFrame} = render(<GRange range={range} theme={chosen} />);
	return linesOf(lastFrame());
}

/** G(z) at the range's z values for a generator of weights w and biases c (D all zeros). */
function rangeOf(w: readonly number[], c: readonly number[]): Range {
	const p = fromParameters({
		generator: {weights: w, biases: c},
		discriminator: {weights: [0, 0, 0, 0], bias: 0},
	});
	return rangeZs.map(z => {
		const out = generate(p, z, new Float64Array(4));
		const image = [out[0]!, out[1]!, out[2]!, out[3]!] as const;
		return {z, image, d: discriminate(p, image)};
	});
}

/** Each image's two rows of pixels, as drawn from its left edge on (6 cells). */
function images(lines: readonly string[], left = '▕'): string[] {
	const [top, bottom] = lines.filter(line => line.includes(left)).map(line => [...line]);
	const edges = top!.flatMap((char, i) => (char === left ? [i] : []));
	return edges.map(i => `${top!.slice(i, i + 6).join('')}/${bottom!.slice(i, i + 6).join('')}`);
}

afterEach(() => {
	cleanup();
});

describe('G(z) for z from 0 to 1', () => {
	it('is titled, and draws G(z) for each z with the z under it, from 0 to 1', () => {
		const view = steppedView(10);
		const lines = drawn(view.range);
		expect(lines[0]).toMatch(/^G\(z\) for z from 0 to 1\b/);
		expect(images(lines)).toHaveLength(6);
		expect(lines[3]!.trim().split(/ +/)).toEqual(['0', '.2', '.4', '.6', '.8', '1']);
		const probabilities = lines[4]!.trim().split(/ +/);
		expect(probabilities).toEqual(view.range.map(sample => sample.d.toFixed(3).replace(/^0/, '')));
	});

	it('puts each z and D(G(z)) under its own image', () => {
		const lines = drawn(steppedView(10).range);
		const [top] = lines.filter(line => line.includes('▕'));
		const edges = [...top!].flatMap((char, i) => (char === '▕' ? [i] : []));
		for (const [i, z] of ['0', '.2', '.4', '.6', '.8', '1'].entries()) {
			const under = lines[3]!.slice(edges[i], edges[i]! + 6);
			expect(under.trim(), `z under image ${i}`).toBe(z);
		}
	});

	it('draws the images as the samples panel does: a pixel 1 as █ twice, a pixel 0 blank', () => {
		const range = rangeZs.map(z => ({z, image: [1, 0, 0, 1] as const, d: 0.5}));
		expect(images(drawn(range))).toEqual(Array.from({length: 6}, () => '▕██  ▏/▕  ██▏'));
	});

	it('mode collapse shows: with w = 0, G makes the same image for every z', () => {
		const collapsed = images(drawn(rangeOf([0, 0, 0, 0], [3, -3, -3, 3])));
		expect(new Set(collapsed).size).toBe(1);
		expect(collapsed[0]).toBe('▕██  ▏/▕  ██▏');
	});

	it('a generator that uses z draws different images along the strip: light at z = 0, dark at z = 1', () => {
		const spread = images(drawn(rangeOf([8, 8, 8, 8], [-4, -4, -4, -4])));
		expect(new Set(spread).size).toBeGreaterThan(2);
		expect(spread[0]).toBe('▕    ▏/▕    ▏');
		expect(spread.at(-1)).toBe('▕████▏/▕████▏');
	});

	it('in ASCII draws only printable ASCII, the images between [ and ]', () => {
		const lines = drawn(rangeOf([8, 8, 8, 8], [-4, -4, -4, -4]), themeFor(false, asciiGlyphs));
		for (const line of lines) {
			expect(notPrintableAscii(line), line).toEqual([]);
		}

		expect(images(lines, '[').at(-1)).toBe('[@@@@]/[@@@@]');
	});
});
