import {describe, expect, it} from 'vitest';
import {asciiGlyphs, unicodeGlyphs} from '../../../source/ui/glyphs.js';
import {themeFor, useColor} from '../../../source/ui/theme.js';

const tty = {isTTY: true, hasColors: () => true};

describe('useColor', () => {
	it('a colour terminal gets colour', () => {
		expect(useColor({TERM: 'xterm-256color'}, tty)).toBe(true);
	});

	it('not a terminal, or a terminal without colours: none', () => {
		expect(useColor({TERM: 'xterm-256color'}, {isTTY: false})).toBe(false);
		expect(useColor({TERM: 'vt100'}, {isTTY: true, hasColors: () => false})).toBe(false);
	});

	it('NO_COLOR (any non-empty value) turns colour off; an empty NO_COLOR does not', () => {
		expect(useColor({NO_COLOR: '1'}, tty)).toBe(false);
		expect(useColor({NO_COLOR: 'yes'}, tty)).toBe(false);
		expect(useColor({NO_COLOR: ''}, tty)).toBe(true);
	});

	it('TERM=dumb turns colour off', () => {
		expect(useColor({TERM: 'dumb'}, tty)).toBe(false);
	});

	it('FORCE_COLOR wins over everything, also over NO_COLOR, TERM=dumb and a pipe', () => {
		expect(useColor({FORCE_COLOR: '1', NO_COLOR: '1'}, tty)).toBe(true);
		expect(useColor({FORCE_COLOR: '3', TERM: 'dumb'}, tty)).toBe(true);
		expect(useColor({FORCE_COLOR: '1'}, {isTTY: false})).toBe(true);
	});

	it('FORCE_COLOR=0 or false forces it off, even on a colour terminal', () => {
		expect(useColor({FORCE_COLOR: '0'}, tty)).toBe(false);
		expect(useColor({FORCE_COLOR: 'false'}, tty)).toBe(false);
	});
});

describe('themeFor', () => {
	it('without colour every colour is undefined (Ink then writes no colour codes)', () => {
		const theme = themeFor(false);
		expect(theme.color).toBe(false);
		for (const [key, value] of Object.entries(theme)) {
			if (key !== 'color' && key !== 'glyphs') {
				expect(value, key).toBeUndefined();
			}
		}
	});

	it('with colour D and G differ', () => {
		const theme = themeFor(true);
		expect(theme.d).toBeDefined();
		expect(theme.g).toBeDefined();
		expect(theme.d).not.toBe(theme.g);
	});

	it('carries the glyphs it is given, Unicode unless told', () => {
		expect(themeFor(false).glyphs).toBe(unicodeGlyphs);
		expect(themeFor(true).glyphs).toBe(unicodeGlyphs);
		expect(themeFor(false, asciiGlyphs).glyphs).toBe(asciiGlyphs);
		expect(themeFor(true, asciiGlyphs).glyphs).toBe(asciiGlyphs);
		expect(themeFor(true, asciiGlyphs).d).toBe(themeFor(true).d);
	});
});
