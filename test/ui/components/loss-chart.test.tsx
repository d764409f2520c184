import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {Divergence, EpochStats} from '../../../source/engine/trainer.js';
import type {HistoryPoints} from '../../../source/run/history.js';
import {plotWidthFor} from '../../../source/ui/chart.js';
import {LossChart} from '../../../source/ui/panels/loss-chart.js';
import {themeFor} from '../../../source/ui/theme.js';
import {cells, linesOf, trainedHistory} from './support.js';

const theme = themeFor(false);
const empty: HistoryPoints = {d: [], g: [], stride: 1};

function chart(
	history: HistoryPoints,
	{
		last,
		divergence,
		width = 69,
		height = 7,
	}: {last?: EpochStats | undefined; divergence?: Divergence | undefined; width?: number; height?: number} = {},
): string[] {
	const {lastFrame} = render(
		<LossChart history={history} last={last} divergence={divergence} width={width} height={height} theme={theme} />,
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

	it('gives the span of epochs the plot covers, also once the history is compacted', () => {
		const {history, last} = trainedHistory(64);
		expect(last?.epoch).toBe(64);
		expect(chart(history, {last})[0]).toContain('epochs 1–64, left to right');
		expect(chart({...history, stride: 16}, {last})[0]).toContain('epochs 1–64, left to right');
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
});
