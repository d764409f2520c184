/**
 * Every action and command, listed once for the tests that go through all of
 * them. The records' types keep the lists complete: an action added to
 * `ControlAction`, `UiAction` or `DashboardCommand` and not here is a type
 * error (an action that later carries a payload gets a typical one here).
 */
import type {ControlAction, ControlType} from '../../source/run/controls.js';
import type {SettingsAction, SettingsType} from '../../source/run/settings.js';
import type {Command, DashboardCommand} from '../../source/ui/keys.js';
import type {UiAction, UiType} from '../../source/ui/state.js';

type Example<A extends {readonly type: string}> = {
	readonly [T in A['type']]: {
		readonly action: Extract<A, {readonly type: T}>;
		/** true: a key sends it; false: only the session dispatches it. */
		readonly byKey: boolean;
	};
};

const controls: Example<ControlAction> = {
	'toggle-pause': {action: {type: 'toggle-pause'}, byKey: true},
	step: {action: {type: 'step'}, byKey: true},
	update: {action: {type: 'update'}, byKey: true},
	reset: {action: {type: 'reset'}, byKey: true},
	faster: {action: {type: 'faster'}, byKey: true},
	slower: {action: {type: 'slower'}, byKey: true},
	'reached-target': {action: {type: 'reached-target'}, byKey: false},
	'passed-target': {action: {type: 'passed-target'}, byKey: false},
	diverged: {action: {type: 'diverged'}, byKey: false},
	back: {action: {type: 'back'}, byKey: true},
	first: {action: {type: 'first'}, byKey: true},
	latest: {action: {type: 'latest'}, byKey: true},
	view: {action: {type: 'view', epoch: 3}, byKey: false},
};

const ui: Example<UiAction> = {
	'toggle-help': {action: {type: 'toggle-help'}, byKey: true},
	'close-help': {action: {type: 'close-help'}, byKey: true},
	'toggle-lower': {action: {type: 'toggle-lower'}, byKey: true},
	notify: {action: {type: 'notify', notice: {text: 'saved to run.json', error: false}}, byKey: false},
	'clear-notice': {action: {type: 'clear-notice'}, byKey: false},
};

const dashboard: Example<DashboardCommand> = {
	quit: {action: {type: 'quit'}, byKey: true},
	suspend: {action: {type: 'suspend'}, byKey: true},
	save: {action: {type: 'save'}, byKey: true},
};

const settings: Example<SettingsAction> = {
	'halve-lr': {action: {type: 'halve-lr'}, byKey: true},
	'double-lr': {action: {type: 'double-lr'}, byKey: true},
	'switch-loss': {action: {type: 'switch-loss'}, byKey: true},
	'cycle-train': {action: {type: 'cycle-train'}, byKey: true},
};

const controlTypes = Object.keys(controls) as ControlType[];
const uiTypes = Object.keys(ui) as UiType[];

/** Every run-control action (source/run/controls.ts), the session's own ones too. */
export const allControlActions: readonly ControlAction[] = controlTypes.map(type => controls[type].action);

/** The run-control actions a key sends (not the session's own, such as 'reached-target' and 'diverged'). */
export const keyControlActions: readonly ControlAction[] = controlTypes
	.filter(type => controls[type].byKey)
	.map(type => controls[type].action);

/** Every action of the UI's own state (source/ui/state.ts). */
export const allUiActions: readonly UiAction[] = uiTypes.map(type => ui[type].action);

/** Every live change of the settings (source/run/settings.ts): a key sends each. */
export const allSettingsActions: readonly SettingsAction[] = (Object.keys(settings) as SettingsType[]).map(
	type => settings[type].action,
);

/** Every command a key sends: run control, live changes, the UI's own actions, quit, suspend and save. */
export const keyCommands: readonly Command[] = [
	...keyControlActions,
	...allSettingsActions,
	...uiTypes.filter(type => ui[type].byKey).map(type => ui[type].action as Command),
	...(Object.keys(dashboard) as Array<DashboardCommand['type']>).map(type => dashboard[type].action),
];
