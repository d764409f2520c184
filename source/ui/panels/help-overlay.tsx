import {Box, Text} from 'ink';
import {keyTable} from '../keys.js';
import type {Theme} from '../theme.js';

type Props = {
	readonly theme: Theme;
};

/** Every key in the table, with what it does. */
export function HelpOverlay({theme}: Props) {
	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1} alignSelf="flex-start">
			<Text bold={theme.color}>Keys</Text>
			{keyTable.map(binding => (
				<Text key={binding.label}>
					{binding.label.padEnd(11)}
					{binding.description}
				</Text>
			))}
			<Text> </Text>
			<Text color={theme.muted}>Loss: ─ D loss −ln D(x) − ln(1 − D(G(z))), ═ G loss −ln D(G(z)).</Text>
			<Text color={theme.muted}>Pace never changes the run: pause, step and reset are exact.</Text>
			<Text color={theme.muted}>? or esc closes this help.</Text>
		</Box>
	);
}
