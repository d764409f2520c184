/**
 * Where the views of D and G go (frame.ts): from 120×40 right of the loss
 * chart, with the samples and parameters below as ever; in a smaller
 * terminal in the lower half in place of the samples, as `v` switches.
 */
import {describe, expect, it} from 'vitest';
import {type FrameInput, frameLines, minSize, viewsBesideFrom} from '../../../source/ui/frame.js';
import {asciiGlyphs} from '../../../source/ui/glyphs.js';
import {lineText, lineWidth} from '../../../source/ui/lines.js';
import {type Lower, UiStore} from '../../../source/ui/state.js';
import {routeKeys} from '../../../source/ui/commands.js';
import {themeFor} from '../../../source/ui/theme.js';
import {slantedFaces} from '../../../source/engine/data.js';
import {presets} from '../../../source/engine/presets.js';
import type {SessionOptions} from '../../../source/run/session.js';
import {steppedView} from './support.js';

const view = steppedView(20);
const dTitle = 'What D looks for';
const gTitle = 'G(z) for z from 0 to 1';

function frame(columns: number, rows: number, lower: Lower, options: Partial<FrameInput> = {}): string[] {
	const lines = frameLines({
		view,
		helpOpen: false,
		lower,
		columns,
		rows,
		interactive: true,
		theme: themeFor(false),
		...options,
	});
	// One row and one column stay free (frame.ts)
	expect(lines.length, `${columns}×${rows}`).toBeLessThanOrEqual(rows - 1);
	for (const line of lines) {
		expect(lineWidth(line), lineText(line)).toBeLessThanOrEqual(columns - 1);
	}

	return lines.map(line => lineText(line));
}

const has = (lines: readonly string[], title: string): boolean => lines.some(line => line.includes(title));
const rowOf = (lines: readonly string[], text: string): number => lines.findIndex(line => line.includes(text));

describe('the views of D and G in the frame', () => {
	it('at 80×24 the lower half shows the samples and parameters, and after v the views instead', () => {
		const ui = new UiStore();
		const route = routeKeys({session: {dispatch() {}, adjust() {}}, ui, quit() {}, suspend() {}, save() {}});
		const samples = frame(80, 24, ui.getState().lower);
		expect(has(samples, 'Samples')).toBe(true);
		expect(has(samples, 'Parameters')).toBe(true);
		expect(has(samples, dTitle)).toBe(false);
		expect(has(samples, gTitle)).toBe(false);

		route('v');
		const views = frame(80, 24, ui.getState().lower);
		expect(has(views, dTitle)).toBe(true);
		expect(has(views, gTitle)).toBe(true);
		expect(has(views, 'Samples')).toBe(false);
		expect(has(views, 'Parameters')).toBe(false);
		// The views side by side, in the rows the samples had: the chart and the help bar stay put
		expect(rowOf(views, dTitle)).toBe(rowOf(samples, 'Samples'));
		expect(rowOf(views, gTitle)).toBe(rowOf(views, dTitle));
		expect(views.length).toBe(samples.length);
		expect(views.slice(0, rowOf(views, dTitle))).toEqual(samples.slice(0, rowOf(samples, 'Samples')));
		expect(views.at(-1)).toBe(samples.at(-1));

		route('v');
		expect(frame(80, 24, ui.getState().lower)).toEqual(samples);
	});

	it.each([
		['Unicode', themeFor(false)],
		['ASCII', themeFor(false, asciiGlyphs)],
	])('at the smallest size (76×20) either lower half fits whole, in %s', (_name, theme) => {
		const {columns, rows} = minSize;
		const views = frame(columns, rows, 'views', {theme});
		expect(has(views, dTitle)).toBe(true);
		expect(views.find(line => line.includes(gTitle))).toMatch(/D\(G\(z\)\)/);
		// The rule and the legend's last line are there, not cut
		expect(has(views, 'real when v')).toBe(true);
		expect(has(views, 'dark here')).toBe(true);
		expect(has(frame(columns, rows, 'samples', {theme}), 'Parameters')).toBe(true);
	});

	it('at 120×40 the views stand right of the chart, with the samples and parameters below: all at once', () => {
		const lines = frame(120, 40, 'samples');
		for (const title of [dTitle, gTitle, 'Samples', 'Parameters', 'Loss']) {
			expect(has(lines, title), title).toBe(true);
		}

		// D's view starts on the chart's legend row, G's below it, both above the samples
		const legend = rowOf(lines, 'Loss');
		expect(rowOf(lines, dTitle)).toBe(legend);
		expect(rowOf(lines, gTitle)).toBeGreaterThan(legend);
		expect(rowOf(lines, gTitle)).toBeLessThan(rowOf(lines, 'Samples'));
		// At one column, whatever the chart's width so far
		const column = lines[legend]!.indexOf(dTitle);
		expect(lines[rowOf(lines, gTitle)]!.indexOf(gTitle)).toBe(column);
		expect(lines[legend]!.slice(0, column)).toMatch(/ {3}$/);
		// v changes nothing here, and the help bar leaves it out; below this size it lists it
		expect(frame(120, 40, 'views')).toEqual(lines);
		expect(lines.at(-1)).toContain('t train');
		expect(lines.at(-1)).not.toContain('v views');
		expect(frame(119, 40, 'samples').at(-1)).toContain('v views');
	});

	it('at 160×50 as at 120×40, nothing cut off', () => {
		const lines = frame(160, 50, 'views');
		for (const title of [dTitle, gTitle, 'Samples', 'Parameters', 'Loss']) {
			expect(has(lines, title), title).toBe(true);
		}

		expect(rowOf(lines, dTitle)).toBe(rowOf(lines, 'Loss'));
	});

	it('just below 120×40 in either direction the views take turns with the samples', () => {
		expect(viewsBesideFrom).toEqual({columns: 120, rows: 40});
		for (const [columns, rows] of [
			[119, 40],
			[120, 39],
			[150, 30],
		] as const) {
			const samples = frame(columns, rows, 'samples');
			expect(has(samples, dTitle), `${columns}×${rows}`).toBe(false);
			expect(has(samples, 'Samples'), `${columns}×${rows}`).toBe(true);
			const views = frame(columns, rows, 'views');
			expect(has(views, dTitle), `${columns}×${rows}`).toBe(true);
			expect(has(views, 'Samples'), `${columns}×${rows}`).toBe(false);
			expect(views.at(-1)).toBe(samples.at(-1));
		}
	});

	it('the help open at 76×20 lists v whole', () => {
		for (const glyphs of [undefined, asciiGlyphs]) {
			const lines = frame(minSize.columns, minSize.rows, 'views', {helpOpen: true, theme: themeFor(false, glyphs)});
			expect(
				lines.find(line => line.includes('samples or D and G views')),
				String(glyphs?.ascii),
			).toMatch(/ v +samples/);
		}
	});
});

describe('the samples panel names the real images', () => {
	it('the tutorial’s faces as “real faces”, another dataset’s as “real images”', () => {
		const title = (options: Partial<SessionOptions>): string | undefined =>
			frame(80, 24, 'samples', {view: steppedView(0, options)}).find(line => line.startsWith('real '));

		expect(title({})).toMatch(/^real faces {3}/);
		expect(title({data: {source: {preset: 'slanted'}, faces: slantedFaces}})).toMatch(/^real faces {3}/);
		const bars = presets.find(preset => preset.name === 'bars')!;
		expect(title({data: {source: {preset: 'bars'}, faces: bars.faces}})).toMatch(/^real images {3}/);
	});
});
