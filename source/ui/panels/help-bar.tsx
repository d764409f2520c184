import {memo} from 'react';
import {Text} from 'ink';
import {keyTable} from '../keys.js';
import type {Theme} from '../theme.js';

type Props = {
	readonly speed: string;
	/** False when stdin is not a terminal: there are no keys to list. */
	readonly keys: boolean;
	readonly theme: Theme;
};

/** The keys, from the same table that dispatches them; the speed setting sits beside its keys. */
export const HelpBar = memo(function HelpBar({speed, keys, theme}: Props) {
	const {glyphs} = theme;
	if (!keys) {
		return (
			<Text wrap="truncate-end" color={theme.muted}>
				speed {speed} {glyphs.separator} no keyboard (stdin is not a terminal): runs to the target epoch, then prints a
				summary
			</Text>
		);
	}

	const labels = keyTable.flatMap(binding => {
		if (binding.bar === undefined) {
			return [];
		}

		const bar = glyphs.text(binding.bar);
		return [binding.command.type === 'faster' ? `${bar} ${speed}` : bar];
	});
	return (
		<Text wrap="truncate-end" color={theme.muted}>
			{labels.join('  ')}
		</Text>
	);
});
