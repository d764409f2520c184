import {type Command, keyTable} from '../keys.js';
import {type Line, span, truncate} from '../lines.js';
import type {Theme} from '../theme.js';

export type HelpBarProps = {
	readonly speed: string;
	/** False when stdin is not a terminal: there are no keys to list. */
	readonly keys: boolean;
	/** Cells the line may take. */
	readonly width: number;
	/** Commands that do nothing in this layout (`v` where the views already show): left out of the bar. */
	readonly idle?: ReadonlyArray<Command['type']>;
	readonly theme: Theme;
};

/** The keys, from the same table that dispatches them; the speed setting sits beside its keys. */
export function helpBarLines({speed, keys, width, idle = [], theme}: HelpBarProps): Line[] {
	const {glyphs} = theme;
	if (!keys) {
		const text = `speed ${speed} ${glyphs.separator} no keyboard (stdin is not a terminal): runs to the target epoch, then prints a summary`;
		return [truncate([span(text, theme.muted)], width, glyphs.ellipsis)];
	}

	const entries = keyTable.flatMap(binding => {
		if (binding.bar === undefined || idle.includes(binding.command.type)) {
			return [];
		}

		const bar = glyphs.text(binding.bar);
		return [{text: binding.command.type === 'faster' ? `${bar} ${speed}` : bar, rank: binding.barRank ?? 0}];
	});
	// Whole entries only: the highest-ranked go first until the rest fit (the overlay lists them all)
	const kept = [...entries];
	const length = (): number => kept.reduce((sum, entry) => sum + [...entry.text].length, 0) + 2 * (kept.length - 1);
	while (kept.length > 1 && length() > width) {
		const lowest = kept.reduce((worst, entry) => (entry.rank > worst.rank ? entry : worst));
		kept.splice(kept.indexOf(lowest), 1);
	}

	return [truncate([span(kept.map(entry => entry.text).join('  '), theme.muted)], width, glyphs.ellipsis)];
}
