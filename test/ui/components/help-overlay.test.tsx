import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {keyTable} from '../../../source/ui/keys.js';
import {asciiGlyphs} from '../../../source/ui/glyphs.js';
import {HelpOverlay} from './panels.js';
import {themeFor} from '../../../source/ui/theme.js';
import {cells, linesOf} from './support.js';

const theme = themeFor(false);

function overlay(chosen = theme): string[] {
	const {lastFrame} = render(<HelpOverlay width={99} theme={chosen} />);
	return linesOf(lastFrame());
}

afterEach(() => {
	cleanup();
});

describe('HelpOverlay', () => {
	it('lists every binding of the key table: its keys and, on the same line, its description', () => {
		const lines = overlay();
		expect(keyTable.length).toBeGreaterThan(0);
		for (const binding of keyTable) {
			const line = lines.find(line => line.includes(binding.description));
			expect(line, binding.description).toBeDefined();
			const at = line!.indexOf(binding.description);
			expect(line!.slice(0, at)).toContain(binding.label);
		}
	});

	it('lists the bindings in the key table order', () => {
		const lines = overlay();
		const order = keyTable.map(binding => lines.findIndex(line => line.includes(binding.description)));
		expect(order).toEqual([...order].sort((a, b) => a - b));
		expect(new Set(order).size).toBe(keyTable.length);
	});

	it('lines the descriptions up in one column', () => {
		const lines = overlay();
		const columns = keyTable.map(binding => {
			const line = lines.find(line => line.includes(binding.description))!;
			return cells(line.slice(0, line.indexOf(binding.description)));
		});
		expect(new Set(columns).size).toBe(1);
	});

	it('is a bordered box titled Keys that says how to close it', () => {
		const lines = overlay();
		expect(lines[0]).toMatch(/^╭─+╮$/);
		expect(lines.at(-1)).toMatch(/^╰─+╯$/);
		expect(lines[1]).toMatch(/^│ Keys\s+│$/);
		expect(lines.join('\n')).toContain('? or esc closes this help.');
	});

	it('in ASCII is boxed with + - |, its keys and the loss legend spelled in ASCII', () => {
		const lines = overlay(themeFor(false, asciiGlyphs));
		expect(lines[0]).toMatch(/^\+-+\+$/);
		expect(lines.at(-1)).toMatch(/^\+-+\+$/);
		expect(lines[1]).toMatch(/^\| Keys\s+\|$/);
		expect(lines.find(line => line.includes('one epoch on (trains)'))).toMatch(/^\| s {2}-> +one epoch/);
		expect(lines.join('\n')).toContain('Loss: - D loss -ln D(x) - ln(1 - D(G(z))), = G loss -ln D(G(z)).');
	});
});
