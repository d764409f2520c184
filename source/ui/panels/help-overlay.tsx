import {memo} from 'react';
import {Box, Text} from 'ink';
import {keyTable} from '../keys.js';
import type {Theme} from '../theme.js';

type Props = {
	readonly theme: Theme;
};

/** Every key in the table, with what it does. */
export const HelpOverlay = memo(function HelpOverlay({theme}: Props) {
	const {glyphs} = theme;
	const {minus} = glyphs;
	return (
		<Box flexDirection="column" borderStyle={glyphs.border} paddingX={1} alignSelf="flex-start">
			<Text bold={theme.color}>Keys</Text>
			{keyTable.map(binding => (
				<Text key={binding.label}>
					{glyphs.text(binding.label).padEnd(11)}
					{glyphs.text(binding.description)}
				</Text>
			))}
			<Text> </Text>
			<Text color={theme.muted}>
				Loss: {glyphs.dLine} D loss {minus}ln D(x) {minus} ln(1 {minus} D(G(z))), {glyphs.gLine} G loss {minus}ln
				D(G(z)).
			</Text>
			<Text color={theme.muted}>Pace never changes the run: pause, step and reset are exact.</Text>
			<Text color={theme.muted}>? or esc closes this help.</Text>
		</Box>
	);
});
