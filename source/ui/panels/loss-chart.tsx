import {memo} from 'react';
import {Box, Text} from 'ink';
import type {HistoryPoints} from '../../run/history.js';
import type {EpochStats, Divergence} from '../../engine/trainer.js';
import {chartRows, historyColumns} from '../chart.js';
import type {Theme} from '../theme.js';

type Props = {
	readonly history: HistoryPoints;
	readonly last: EpochStats | undefined;
	readonly divergence: Divergence | undefined;
	readonly width: number;
	/** Rows for the plot itself; the legend takes one more (a divergence's reason may take some of the plot's). */
	readonly height: number;
	readonly theme: Theme;
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

type PlotProps = {
	readonly d: readonly number[];
	readonly g: readonly number[];
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

function sameValues(a: readonly number[], b: readonly number[]): boolean {
	return a === b || (a.length === b.length && a.every((value, i) => Object.is(value, b[i])));
}

/**
 * The plot rows. Drawn again only when its columns change: a published frame
 * whose new points fill no column costs no asciichart call and no React work.
 */
const Plot = memo(
	function Plot({d, g, width, height, theme}: PlotProps) {
		return chartRows(d, g, width, height, theme.glyphs).map((row, r) => (
			// eslint-disable-next-line react/no-array-index-key
			<Text key={r} wrap="truncate-end">
				{row.map((run, i) => (
					// eslint-disable-next-line react/no-array-index-key
					<Text key={i} color={run.series === 'axis' ? theme.muted : theme[run.series]}>
						{run.text}
					</Text>
				))}
			</Text>
		));
	},
	(before, after) =>
		before.width === after.width &&
		before.height === after.height &&
		before.theme === after.theme &&
		sameValues(before.d, after.d) &&
		sameValues(before.g, after.g),
);

export function LossChart({history, last, divergence, width, height, theme}: Props) {
	const {glyphs} = theme;
	const columns = historyColumns(history, last?.epoch, width);
	const dLegend = `${glyphs.dLine} D ${last ? last.dLoss.toFixed(4) : glyphs.dash}`;
	const gLegend = `${glyphs.gLine} G ${last ? last.gLoss.toFixed(4) : glyphs.dash}`;
	const legend = ['Loss', dLegend, gLegend].join('   ');
	const span =
		columns.d.length > 0 || columns.g.length > 0 ? `epochs 1${glyphs.dash}${columns.epochs}, left to right` : '';
	// A divergence's reason is read whole: it wraps onto rows taken from the plot
	const note = divergence
		? wrapWords(
				`diverged in epoch ${divergence.epoch}: ${glyphs.text(divergence.reason)}`,
				width - [...legend].length - 3,
				width,
			)
		: [span];
	const [first = '', ...more] = note;
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				<Text bold={theme.color}>Loss</Text>
				{'   '}
				<Text color={theme.d}>{dLegend}</Text>
				{'   '}
				<Text color={theme.g}>{gLegend}</Text>
				<Text color={theme.muted}>{first === '' ? '' : `   ${first}`}</Text>
			</Text>
			{more.map((line, i) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={i} wrap="truncate-end" color={theme.muted}>
					{line}
				</Text>
			))}
			<Plot d={columns.d} g={columns.g} width={width} height={Math.max(1, height - more.length)} theme={theme} />
		</Box>
	);
}
