import {describe, expect, it, vi} from 'vitest';
import {type UiAction, type UiState, UiStore, initialUiState, reduceUi} from '../../../source/ui/state.js';
import {allUiActions} from '../../helpers/actions.js';

const toggleHelp: UiAction = {type: 'toggle-help'};
const closeHelp: UiAction = {type: 'close-help'};
const closed: UiState = {helpOpen: false, notice: undefined, lower: 'samples'};
const open: UiState = {helpOpen: true, notice: undefined, lower: 'samples'};

/** `reduceUi` on a copy of `state`, failing if the copy comes out changed. */
function reduce(state: UiState, action: UiAction): UiState {
	const given = {...state};
	const after = reduceUi(given, action);
	expect(given, `${action.type} changed the state it was given`).toEqual(state);
	return after;
}

describe('reduceUi', () => {
	it('starts with the help closed', () => {
		expect(initialUiState).toEqual(closed);
	});

	it('toggle-help opens and closes', () => {
		expect(reduce(closed, toggleHelp)).toEqual(open);
		expect(reduce(open, toggleHelp)).toEqual(closed);
	});

	it('close-help closes an open help', () => {
		expect(reduce(open, closeHelp)).toEqual(closed);
	});

	// The store notifies only on a new state: Esc with no help open draws nothing
	it('close-help with the help closed returns the very state it was given', () => {
		const state: UiState = {helpOpen: false, notice: undefined, lower: 'samples'};
		expect(reduceUi(state, closeHelp)).toBe(state);
	});

	it('leaves its input as it was, frozen or not, for every action', () => {
		for (const helpOpen of [false, true]) {
			for (const action of allUiActions) {
				const live: UiState = {helpOpen, notice: undefined, lower: 'samples'};
				reduceUi(live, action);
				expect(live, action.type).toEqual({helpOpen, notice: undefined, lower: 'samples'});
				const frozen: UiState = Object.freeze({helpOpen, notice: undefined, lower: 'samples'});
				expect(() => reduceUi(frozen, action), action.type).not.toThrow();
				expect(frozen).toEqual({helpOpen, notice: undefined, lower: 'samples'});
			}
		}
	});

	it('returns a new object whenever the result differs from the input as it was', () => {
		let changed = 0;
		for (const helpOpen of [false, true]) {
			for (const action of allUiActions) {
				const state: UiState = {helpOpen, notice: undefined, lower: 'samples'};
				const after = reduceUi(state, action);
				if (after.helpOpen !== helpOpen || after.notice !== undefined || after.lower !== 'samples') {
					changed++;
					expect(after, `${action.type} from ${helpOpen}`).not.toBe(state);
				}
			}
		}

		// Help: open, close (from open); the lower half: switched from either state; a notice: shown from either state
		expect(changed).toBe(7);
	});
});

describe('UiStore', () => {
	it('starts closed and follows the reducer', () => {
		const store = new UiStore();
		expect(store.getState()).toEqual(closed);
		store.dispatch(toggleHelp);
		expect(store.getState()).toEqual(open);
		store.dispatch(closeHelp);
		expect(store.getState()).toEqual(closed);
		store.dispatch(toggleHelp);
		store.dispatch(toggleHelp);
		expect(store.getState()).toEqual(closed);
	});

	it('tells its listeners of each change, and only of changes', () => {
		const store = new UiStore();
		const listener = vi.fn();
		store.subscribe(listener);
		store.dispatch(closeHelp);
		expect(listener).not.toHaveBeenCalled();
		store.dispatch(toggleHelp);
		expect(listener).toHaveBeenCalledTimes(1);
		store.dispatch(closeHelp);
		expect(listener).toHaveBeenCalledTimes(2);
		store.dispatch(closeHelp);
		expect(listener).toHaveBeenCalledTimes(2);
	});

	it('hands out the same object until it changes (as useSyncExternalStore requires), a new one after', () => {
		const store = new UiStore();
		const first = store.getState();
		store.dispatch(closeHelp);
		expect(store.getState()).toBe(first);
		store.dispatch(toggleHelp);
		const second = store.getState();
		expect(second).not.toBe(first);
		expect(store.getState()).toBe(second);
		// What a listener was handed before stays as it was
		expect(first).toEqual(closed);
	});

	it('stops telling a listener once it unsubscribes; others still hear', () => {
		const store = new UiStore();
		const gone = vi.fn();
		const staying = vi.fn();
		const unsubscribe = store.subscribe(gone);
		store.subscribe(staying);
		store.dispatch(toggleHelp);
		unsubscribe();
		store.dispatch(toggleHelp);
		expect(gone).toHaveBeenCalledTimes(1);
		expect(staying).toHaveBeenCalledTimes(2);
	});
});

describe('notices', () => {
	it('notify shows a notice and clear-notice takes it away; clearing nothing changes nothing', () => {
		const notice = {text: 'saved to run.json', error: false};
		const shown = reduce(closed, {type: 'notify', notice});
		expect(shown).toEqual({helpOpen: false, notice, lower: 'samples'});
		expect(reduce(shown, {type: 'clear-notice'})).toEqual(closed);
		expect(reduceUi(closed, {type: 'clear-notice'})).toBe(closed);
	});
});

describe('the lower half', () => {
	it('starts on the samples; toggle-lower switches to the views of D and G and back, the help untouched', () => {
		expect(initialUiState.lower).toBe('samples');
		const views = reduce(open, {type: 'toggle-lower'});
		expect(views).toEqual({...open, lower: 'views'});
		expect(reduce(views, {type: 'toggle-lower'})).toEqual(open);
	});
});
