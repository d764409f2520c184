/**
 * The one key table: it drives dispatch and the help text alike. A key is
 * in the help because it is in this table, never twice by hand.
 */
import type {Key} from 'ink';
import type {Action} from './state.js';

export type Binding = {
	readonly action: Action;
	/** How the help overlay shows the keys. */
	readonly keys: string;
	/** The help bar's key and word; undefined keeps it out of the bar (the overlay lists every binding). */
	readonly bar: string | undefined;
	readonly description: string;
	readonly matches: (input: string, key: Key) => boolean;
};

export const keyTable: readonly Binding[] = [
	{
		action: 'toggle-pause',
		keys: 'space',
		bar: 'space pause',
		description: 'pause or resume training',
		matches: input => input === ' ',
	},
	{
		action: 'step',
		keys: 's  →',
		bar: 's/→ step',
		description: 'train exactly one epoch (pauses first)',
		matches: (input, key) => input === 's' || key.rightArrow,
	},
	{
		action: 'reset',
		keys: 'r',
		bar: 'r reset',
		description: 'back to epoch 0 with the same seed (the same run again)',
		matches: input => input === 'r',
	},
	{
		action: 'faster',
		keys: '+',
		bar: '+/- speed',
		description: 'faster: next speed up the ladder, up to max',
		matches: input => input === '+' || input === '=',
	},
	{
		action: 'slower',
		keys: '-',
		bar: undefined,
		description: 'slower: next speed down the ladder',
		matches: input => input === '-' || input === '_',
	},
	{
		action: 'toggle-help',
		keys: '?',
		bar: '? help',
		description: 'show or hide this help',
		matches: input => input === '?',
	},
	{
		action: 'close-help',
		keys: 'esc',
		bar: undefined,
		description: 'close this help',
		matches: (_input, key) => key.escape,
	},
	{
		action: 'quit',
		keys: 'q  ctrl-c',
		bar: 'q quit',
		description: 'quit and print a summary',
		matches: (input, key) => input === 'q' || (key.ctrl && input === 'c'),
	},
];

export function actionFor(input: string, key: Key): Action | undefined {
	return keyTable.find(binding => binding.matches(input, key))?.action;
}
