import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {Divergence, EpochStats} from '../../../source/engine/trainer.js';
import type {HistoryPoints} from '../../../source/run/history.js';
import {minSize} from '../../../source/ui/app.js';
import {plotWidthFor} from '../../../source/ui/chart.js';
import {asciiGlyphs} from '../../../source/ui/glyphs.js';
import {wrapWords} from '../../../source/ui/panels/loss-chart.js';
import {LossChart} from './panels.js';
import {type Theme, themeFor} from '../../../source/ui/theme.js';
import {cells, linesOf, trainedHistory} from './support.js';

const theme = themeFor(false);
/** The width the App gives the chart at the minimum terminal width (one column is kept free). */
const narrowest = minSize.columns - 1;
const empty: HistoryPoints = {d: [], g: [], stride: 1};

function chart(
	history: HistoryPoints,
	{
		last,
		divergence,
		width = 69,
		height = 7,
		theme: chosen = theme,
	}: {
		last?: EpochStats | undefined;
		divergence?: Divergence | undefined;
		width?: number;
		height?: number;
		theme?: Theme;
	} = {},
): string[] {
	const {lastFrame} = render(
		<LossChart history={history} last={last} divergence={divergence} width={width} height={height} theme={chosen} />,
	);
	return linesOf(lastFrame());
}

/** The plot rows: every line after the legend. */
function plot(lines: readonly string[]): string[] {
	return lines.slice(1);
}

afterEach(() => {
	cleanup();
});

