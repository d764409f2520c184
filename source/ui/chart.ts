/**
 * The loss chart as plain rows of cells, before any colour: both series on
 * one asciichart grid, D drawn with single lines (─│╭╮╰╯, or - | . ') and G
 * with double lines (═║╔╗╚╝, or = #), so they stay apart without colour.
 * Never throws: empty, flat and non-finite input all give a chart of the
 * asked height.
 *
 * The history is drawn in columns of equal buckets of points, and only
 * whole buckets are drawn: as points arrive nothing on the chart changes
 * until a column's worth of them is in, and then only that column (and the
 * axis, if the new column passes the axis's round bounds). A bucket grows
 * only when the columns no longer fit.
 */
import {plot} from 'asciichart';
import type {HistoryPoints} from '../run/history.js';
import {type ChartSymbols, type Glyphs, unicodeGlyphs} from './glyphs.js';

/** What a cell draws: a series, the axis and its labels, or the rewound epoch's mark. */
export type Series = 'd' | 'g' | 'axis' | 'marker';
export type ChartRow = ReadonlyArray<{readonly text: string; readonly series: Series}>;

export const labelWidth = 7;

/** Columns left for the plot in a chart `width` cells wide: the label, a space and the axis take the rest. */
export function plotWidthFor(width: number): number {
	return Math.max(1, width - labelWidth - 2);
}

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

/**
 * The smallest size on the ladder 1, 2, 3, 4, 6, 8, 12, 16, 24, … (powers of
 * two, and one and a half times them) that puts `length` values in at most
 * `columns` whole buckets. Steps of 1.33 to 1.5 times keep the plot at least
 * two thirds full (half at size 2), while a change of size, which moves every
 * column, comes about twice per doubling of the history rather than once
 * every `columns` values as with the smallest size that fits.
 */
export function bucketSize(length: number, columns: number): number {
	const need = Math.floor(length / (Math.max(1, columns) + 1)) + 1;
	let size = 1;
	while (size < need) {
		size = size < 2 ? 2 : Number.isInteger(Math.log2(size)) ? (size * 3) / 2 : (size * 4) / 3;
	}

	return size;
}

/**
 * The axis range for values from `min` to `max`: widened to multiples of a
 * round step (1, 2 or 5 times a power of ten, at least a sixteenth of the
 * span), so that a new extreme moves the axis, and with it every row, only
 * once it passes the next step. It never leaves out a value: where rounding
 * cannot help (a span of about zero, or near the largest numbers) the range
 * is the values' own.
 */
export function axisRange(min: number, max: number): {readonly min: number; readonly max: number} {
	const span = max - min;
	if (!(span > 1e-9) || !Number.isFinite(span)) {
		return {min, max};
	}

	const magnitude = 10 ** Math.floor(Math.log10(span / 16));
	const step = [1, 2, 5, 10].map(m => m * magnitude).find(step => step >= span / 16) ?? 10 * magnitude;
	const low = Math.floor(min / step) * step;
	const high = Math.ceil(max / step) * step;
	return Number.isFinite(low) && Number.isFinite(high)
		? {min: Math.min(low, min), max: Math.max(high, max)}
		: {min, max};
}

/** Means of the whole buckets of `size` values, from the first; an incomplete last bucket is left out. */
function bucketMeans(values: readonly number[], size: number): number[] {
	const out: number[] = [];
	for (let from = 0; from + size <= values.length; from += size) {
		let sum = 0;
		for (let i = from; i < from + size; i++) {
			sum += values[i]!;
		}

		out.push(sum / size);
	}

	return out;
}

export type Columns = {
	readonly d: readonly number[];
	readonly g: readonly number[];
	/** Values per column. */
	readonly size: number;
};

/**
 * The finite values of both series in at most `columns` columns, each the
 * mean of `size` values, the same size for D and G so that their columns
 * line up in time.
 */
