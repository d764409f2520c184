import {Text} from 'ink';
import {keyTable} from '../keys.js';
import type {Theme} from '../theme.js';

type Props = {
	readonly speed: string;
	/** False when stdin is not a terminal: there are no keys to list. */
	readonly keys: boolean;
	readonly theme: Theme;
};

/** The keys, from the same table that dispatches them, and the speed setting. */
export function HelpBar({speed, keys, theme}: Props) {
	const help = keyTable.flatMap(binding => (binding.bar === undefined ? [] : [binding.bar])).join('  ');
	return (
		<Text wrap="truncate-end" color={theme.muted}>
			{keys ? help : 'no keyboard (stdin is not a terminal): runs to the target epoch, then prints a summary'}
			{'   '}speed {speed}
		</Text>
	);
}
