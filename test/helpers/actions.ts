/**
 * The UI's actions, listed once for the tests that go through all of them.
 * The record's type keeps the list complete: an action added to `Action` and
 * not here is a type error.
 */
import type {Action} from '../../source/ui/state.js';

/** true: a key triggers it; false: only the session dispatches it. */
const triggeredByKey: Record<Action, boolean> = {
	'toggle-pause': true,
	step: true,
	reset: true,
	faster: true,
	slower: true,
	'toggle-help': true,
	'close-help': true,
	quit: true,
	'reached-target': false,
	'passed-target': false,
	diverged: false,
};

export const allActions: readonly Action[] = Object.keys(triggeredByKey) as Action[];

/** The actions a key can trigger (not the session's own, such as 'reached-target' and 'diverged'). */
export const keyActions: readonly Action[] = allActions.filter(action => triggeredByKey[action]);