describe('LossChart', () => {
	it.each([3, 7, 12])('with no history draws %i plot rows and waits for the first epoch', height => {
		const lines = chart(empty, {height});
		expect(lines).toHaveLength(height + 1);
		expect(lines[0]).toMatch(/^Loss\b/);
		expect(plot(lines).every(line => line.includes('┤'))).toBe(true);
		expect(plot(lines).filter(line => line.includes('waiting for the first epoch'))).toHaveLength(1);
		// No losses yet: the legend has placeholders, not numbers
		expect(lines[0]).toContain('─ D –');
		expect(lines[0]).toContain('═ G –');
		expect(lines[0]).not.toMatch(/\d/);
	});

	it('with a flat history (every loss the same) draws its rows within the width', () => {
		const flat: HistoryPoints = {
			d: Array.from({length: 40}, () => 0.7),
			g: Array.from({length: 40}, () => 0.7),
			stride: 1,
		};
		const lines = chart(flat, {width: 60, height: 7});
		expect(lines).toHaveLength(8);
		expect(plot(lines).join('\n')).toContain('─');
		for (const line of lines) {
			expect(cells(line)).toBeLessThanOrEqual(60);
		}
	});

	it('with flat but different D and G losses draws both lines', () => {
		const flat: HistoryPoints = {
			d: Array.from({length: 40}, () => 1.386),
			g: Array.from({length: 40}, () => 0.693),
			stride: 1,
		};
		const lines = chart(flat, {width: 60, height: 7});
		expect(lines).toHaveLength(8);
		const body = plot(lines).join('\n');
		expect(body).toContain('─'.repeat(20));
		expect(body).toContain('═'.repeat(20));
		for (const line of lines) {
			expect(cells(line)).toBeLessThanOrEqual(60);
		}
	});

	it('with a long history (10,000 points) keeps the asked height and every line within the width', () => {
		const {history, last} = trainedHistory(10_000);
		expect(history.d).toHaveLength(10_000);
		// From the App's narrowest (70 columns, one kept free) to the test terminal's 100
		for (const width of [69, 80, 99]) {
			const lines = chart(history, {last, width, height: 9});
			expect(lines).toHaveLength(10);
			for (const line of lines) {
				expect(cells(line)).toBeLessThanOrEqual(width);
			}

			// The plot uses most of the width it was given (in columns of whole buckets, not cut off at the first points)
			expect(Math.max(...plot(lines).map(line => cells(line))) - (width - plotWidthFor(width))).toBeGreaterThanOrEqual(
				(2 / 3) * plotWidthFor(width),
			);
		}
	});

	it('names D and G in the legend with their own glyphs, with the last losses', () => {
		const {history, last} = trainedHistory(300);
		expect(last).toBeDefined();
		const lines = chart(history, {last});
		const legend = lines[0] ?? '';
		expect(legend).toContain(`─ D ${last!.dLoss.toFixed(4)}`);
		expect(legend).toContain(`═ G ${last!.gLoss.toFixed(4)}`);
		expect(last!.dLoss.toFixed(4)).not.toBe(last!.gLoss.toFixed(4));
		expect(legend).toContain(`epochs 1–${last!.epoch}, left to right`);
		// The lines in the plot are told apart by the same glyphs
		const body = plot(lines).join('\n');
		expect(body).toMatch(/[─╭╮╰╯│]/);
		expect(body).toMatch(/[═╔╗╚╝║]/);
	});

	it('gives the span of epochs the plot covers: whole columns only, also once the history is compacted', () => {
		const {history, last} = trainedHistory(64);
		expect(last?.epoch).toBe(64);
		// 64 points fit the 60 columns of a 69-cell chart two to a column
		expect(chart(history, {last})[0]).toContain('epochs 1–64, left to right');
		const fewer = trainedHistory(63);
		expect(chart(fewer.history, {last: fewer.last})[0]).toContain('epochs 1–62, left to right');
		// Compacted to 16 epochs a point: 64 points, the last holding 8 of its 16 epochs (1,016 in all), are
		// 63 whole points, so 31 columns of two; once it is whole, 32 columns
		const long = trainedHistory(1000);
		const d = Array.from({length: 64}, (_, i) => long.history.d[i]!);
		const compacted = {d, g: d, stride: 16};
		expect(chart(compacted, {last: {...long.last!, epoch: 1016}})[0]).toContain('epochs 1–992, left to right');
		expect(chart(compacted, {last: {...long.last!, epoch: 1024}})[0]).toContain('epochs 1–1024, left to right');
	});

	it('shows the epoch and the reason of a divergence', () => {
		const {history, last, trainer} = trainedHistory(1000, 42, 10);
		const divergence = trainer.diverged;
		expect(divergence).toBeDefined();
		const frame = chart(history, {last, divergence, width: 99}).join('\n');
		expect(frame).toContain(`diverged in epoch ${divergence!.epoch}: `);
		// The reason's start, at least, is on screen
		expect(frame).toContain(divergence!.reason.slice(0, 24));
		expect(frame).not.toContain('left to right');
	});

	it('keeps the legend of a diverged run on one row: height + 1 rows in all, each within the width', () => {
		// The App sizes the plot from the terminal's rows assuming a one-row legend
		const {history, last, trainer} = trainedHistory(1000, 42, 10);
		const lines = chart(history, {last, divergence: trainer.diverged, width: 99, height: 7});
		expect(lines).toHaveLength(8);
		for (const line of lines) {
			expect(cells(line)).toBeLessThanOrEqual(99);
		}
	});

	it('shows the whole reason of a divergence at the narrowest width, wrapped, the plot giving up its rows', () => {
		const {history, last, trainer} = trainedHistory(1000, 42, 10);
		const divergence = trainer.diverged!;
		for (const height of [3, 7]) {
			const lines = chart(history, {last, divergence, width: narrowest, height});
			expect(lines).toHaveLength(height + 1);
			for (const line of lines) {
				expect(cells(line), line).toBeLessThanOrEqual(narrowest);
			}

			const words = lines.join(' ').split(/\s+/);
			const said = `diverged in epoch ${divergence.epoch}: ${divergence.reason}`.split(' ');
			const at = words.indexOf('diverged');
			expect(words.slice(at, at + said.length)).toEqual(said);
		}
	});

	it.each([
		'a parameter stopped being finite (the learning rate is too large)',
		'D loss became infinite: the discriminator is saturated (D(x) = 0 or D(G(z)) = 1)',
		'G loss became infinite: the discriminator rejects every generated image (D(G(z)) = 0)',
	])('wraps every reason the trainer gives whole at the narrowest width: %s', reason => {
		const {history, last} = trainedHistory(200);
		const lines = chart(history, {last, divergence: {epoch: 123_456_789, reason}, width: narrowest, height: 5});
		expect(lines).toHaveLength(6);
		expect(lines.join(' ').replaceAll(/\s+/g, ' ')).toContain(`diverged in epoch 123456789: ${reason}`);
		for (const line of lines) {
			expect(cells(line), line).toBeLessThanOrEqual(narrowest);
		}
	});

	it('in ASCII names D and G by - and = in the legend and draws the lines with them', () => {
		const {history, last} = trainedHistory(300);
		const lines = chart(history, {last, theme: themeFor(false, asciiGlyphs)});
		expect(lines[0]).toContain(`- D ${last!.dLoss.toFixed(4)}`);
		expect(lines[0]).toContain(`= G ${last!.gLoss.toFixed(4)}`);
		expect(lines[0]).toContain('epochs 1-300, left to right');
		expect(plot(lines).join('\n')).toMatch(/-/);
		expect(plot(lines).join('\n')).toMatch(/=/);
		expect(chart(empty, {theme: themeFor(false, asciiGlyphs)})[0]).toContain('- D -   = G -');
	});
});

describe('wrapWords', () => {
	it('fills lines word by word, the first line to its own width', () => {
		expect(wrapWords('aa bb cc dd', 5, 8)).toEqual(['aa bb', 'cc dd']);
		expect(wrapWords('aa bb cc dd', 2, 8)).toEqual(['aa', 'bb cc dd']);
		expect(wrapWords('aaaa bb', 3, 8)).toEqual(['', 'aaaa bb']);
		expect(wrapWords('aa bb', 0, 8)).toEqual(['', 'aa bb']);
	});

	it('cuts a word longer than a line', () => {
		expect(wrapWords('abcdefghij k', 3, 4)).toEqual(['', 'abcd', 'efgh', 'ij k']);
	});

	it('loses no character and passes no width', () => {
		const text = 'G loss became infinite: the discriminator rejects every generated image (D(G(z)) = 0)';
		for (let first = 0; first <= 30; first++) {
			for (let rest = 1; rest <= 30; rest++) {
				const lines = wrapWords(text, first, rest);
				expect(lines.join('').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
				expect(cells(lines[0]!)).toBeLessThanOrEqual(first);
				for (const line of lines.slice(1)) {
					expect(cells(line)).toBeLessThanOrEqual(rest);
				}
			}
		}
	});
});
