import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {keyTable} from '../../../source/ui/keys.js';
import {asciiGlyphs} from '../../../source/ui/glyphs.js';
import {HelpBar} from './panels.js';
import {helpBarLines} from '../../../source/ui/panels/help-bar.js';
import {lineText} from '../../../source/ui/lines.js';
import {themeFor} from '../../../source/ui/theme.js';
import {linesOf} from './support.js';

const theme = themeFor(false);
const barLabels = keyTable.flatMap(binding => (binding.bar === undefined ? [] : [binding.bar]));

/** The bar as drawn by Ink when it fits in ink-testing-library's 100 columns, else as the line it builds. */
function bar(speed: string, keys: boolean, chosen = theme, width = 200): string {
	const built = helpBarLines({width, speed, keys, theme: chosen});
	expect(built).toHaveLength(1);
	const text = lineText(built[0]!);
	if (width <= 99) {
		const {lastFrame} = render(<HelpBar width={width} speed={speed} keys={keys} theme={chosen} />);
		expect(linesOf(lastFrame())).toEqual([text]);
	}

	return text;
}

function count(text: string, part: string): number {
	return text.split(part).length - 1;
}

afterEach(() => {
	cleanup();
});

describe('HelpBar', () => {
	it('the key table has bindings for the bar and some kept out of it', () => {
		expect(barLabels.length).toBeGreaterThan(0);
		expect(barLabels.length).toBeLessThan(keyTable.length);
	});

	it('lists every binding that has a bar label, in the key table order', () => {
		const line = bar('50/s', true);
		let from = 0;
		for (const label of barLabels) {
			const at = line.indexOf(label, from);
			expect(at, `"${label}" in "${line}"`).toBeGreaterThanOrEqual(from);
			from = at + label.length;
		}
	});

	it('lists nothing but the bar labels and the speed', () => {
		const line = bar('50/s', true);
		expect(count(line, ' 50/s')).toBe(1);
		expect(line.replace(' 50/s', '').split('  ')).toEqual(barLabels);
		for (const binding of keyTable) {
			expect(line).not.toContain(binding.description);
		}
	});

	it.each(['50/s', '1/s', '10000/s', 'max'])('shows the speed %s once', speed => {
		const line = bar(speed, true);
		expect(line).toContain(`speed ${speed}`);
		expect(count(line, speed)).toBe(1);
	});

	it('without a keyboard says so instead of listing keys, and still shows the speed', () => {
		const line = bar('50/s', false);
		expect(line).toContain('no keyboard');
		for (const label of barLabels) {
			expect(line).not.toContain(label);
		}

		expect(line).toContain('speed 50/s');
	});

	it('in ASCII spells the arrow out and keeps every label', () => {
		const ascii = themeFor(false, asciiGlyphs);
		const line = bar('50/s', true, ascii);
		expect(line).toContain('<- back  s/-> step');
		expect(line.replace(' 50/s', '').split('  ')).toEqual(barLabels.map(label => asciiGlyphs.text(label)));
		expect(bar('50/s', false, ascii)).toContain('speed 50/s - no keyboard');
	});
});

describe('HelpBar, narrow', () => {
	it.each([76, 79, 90, 99])('at %i cells leaves whole entries out, the highest-ranked first, and cuts none', width => {
		for (const speed of ['50/s', '10000/s', 'max']) {
			const line = bar(speed, true, theme, width);
			expect([...line].length, line).toBeLessThanOrEqual(width);
			expect(line).not.toContain(theme.glyphs.ellipsis);
			const shown = keyTable.filter(
				binding => binding.bar !== undefined && line.split('  ').some(entry => entry.startsWith(binding.bar!)),
			);
			const left = keyTable.filter(binding => binding.bar !== undefined && !shown.includes(binding));
			// Everything shown outranks everything left out
			const worstShown = Math.max(...shown.map(binding => binding.barRank!));
			expect(
				left.every(binding => binding.barRank! > worstShown),
				line,
			).toBe(true);
			for (const must of ['q quit', '? help', 'space pause']) {
				expect(line).toContain(must);
			}
		}
	});
});
