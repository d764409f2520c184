/**
 * The one key table: it drives dispatch and the help text alike. A key is
 * in the help because it is in this table, never twice by hand. Each binding
 * names the command it sends: run control (source/run/controls.ts), the UI's
 * own state (state.ts), or the dashboard itself (quit, suspend).
 */
import type {ControlAction} from '../run/controls.js';
import type {KeyName} from '../terminal/input.js';
import type {UiAction} from './state.js';

export type DashboardCommand = {readonly type: 'quit'} | {readonly type: 'suspend'};
export type Command = ControlAction | UiAction | DashboardCommand;

export type Binding = {
	readonly command: Command;
	/** The key names that send it (see source/terminal/input.ts). */
	readonly keys: readonly KeyName[];
	/** How the help overlay shows the keys. */
	readonly label: string;
	/** The help bar's key and word; undefined keeps it out of the bar (the overlay lists every binding). */
	readonly bar: string | undefined;
	readonly description: string;
};

export const keyTable: readonly Binding[] = [
	{
		command: {type: 'toggle-pause'},
		keys: [' '],
		label: 'space',
		bar: 'space pause',
		description: 'pause or resume training',
	},
	{
		command: {type: 'step'},
		keys: ['s', 'right'],
		label: 's  →',
		bar: 's/→ step',
		description: 'train exactly one epoch (pauses first)',
	},
	{
		command: {type: 'reset'},
		keys: ['r'],
		label: 'r',
		bar: 'r reset',
		description: 'back to epoch 0 with the same seed (the same run again)',
	},
	{
		command: {type: 'faster'},
		keys: ['+', '='],
		label: '+',
		bar: '+/- speed',
		description: 'faster: next speed up the ladder, up to max',
	},
	{
		command: {type: 'slower'},
		keys: ['-', '_'],
		label: '-',
		bar: undefined,
		description: 'slower: next speed down the ladder',
	},
	{
		command: {type: 'toggle-help'},
		keys: ['?'],
		label: '?',
		bar: '? help',
		description: 'show or hide this help',
	},
	{
		command: {type: 'close-help'},
		keys: ['escape'],
		label: 'esc',
		bar: undefined,
		description: 'close this help',
	},
	{
		command: {type: 'suspend'},
		keys: ['ctrl-z'],
		label: 'ctrl-z',
		bar: undefined,
		description: 'suspend to the shell (fg brings it back)',
	},
	{
		command: {type: 'quit'},
		keys: ['q', 'ctrl-c'],
		label: 'q  ctrl-c',
		bar: 'q quit',
		description: 'quit and print a summary',
	},
];

const byKey = new Map<KeyName, Command>(keyTable.flatMap(binding => binding.keys.map(key => [key, binding.command])));

/** The command a key sends, if any. */
export function commandFor(key: KeyName): Command | undefined {
	return byKey.get(key);
}
