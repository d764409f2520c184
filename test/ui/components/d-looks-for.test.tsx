import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {Parameters} from '../../../source/engine/model.js';
import {asciiGlyphs} from '../../../source/ui/glyphs.js';
import {dLooksForLines, signedWeight} from '../../../source/ui/panels/d-looks-for.js';
import {type Theme, themeFor} from '../../../source/ui/theme.js';
import {DLooksFor} from './panels.js';
import {esc, linesOf, notPrintableAscii} from './support.js';

const plainTheme = themeFor(false);

/** The tutorial's trained discriminator (seed 42, 1000 epochs), to 3 decimals. */
const trained: Parameters['discriminator'] = {weights: [0.602, -0.291, -0.401, 0.378], bias: -0.896};

function drawn(discriminator: Parameters['discriminator'], theme: Theme = plainTheme): string[] {
	const {lastFrame} = render(<DLooksFor discriminator={discriminator} theme={theme} />);
	return linesOf(lastFrame());
}

/** The grid's four cells of ink, row-major: the text between the edges of rows 1 and 3, split at the middle. */
function cells(lines: readonly string[], left = '▕', right = '▏'): string[] {
	return [lines[1]!, lines[3]!].flatMap(line => {
		const inside = line.slice(line.indexOf(left) + 1, line.indexOf(right));
		return [inside.slice(0, 8), inside.slice(9, 17)];
	});
}

afterEach(() => {
	cleanup();
});

describe('What D looks for', () => {
	it('is titled, draws the 2×2 grid of v row-major with each value under its cell, then b and the rule', () => {
		const lines = drawn(trained);
		expect(lines[0]).toBe('What D looks for');
		expect(lines[2]).toMatch(/^▕ +\+0\.602 +-0\.291 +▏$/);
		expect(lines[4]).toMatch(/^▕ +-0\.401 +\+0\.378 +▏$/);
		expect(lines[5]).toMatch(/b -0\.896$/);
		expect(lines.join('\n')).toContain('real when v·x + b > 0');
	});

	it('fills a positive weight with █ and a negative one with ╳: two glyph families, never mixed in a cell', () => {
		const [v11, v12, v21, v22] = cells(drawn(trained));
		for (const positive of [v11!, v22!]) {
			expect(positive).toMatch(/^ *█+ *$/);
		}

		for (const negative of [v12!, v21!]) {
			expect(negative).toMatch(/^ *╳+ *$/);
		}
	});

	it('fills each cell in proportion to |v| against the largest of |v| and |b|, at least one glyph unless 0', () => {
		const ink = (cell: string): number => cell.trim().length;
		const [a, b, c, d] = cells(drawn({weights: [1, -0.5, 0.001, 0], bias: -0.25}));
		expect([a, b, c, d].map(cell => ink(cell!))).toEqual([8, 4, 1, 0]);
		// b is drawn the same way, on its own line: a quarter of the largest
		expect(drawn({weights: [1, -0.5, 0.001, 0], bias: -0.25})[5]).toMatch(/^ +╳╳ +b -0\.250$/);
		// The largest may be b: the weights then fill less
		expect(ink(cells(drawn({weights: [1, 1, 1, 1], bias: -2}))[0]!)).toBe(4);
	});

	it('tells the sign without colour: no escape codes, and the signed value printed in every cell', () => {
		const lines = drawn(trained);
		expect(lines.join('\n')).not.toContain(esc);
		expect(lines[2]).toContain('+0.602');
		expect(lines[2]).toContain('-0.291');
		// The legend says what each glyph means
		expect(lines).toContain('█ v > 0: dark here → real');
		expect(lines).toContain('╳ v < 0: dark here → fake');
	});

	it('with colour, colours each sign apart but draws the same glyphs', () => {
		const coloured = themeFor(true);
		const lines = dLooksForLines({discriminator: trained, theme: coloured});
		const inked = lines.flatMap(line => line).filter(part => /[█╳]/.test(part.text) && part.text.trim().length > 1);
		expect(new Set(inked.filter(part => part.text.includes('█')).map(part => part.color))).toEqual(new Set(['green']));
		expect(new Set(inked.filter(part => part.text.includes('╳')).map(part => part.color))).toEqual(new Set(['red']));
		const text = (theme: Theme) =>
			dLooksForLines({discriminator: trained, theme}).map(line => line.map(part => part.text).join(''));
		expect(text(coloured)).toEqual(text(plainTheme));
	});

	it('in ASCII draws + for positive and - for negative between [ and ], and only printable ASCII', () => {
		const lines = drawn(trained, themeFor(false, asciiGlyphs));
		for (const line of lines) {
			expect(notPrintableAscii(line), line).toEqual([]);
		}

		const [v11, v12, v21, v22] = cells(lines, '[', ']');
		expect(v11).toMatch(/^ *\++ *$/);
		expect(v22).toMatch(/^ *\++ *$/);
		expect(v12).toMatch(/^ *-+ *$/);
		expect(v21).toMatch(/^ *-+ *$/);
		expect(lines).toContain('real when v.x + b > 0');
		expect(lines).toContain('+ v > 0: dark here -> real');
	});

	it('draws a weight that is not finite as ?, and the others still to scale', () => {
		const lines = drawn({weights: [Number.NaN, 2, -1, 0], bias: 0});
		const [a, b, c] = cells(lines);
		expect(a!.trim()).toBe('?');
		expect(b!.trim()).toBe('█'.repeat(8));
		expect(c!.trim()).toBe('╳'.repeat(4));
		expect(lines[2]).toMatch(/^▕ +\? +\+2\.000 +▏$/);
	});
});

describe('signedWeight', () => {
	it.each([
		[0.75, '+0.750'],
		[-0.921_34, '-0.921'],
		[0, '+0.000'],
		[12.345, '+12.35'],
		[-123.45, '-123.5'],
		[99_999, '+99999'],
		[1_234_567, '+1e+6'],
		[Number.POSITIVE_INFINITY, '?'],
	])('%d → %s (6 characters at most)', (x, text) => {
		expect(signedWeight(x)).toBe(text);
		expect(text.length).toBeLessThanOrEqual(6);
	});
});
