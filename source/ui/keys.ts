/**
 * The one key table: it drives dispatch and the help text alike. A key is
 * in the help because it is in this table, never twice by hand. Each binding
 * names the command it sends: run control (source/run/controls.ts), the UI's
 * own state (state.ts), or the dashboard itself (quit, suspend).
 */
import type {ControlAction} from '../run/controls.js';
import type {SettingsAction} from '../run/settings.js';
import type {KeyName} from '../terminal/input.js';
import type {UiAction} from './state.js';

export type DashboardCommand = {readonly type: 'quit'} | {readonly type: 'suspend'} | {readonly type: 'save'};
/** What keys send of the UI's own actions (a notice comes from the dashboard). */
export type KeyUiAction = Extract<UiAction, {readonly type: 'toggle-help' | 'close-help' | 'toggle-lower'}>;
export type Command = ControlAction | SettingsAction | KeyUiAction | DashboardCommand;

export type Binding = {
	readonly command: Command;
	/** The key names that send it (see source/terminal/input.ts). */
	readonly keys: readonly KeyName[];
	/** How the help overlay shows the keys. */
	readonly label: string;
	/** The help bar's key and word; undefined keeps it out of the bar (the overlay lists every binding). */
	readonly bar: string | undefined;
	/** Where a narrow bar leaves entries out: the highest rank first (1 stays longest). */
	readonly barRank?: number;
	/** What it does, in at most 24 cells (the help lays out two columns in a 76×20 terminal). */
	readonly description: string;
};

export const keyTable: readonly Binding[] = [
	{
		command: {type: 'toggle-pause'},
		keys: [' '],
		label: 'space',
		bar: 'space pause',
		barRank: 3,
		description: 'pause, go on from here',
	},
	{
		command: {type: 'back'},
		keys: ['left'],
		label: '←',
		bar: '← back',
		barRank: 5,
		description: 'one epoch back',
	},
	{
		command: {type: 'step'},
		keys: ['s', 'right'],
		label: 's  →',
		bar: 's/→ step',
		barRank: 4,
		description: 'one epoch on (trains)',
	},
	{
		command: {type: 'update'},
		keys: ['u'],
		label: 'u',
		bar: 'u update',
		barRank: 8,
		description: 'one SGD update (paused)',
	},
	{
		command: {type: 'first'},
		keys: ['home'],
		label: 'home',
		bar: undefined,
		description: 'the first epoch',
	},
	{
		command: {type: 'latest'},
		keys: ['end'],
		label: 'end',
		bar: undefined,
		description: 'the latest epoch',
	},
	{
		command: {type: 'reset'},
		keys: ['r'],
		label: 'r',
		bar: 'r reset',
		barRank: 13,
		description: 'back to epoch 0',
	},
	{
		command: {type: 'faster'},
		keys: ['+', '='],
		label: '+',
		bar: '+/- speed',
		barRank: 6,
		description: 'faster',
	},
	{
		command: {type: 'slower'},
		keys: ['-', '_'],
		label: '-',
		bar: undefined,
		description: 'slower',
	},
	{
		command: {type: 'halve-lr'},
		keys: ['['],
		label: '[',
		bar: '[/] lr',
		barRank: 9,
		description: 'halve the learning rate',
	},
	{
		command: {type: 'double-lr'},
		keys: [']'],
		label: ']',
		bar: undefined,
		description: 'double the learning rate',
	},
	{
		command: {type: 'switch-loss'},
		keys: ['l'],
		label: 'l',
		bar: 'l loss',
		barRank: 11,
		description: "switch G's loss",
	},
	{
		command: {type: 'cycle-train'},
		keys: ['t'],
		label: 't',
		bar: 't train',
		barRank: 12,
		description: 'train both, D or G',
	},
	{
		command: {type: 'toggle-lower'},
		keys: ['v'],
		label: 'v',
		bar: 'v views',
		barRank: 10,
		description: 'samples or D and G views',
	},
	{
		command: {type: 'save'},
		keys: ['w'],
		label: 'w',
		bar: 'w save',
		barRank: 7,
		description: 'save a checkpoint',
	},
	{
		command: {type: 'toggle-help'},
		keys: ['?'],
		label: '?',
		bar: '? help',
		barRank: 2,
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
		description: 'suspend (fg resumes)',
	},
	{
		command: {type: 'quit'},
		keys: ['q', 'ctrl-c'],
		label: 'q  ctrl-c',
		bar: 'q quit',
		barRank: 1,
		description: 'quit with a summary',
	},
];

const byKey = new Map<KeyName, Command>(keyTable.flatMap(binding => binding.keys.map(key => [key, binding.command])));

/** The command a key sends, if any. */
export function commandFor(key: KeyName): Command | undefined {
	return byKey.get(key);
}
