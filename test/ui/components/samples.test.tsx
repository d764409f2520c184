import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {Image} from '../../../source/engine/model.js';
import type {View} from '../../../source/run/session.js';
import {asciiGlyphs} from '../../../source/ui/glyphs.js';
import {Samples} from './panels.js';
import {fairSelection} from '../../../source/ui/panels/samples.js';
import {themeFor} from '../../../source/ui/theme.js';
import {linesOf, steppedView} from './support.js';

const theme = themeFor(false);

function samples(real: View['real'], fake: View['fake'], chosen = theme): string[] {
	const {lastFrame} = render(<Samples width={99} real={real} fake={fake} theme={chosen} />);
	return linesOf(lastFrame());
}

/** Columns at which each image's left edge stands in a line. */
function edges(line: string): number[] {
	return [...line].flatMap((char, i) => (char === '▕' ? [i] : []));
}

/** The two lines that draw the images (top row and bottom row of pixels). */
function imageLines(lines: readonly string[]): [string, string] {
	const drawn = lines.filter(line => line.includes('▕'));
	expect(drawn).toHaveLength(2);
	return [drawn[0]!, drawn[1]!];
}

afterEach(() => {
	cleanup();
});

describe('Samples', () => {
	it('draws 9 images: the 5 real faces and 4 generated ones', () => {
		const view = steppedView(20);
		expect(view.real).toHaveLength(5);
		expect(view.fake).toHaveLength(4);
		const lines = samples(view.real, view.fake);
		expect(lines[0]).toMatch(/^Samples\b/);
		const [top, bottom] = imageLines(lines);
		expect(edges(top)).toHaveLength(9);
		expect(edges(bottom)).toEqual(edges(top));
		expect(top.split('▏')).toHaveLength(10);
		const titles = lines.find(line => line.includes('real faces'));
		expect(titles).toBeDefined();
		// The generated group's title sits over the 6th image
		expect(titles!.indexOf('G(z)')).toBe(edges(top)[5]);
	});

	it('shades a pixel 1 as █ (two cells) and a pixel 0 as blank', () => {
		const view = steppedView(0);
		const face: Image = [1, 0, 0, 1];
		const blank: Image = [0, 0, 0, 0];
		const full: Image = [1, 1, 1, 1];
		const lines = samples(
			[
				{image: face, d: 0.5},
				{image: blank, d: 0.5},
				{image: full, d: 0.5},
			],
			view.fake,
		);
		const [top, bottom] = imageLines(lines);
		expect(top.startsWith('▕██  ▏ ▕    ▏ ▕████▏')).toBe(true);
		expect(bottom.startsWith('▕  ██▏ ▕    ▏ ▕████▏')).toBe(true);
	});

	it('shades values between 0 and 1 from light to dark', () => {
		const view = steppedView(0);
		const lines = samples([{image: [0.3, 0.5, 0.7, 0.9], d: 0.5}], view.fake);
		const [top, bottom] = imageLines(lines);
		expect(top.startsWith('▕░░▒▒▏')).toBe(true);
		expect(bottom.startsWith('▕▓▓██▏')).toBe(true);
	});

	it('draws the real faces of the tutorial', () => {
		const view = steppedView(0);
		const [top, bottom] = imageLines(samples(view.real, view.fake));
		// [1, 0, 0, 1], [.9, .1, .2, .8], [.9, .2, .1, .8], [.8, .1, .2, .9], [.8, .2, .1, .9]
		expect(top.startsWith('▕██  ▏ ▕██  ▏ ▕██░░▏ ▕██  ▏ ▕██░░▏')).toBe(true);
		expect(bottom.startsWith('▕  ██▏ ▕░░██▏ ▕  ██▏ ▕░░██▏ ▕  ██▏')).toBe(true);
	});

	it("prints D's probability under each image", () => {
		const view = steppedView(20);
		const lines = samples(view.real, view.fake);
		const [top] = imageLines(lines);
		const probabilities = lines.at(-1)!;
		const all = [...view.real, ...view.fake];
		const columns = edges(top);
		expect(columns).toHaveLength(all.length);
		for (const [i, sample] of all.entries()) {
			const expected = sample.d.toFixed(3).replace(/^0/, '');
			expect(expected).toMatch(/^\.\d{3}$/);
			// Under the image: inside its edges
			expect(probabilities.slice(columns[i]! + 1, columns[i]! + 5)).toBe(expected);
		}
	});

	it('prints 1.00 for a probability that rounds to 1 and keeps four characters', () => {
		const view = steppedView(0);
		const lines = samples(
			[
				{image: [1, 0, 0, 1], d: 0.9999},
				{image: [1, 0, 0, 1], d: 0.0004},
			],
			view.fake,
		);
		expect(lines.at(-1)).toMatch(/^ 1\.00 {3}\.000 /);
	});

	it('gives the z values of the generated images in the title', () => {
		const view = steppedView(5);
		const zs = view.fake.map(sample => sample.z);
		expect(zs).toEqual([0.125, 0.375, 0.625, 0.875]);
		const frame = samples(view.real, view.fake).join('\n');
		expect(frame).toContain('G(z), z = .125 .375 .625 .875');
	});

	it('in ASCII draws the images between [ and ] with the shades  .+#@, and says so', () => {
		const view = steppedView(0);
		const lines = samples(
			[{image: [0.3, 0.5, 0.7, 0.9], d: 0.5}, ...view.real],
			view.fake,
			themeFor(false, asciiGlyphs),
		);
		expect(lines[0]).toContain('Samples .+#@ = pixel 0...1 (dark = high)');
		const drawn = lines.filter(line => line.includes('['));
		expect(drawn).toHaveLength(2);
		expect(drawn[0]!.startsWith('[..++] [@@  ] [@@  ] [@@..] [@@  ] [@@..]')).toBe(true);
		expect(drawn[1]!.startsWith('[##@@] [  @@] [..@@] [  @@] [..@@] [  @@]')).toBe(true);
		expect(drawn[0]!.split('[')).toHaveLength(11);
		expect(drawn[0]!.split(']')).toHaveLength(11);
	});

	it('with more real images than fit, draws an evenly spaced six, first and last included, and says how many', () => {
		const view = steppedView(0);
		// Image i has its first pixel i/99 and D(x) = i/1000, so each drawn one tells which it is
		const real = Array.from({length: 100}, (_, i) => ({image: [i / 99, 0, 0, 1] as const, d: i / 1000}));
		const lines = samples(real, view.fake);
		expect(lines.find(line => line.includes('real faces'))).toContain('real faces, 6 of 100');
		const [top] = imageLines(lines);
		expect(edges(top)).toHaveLength(6 + 4);
		const probabilities = lines.at(-1)!;
		const shown = edges(top)
			.slice(0, 6)
			.map(column => Math.round(Number(probabilities.slice(column + 1, column + 5)) * 1000));
		expect(shown).toEqual([0, 20, 40, 59, 79, 99]);
	});

	it('with six or fewer, draws them all under the plain title', () => {
		const view = steppedView(0);
		const six = Array.from({length: 6}, () => ({image: [1, 0, 0, 1] as const, d: 0.5}));
		const lines = samples(six, view.fake);
		expect(lines.some(line => line.includes(' of '))).toBe(false);
		expect(edges(imageLines(lines)[0])).toHaveLength(10);
	});

	it('fairSelection: all when they fit; else evenly spaced with the first and the last', () => {
		expect(fairSelection(5)).toEqual([0, 1, 2, 3, 4]);
		expect(fairSelection(6)).toEqual([0, 1, 2, 3, 4, 5]);
		expect(fairSelection(7)).toEqual([0, 1, 2, 4, 5, 6]);
		expect(fairSelection(10_000)).toEqual([0, 2000, 4000, 5999, 7999, 9999]);
		for (const count of [7, 8, 13, 101, 10_000]) {
			const chosen = fairSelection(count);
			expect(new Set(chosen).size).toBe(6);
			expect(chosen).toEqual([...chosen].sort((a, b) => a - b));
		}
	});
});
