import type {HistoryPoints} from '../../run/history.js';
import type {EpochStats, Divergence} from '../../engine/trainer.js';
import {chartRows, historyColumns} from '../chart.js';
import {type Line, span, truncate} from '../lines.js';
import type {Theme} from '../theme.js';

export type LossChartProps = {
	readonly history: HistoryPoints;
	readonly last: EpochStats | undefined;
	readonly divergence: Divergence | undefined;
	readonly width: number;
	/** Rows for the plot itself; the legend takes one more (a divergence's reason may take some of the plot's). */
	readonly height: number;
	readonly theme: Theme;
	/** Rewound: the epoch on show (the legend's `last` is that epoch's), marked on the plot. */
	readonly marker?: number | undefined;
	/** Epochs the history holds, when that is not `last`'s epoch (rewound: the latest). */
	readonly recorded?: number | undefined;
};

/**
 * Words of `text` in lines of at most `first` cells for the first line and
 * `rest` for the others; a word longer than a line is cut across lines. The
 * first line may be empty when the first word does not fit on it.
 */
export function wrapWords(text: string, first: number, rest: number): string[] {
	const lines: string[] = [''];
	const width = Math.max(1, rest);
	for (const word of text.split(' ').filter(Boolean)) {
		const current = lines.at(-1)!;
		const joined = current === '' ? word : `${current} ${word}`;
		if ([...joined].length <= (lines.length === 1 ? first : width)) {
			lines[lines.length - 1] = joined;
			continue;
		}

		// On a new line: past the first line, so `width` wide
		if (current !== '' || lines.length === 1) {
			lines.push('');
		}

		let chars = [...word];
		while (chars.length > width) {
			lines[lines.length - 1] = chars.slice(0, width).join('');
			chars = chars.slice(width);
			lines.push('');
		}

		lines[lines.length - 1] = chars.join('');
	}

	return lines;
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
	return a === b || (a.length === b.length && a.every((value, i) => Object.is(value, b[i])));
}

type Plot = {
	readonly d: readonly number[];
	readonly g: readonly number[];
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
	readonly marker: number | undefined;
	readonly lines: Line[];
};

/**
 * The plot rows, drawn again only when its columns change: a frame whose new
 * points fill no column costs no asciichart call, and its line objects are the
 * same, so Ink's side does not draw them again either.
 */
let lastPlot: Plot | undefined;

function plotLines(
	d: readonly number[],
	g: readonly number[],
	width: number,
	height: number,
	theme: Theme,
	marker: number | undefined,
): Line[] {
	const last = lastPlot;
	if (
		last?.width === width &&
		last.height === height &&
		last.theme === theme &&
		last.marker === marker &&
		sameValues(last.d, d) &&
		sameValues(last.g, g)
	) {
		return last.lines;
	}

	const colors = {d: theme.d, g: theme.g, axis: theme.muted, marker: theme.rewound};
	const lines = chartRows(d, g, width, height, theme.glyphs, marker).map(row =>
		truncate(
			row.map(run => span(run.text, colors[run.series])),
			width,
			theme.glyphs.ellipsis,
		),
	);
	lastPlot = {d, g, width, height, theme, marker, lines};
	return lines;
}

/** The legend (the last losses, and which epochs are drawn, or why the run diverged) over the plot. */
export function lossChartLines({
	history,
	last,
	divergence,
	width,
	height,
	theme,
	marker,
	recorded,
}: LossChartProps): Line[] {
	const {glyphs} = theme;
	const columns = historyColumns(history, recorded ?? last?.epoch, width);
	const drawn = Math.max(columns.d.length, columns.g.length);
	// The column of the epoch on show: each covers `size` points of `stride` epochs, epochs 1, 2, … from the left
	const markerColumn =
		marker === undefined || marker < 1 || drawn === 0
			? undefined
			: Math.min(drawn - 1, Math.floor((marker - 1) / (columns.size * history.stride)));
	const dLegend = `${glyphs.dLine} D ${last ? last.dLoss.toFixed(4) : glyphs.dash}`;
	const gLegend = `${glyphs.gLine} G ${last ? last.gLoss.toFixed(4) : glyphs.dash}`;
	const legend = ['Loss', dLegend, gLegend].join('   ');
	const epochSpan =
		columns.d.length > 0 || columns.g.length > 0 ? `epochs 1${glyphs.dash}${columns.epochs}, left to right` : '';
	// A divergence's reason is read whole: it wraps onto rows taken from the plot
	const note = divergence
		? wrapWords(
				`diverged in epoch ${divergence.epoch}: ${glyphs.text(divergence.reason)}`,
				width - [...legend].length - 3,
				width,
			)
		: [epochSpan];
	const [first = '', ...more] = note;
	const title: Line = [
		span('Loss', undefined, theme.color),
		span('   '),
		span(dLegend, theme.d),
		span('   '),
		span(gLegend, theme.g),
		span(first === '' ? '' : `   ${first}`, theme.muted),
	];
	return [
		truncate(title, width, glyphs.ellipsis),
		...more.map(line => truncate([span(line, theme.muted)], width, glyphs.ellipsis)),
		...plotLines(columns.d, columns.g, width, Math.max(1, height - more.length), theme, markerColumn),
	];
}
