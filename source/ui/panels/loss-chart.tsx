import {Box, Text} from 'ink';
import type {HistoryPoints} from '../../run/history.js';
import type {EpochStats, Divergence} from '../../engine/trainer.js';
import {chartRows} from '../chart.js';
import type {Theme} from '../theme.js';

type Props = {
	readonly history: HistoryPoints;
	readonly last: EpochStats | undefined;
	readonly divergence: Divergence | undefined;
	readonly width: number;
	/** Rows for the plot itself; the legend takes one more. */
	readonly height: number;
	readonly theme: Theme;
};

export function LossChart({history, last, divergence, width, height, theme}: Props) {
	const rows = chartRows(history.d, history.g, width, height);
	const span = last && history.d.length > 0 ? `epochs 1–${last.epoch}, left to right` : '';
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">
				<Text bold={theme.color}>Loss</Text>
				{'   '}
				<Text color={theme.d}>─ D {last ? last.dLoss.toFixed(4) : '–'}</Text>
				{'   '}
				<Text color={theme.g}>═ G {last ? last.gLoss.toFixed(4) : '–'}</Text>
				<Text color={theme.muted}>
					{'   '}
					{divergence ? `diverged in epoch ${divergence.epoch}: ${divergence.reason}` : span}
				</Text>
			</Text>
			{rows.map((row, r) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={r} wrap="truncate-end">
					{row.map((run, i) => (
						// eslint-disable-next-line react/no-array-index-key
						<Text key={i} color={run.series === 'axis' ? theme.muted : theme[run.series]}>
							{run.text}
						</Text>
					))}
				</Text>
			))}
		</Box>
	);
}
