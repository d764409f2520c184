/**
 * Lines (lines.ts) as Ink elements: one <Text> per line, one nested <Text>
 * per styled span. An unchanged line object is not rendered again.
 */
import {memo} from 'react';
import {Box, Text} from 'ink';
import type {Line} from './lines.js';

export const LineView = memo(function LineView({line}: {readonly line: Line}) {
	if (line.length === 0 || line.every(part => part.text === '')) {
		// An empty <Text> takes no row
		return <Text> </Text>;
	}

	return (
		<Text>
			{line.map((part, i) =>
				part.color === undefined && part.bold !== true ? (
					part.text
				) : (
					// eslint-disable-next-line react/no-array-index-key
					<Text key={i} color={part.color} bold={part.bold}>
						{part.text}
					</Text>
				),
			)}
		</Text>
	);
});

export function LinesView({lines}: {readonly lines: readonly Line[]}) {
	return (
		<Box flexDirection="column">
			{lines.map((line, i) => (
				// eslint-disable-next-line react/no-array-index-key
				<LineView key={i} line={line} />
			))}
		</Box>
	);
}