export function columnsOf(d: readonly number[], g: readonly number[], columns: number): Columns {
	const ds = d.filter(Number.isFinite);
	const gs = g.filter(Number.isFinite);
	const size = bucketSize(Math.max(ds.length, gs.length), columns);
	return {d: bucketMeans(ds, size), g: bucketMeans(gs, size), size};
}

/**
 * What the chart of a history draws at `width`: only points that are whole
 * (the history's last point covers fewer than `stride` epochs until it is
 * complete: `epochs`, the epochs recorded, tells), in whole columns.
 * `epochs` is the last epoch the drawn columns cover.
 */
export function historyColumns(
	history: HistoryPoints,
	epochs: number | undefined,
	width: number,
): Columns & {readonly epochs: number} {
	const {length} = history.d;
	const whole =
		epochs === undefined ? length : Math.max(length - 1, Math.min(length, Math.floor(epochs / history.stride)));
	const columns = columnsOf(history.d.slice(0, whole), history.g.slice(0, whole), plotWidthFor(width));
	const drawn = Math.max(columns.d.length, columns.g.length) * columns.size * history.stride;
	return {...columns, epochs: epochs === undefined ? drawn : Math.min(epochs, drawn)};
}

/**
 * The rows of a chart `width` cells wide with `height` rows (at least one),
 * the series reduced to whole columns that fit (see `columnsOf`). `marker`,
 * a column of the plot (0: the first), is drawn as a dotted line through the
 * rows wherever no series is.
 */
export function chartRows(
	d: readonly number[],
	g: readonly number[],
	width: number,
	height: number,
	glyphs: Glyphs = unicodeGlyphs,
	marker?: number,
): ChartRow[] {
	const {d: ds, g: gs} = columnsOf(d, g, plotWidthFor(width));
	const rows = Math.max(1, height);
	if (ds.length === 0 && gs.length === 0) {
		return Array.from({length: rows}, (_, i) => [
			{
				text: (
					' '.repeat(labelWidth) +
					` ${glyphs.axis}` +
					(i === Math.floor(rows / 2) ? ` waiting for the first epoch${glyphs.ellipsis}` : '')
				).slice(0, Math.max(1, width)),
				series: 'axis' as const,
			},
		]);
	}

	let {min, max} = axisRange(Math.min(...ds, ...gs), Math.max(...ds, ...gs));
	if (max - min < 1e-9) {
		// A flat line would collapse asciichart to one row
		min -= 0.5;
		max += 0.5;
	}

	// Plotted as offsets from min, so asciichart's row count, round(max·ratio) − round(min·ratio) + 1,
	// is exactly `rows` (with min = 0 nothing rounds the other way); labels add min back
	const shift = (values: readonly number[]) => values.map(value => value - min);
	const config = {height: rows - 1, min: 0, max: max - min, format: (x: number) => axisLabel(x + min)};
	const draw = (values: readonly number[], symbols: ChartSymbols): string[] =>
		values.length > 0 ? plot(shift(values), {...config, symbols: [...symbols]}).split('\n') : [];
	const dRows = draw(ds, glyphs.dChart);
	const gRows = draw(gs, glyphs.gChart);
	const count = Math.max(dRows.length, gRows.length);
	const result: ChartRow[] = [];
	for (let r = 0; r < count; r++) {
		const dRow = [...(dRows[r] ?? '')];
		const gRow = [...(gRows[r] ?? '')];
		const axis = labelWidth + 2; // Label, space, tick
		const cells: Array<{text: string; series: Series}> = [];
		// The first value sits on the axis's tick, one column before `axis`
		const markAt = marker === undefined ? -1 : axis - 1 + marker;
		const length = Math.max(dRow.length, gRow.length, markAt + 1);
		for (let i = 0; i < length; i++) {
			const dc = dRow[i] ?? ' ';
			const gc = gRow[i] ?? ' ';
			if (i === markAt && dc === ' ' && gc === ' ') {
				cells.push({text: glyphs.marker, series: 'marker'});
			} else if (i < axis) {
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
