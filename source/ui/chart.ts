/**
 * The loss chart as plain rows of cells, before any colour: both series on
 * one asciichart grid, D drawn with single lines (─│╭╮╰╯) and G with double
 * lines (═║╔╗╚╝), so they stay apart without colour. Never throws: empty,
 * flat and non-finite input all give a chart of the asked height.
 */
import {plot} from 'asciichart';
import {downsample} from '../run/history.js';

export type Series = 'd' | 'g' | 'axis';
export type ChartRow = ReadonlyArray<{readonly text: string; readonly series: Series}>;

const single = ['┼', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│'] as const;
const double = ['┼', '┤', '═', '═', '═', '╚', '╔', '╗', '╝', '║'] as const;
export const labelWidth = 7;

/** Fixed-width axis labels: 7 characters whatever the value. */
export function axisLabel(x: number): string {
	const a = Math.abs(x);
	let text = a < 1000 ? x.toFixed(a < 10 ? 3 : a < 100 ? 2 : 1) : x.toExponential(1);
	if (text.length > labelWidth) {
		// One digit, cut rather than rounded so that 1.8e308 does not read back as infinity: "-1e+100"
		const exponent = Math.floor(Math.log10(a));
		const digit = Math.max(1, Math.min(9, Math.floor(a / 10 ** exponent)));
		text = `${x < 0 ? '-' : ''}${digit}e+${exponent}`;
	}

	return text.padStart(labelWidth);
}

export function chartRows(d: readonly number[], g: readonly number[], width: number, height: number): ChartRow[] {
	const plotWidth = Math.max(1, width - labelWidth - 2);
	const ds = downsample(d.filter(Number.isFinite), plotWidth);
	const gs = downsample(g.filter(Number.isFinite), plotWidth);
	const rows = Math.max(1, height);
	if (ds.length === 0 && gs.length === 0) {
		return Array.from({length: rows}, (_, i) => [
			{
				text: (
					' '.repeat(labelWidth) +
					' ┤' +
					(i === Math.floor(rows / 2) ? ' waiting for the first epoch…' : '')
				).slice(0, Math.max(1, width)),
				series: 'axis' as const,
			},
		]);
	}

	let min = Math.min(...ds, ...gs);
	let max = Math.max(...ds, ...gs);
	if (max - min < 1e-9) {
		// A flat line would collapse asciichart to one row
		min -= 0.5;
		max += 0.5;
	}

	// Plotted as offsets from min, so asciichart's row count, round(max·ratio) − round(min·ratio) + 1,
	// is exactly `rows` (with min = 0 nothing rounds the other way); labels add min back
	const shift = (values: readonly number[]) => values.map(value => value - min);
	const config = {height: rows - 1, min: 0, max: max - min, format: (x: number) => axisLabel(x + min)};
	const dRows = ds.length > 0 ? plot(shift(ds), {...config, symbols: [...single]}).split('\n') : [];
	const gRows = gs.length > 0 ? plot(shift(gs), {...config, symbols: [...double]}).split('\n') : [];
	const count = Math.max(dRows.length, gRows.length);
	const result: ChartRow[] = [];
	for (let r = 0; r < count; r++) {
		const dRow = [...(dRows[r] ?? '')];
		const gRow = [...(gRows[r] ?? '')];
		const axis = labelWidth + 2; // Label, space, tick
		const cells: Array<{text: string; series: Series}> = [];
		const length = Math.max(dRow.length, gRow.length);
		for (let i = 0; i < length; i++) {
			const dc = dRow[i] ?? ' ';
			const gc = gRow[i] ?? ' ';
			if (i < axis) {
				cells.push({text: dc === ' ' ? gc : dc, series: 'axis'});
			} else if (dc !== ' ') {
				cells.push({text: dc, series: 'd'});
			} else if (gc === ' ') {
				cells.push({text: ' ', series: 'axis'});
			} else {
				cells.push({text: gc, series: 'g'});
			}
		}

		result.push(merge(cells));
	}

	return result;
}

/** Joins neighbouring cells of the same series into runs (fewer Text nodes to draw). */
function merge(cells: ReadonlyArray<{text: string; series: Series}>): ChartRow {
	const runs: Array<{text: string; series: Series}> = [];
	for (const cell of cells) {
		const last = runs.at(-1);
		if (last?.series === cell.series) {
			last.text += cell.text;
		} else {
			runs.push({...cell});
		}
	}

	return runs;
}
