/**
 * Lines (lines.ts) as Ink elements: one <Text> per line holding the line's
 * text with its SGR codes (toAnsi, the same text the first frame draws), so
 * that a frame is a column of single text nodes for Ink to lay out. An
 * unchanged line object is not rendered again.
 */
import {memo} from 'react';
import {Box, Text} from 'ink';
import {type Line, toAnsi} from './lines.js';

type LineProps = {readonly line: Line; readonly color: boolean};

export const LineView = memo(function LineView({line, color}: LineProps) {
	// An empty <Text> takes no row
	return <Text>{toAnsi(line, color) || ' '}</Text>;
});

/** `color`: whether spans' colours and bold are drawn (the theme's decision). */
export function LinesView({lines, color}: {readonly lines: readonly Line[]; readonly color: boolean}) {
	return (
		<Box flexDirection="column">
			{lines.map((line, i) => (
				// eslint-disable-next-line react/no-array-index-key
				<LineView key={i} line={line} color={color} />
			))}
		</Box>
	);
}
