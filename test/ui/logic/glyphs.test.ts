import {describe, expect, it} from 'vitest';
import {type Glyphs, asciiFromLocale, asciiGlyphs, glyphsFor, unicodeGlyphs} from '../../../source/ui/glyphs.js';
import {keyTable} from '../../../source/ui/keys.js';

const printableAscii = /^[\u0020-\u007E]*$/;

/** Every string of a glyph set, however deep. */
function strings(glyphs: Glyphs): string[] {
	return Object.values(glyphs).flatMap((value: unknown) => {
		if (typeof value === 'string') {
			return [value];
		}

		return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
	});
}

describe('asciiFromLocale', () => {
	// [LC_ALL, LC_CTYPE, LANG] → ASCII?
	const table: ReadonlyArray<[string | undefined, string | undefined, string | undefined, boolean]> = [
		[undefined, undefined, undefined, true],
		['', '', '', true],
		[undefined, undefined, 'en_US.UTF-8', false],
		[undefined, undefined, 'en_US.utf8', false],
		[undefined, undefined, 'C.UTF-8', false],
		[undefined, undefined, 'de_DE.Utf-8', false],
		[undefined, undefined, 'C', true],
		[undefined, undefined, 'POSIX', true],
		[undefined, undefined, 'en_US', true],
		[undefined, undefined, 'en_US.ISO-8859-1', true],
		[undefined, undefined, 'ja_JP.eucJP', true],
		// LC_CTYPE over LANG
		[undefined, 'C', 'en_US.UTF-8', true],
		[undefined, 'en_US.UTF-8', 'C', false],
		// LC_ALL over both
		['C', 'en_US.UTF-8', 'en_US.UTF-8', true],
		['en_US.UTF-8', 'C', 'C', false],
		// An empty variable is not set: the next one decides
		['', 'en_US.UTF-8', 'C', false],
		['', '', 'en_US.UTF-8', false],
		['', 'C', 'en_US.UTF-8', true],
	];

	it.each(table)('LC_ALL=%s LC_CTYPE=%s LANG=%s → ASCII %s', (all, ctype, lang, ascii) => {
		const env: Record<string, string | undefined> = {LC_ALL: all, LC_CTYPE: ctype, LANG: lang};
		expect(asciiFromLocale(env)).toBe(ascii);
	});

	it('reads nothing but LC_ALL, LC_CTYPE and LANG', () => {
		expect(asciiFromLocale({LC_MESSAGES: 'en_US.UTF-8', TERM: 'xterm-256color'})).toBe(true);
	});
});

describe('glyphsFor', () => {
	const utf8 = {LANG: 'en_US.UTF-8'};
	const c = {LANG: 'C'};

	it('--ascii draws ASCII and --no-ascii Unicode, whatever the locale', () => {
		expect(glyphsFor(true, utf8)).toBe(asciiGlyphs);
		expect(glyphsFor(true, c)).toBe(asciiGlyphs);
		expect(glyphsFor(false, utf8)).toBe(unicodeGlyphs);
		expect(glyphsFor(false, c)).toBe(unicodeGlyphs);
	});

	it('without either the locale decides', () => {
		expect(glyphsFor(undefined, utf8)).toBe(unicodeGlyphs);
		expect(glyphsFor(undefined, c)).toBe(asciiGlyphs);
		expect(glyphsFor(undefined, {})).toBe(asciiGlyphs);
	});
});

describe('the glyph sets', () => {
	it('ASCII is printable ASCII through and through; Unicode is not', () => {
		expect(asciiGlyphs.ascii).toBe(true);
		for (const text of strings(asciiGlyphs)) {
			expect(text, JSON.stringify(text)).toMatch(printableAscii);
		}

		expect(unicodeGlyphs.ascii).toBe(false);
		expect(strings(unicodeGlyphs).some(text => !printableAscii.test(text))).toBe(true);
	});

	it.each([
		['Unicode', unicodeGlyphs],
		['ASCII', asciiGlyphs],
	])('%s: five shades, all different, one cell each, the lightest blank', (_name, glyphs) => {
		expect(glyphs.shades).toHaveLength(5);
		expect(new Set(glyphs.shades).size).toBe(5);
		expect(glyphs.shades[0]).toBe(' ');
		for (const shade of glyphs.shades) {
			expect([...shade]).toHaveLength(1);
		}
	});

	it.each([
		['Unicode', unicodeGlyphs],
		['ASCII', asciiGlyphs],
	])('%s: D and G are drawn with no glyph in common, in the legend and the chart', (_name, glyphs) => {
		expect(glyphs.dLine).not.toBe(glyphs.gLine);
		// The symbols asciichart draws a line with (its 5th to 10th): horizontal, corners, vertical
		const d = new Set(glyphs.dChart.slice(4));
		const g = new Set(glyphs.gChart.slice(4));
		expect([...d].filter(glyph => g.has(glyph))).toEqual([]);
		expect(d.has(glyphs.dLine)).toBe(true);
		expect(g.has(glyphs.gLine)).toBe(true);
	});

	it.each([
		['Unicode', unicodeGlyphs],
		['ASCII', asciiGlyphs],
	])('%s: the spinner has several one-cell frames, none of them a stopped mark', (_name, glyphs) => {
		expect(glyphs.spinner.length).toBeGreaterThan(1);
		for (const frame of glyphs.spinner) {
			expect([...frame]).toHaveLength(1);
			expect([glyphs.paused, glyphs.finished, glyphs.diverged]).not.toContain(frame);
		}

		expect(new Set([glyphs.paused, glyphs.finished, glyphs.diverged]).size).toBe(3);
	});

	it('ASCII text() spells out the symbols of the key table and marks anything unknown', () => {
		for (const binding of keyTable) {
			for (const text of [binding.label, binding.bar ?? '', binding.description]) {
				expect(asciiGlyphs.text(text)).toMatch(printableAscii);
			}
		}

		expect(asciiGlyphs.text('s/→ step')).toBe('s/-> step');
		expect(asciiGlyphs.text('2×2, 0…1, −ln, 1–64')).toBe('2x2, 0...1, -ln, 1-64');
		expect(asciiGlyphs.text('snow ☃ 𝔸')).toBe('snow ? ?');
		expect(unicodeGlyphs.text('s/→ step')).toBe('s/→ step');
	});
});
