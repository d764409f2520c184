import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {actionFor, keyTable} from '../../../source/ui/keys.js';
import type {Action} from '../../../source/ui/state.js';
import {keyActions} from '../../helpers/actions.js';

/** A key with every flag false except the ones given. */
function key(flags: Partial<Key> = {}): Key {
	return {
		upArrow: false,
		downArrow: false,
		leftArrow: false,
		rightArrow: false,
		pageDown: false,
		pageUp: false,
		home: false,
		end: false,
		return: false,
		escape: false,
		ctrl: false,
		shift: false,
		tab: false,
		backspace: false,
		delete: false,
		meta: false,
		super: false,
		hyper: false,
		capsLock: false,
		numLock: false,
		...flags,
	};
}

/** What ink hands over for a key as the help names it. */
const pressed: Record<string, {input: string; key: Key}> = {
	space: {input: ' ', key: key()},
	esc: {input: '', key: key({escape: true})},
	'→': {input: '', key: key({rightArrow: true})},
	'ctrl-c': {input: 'c', key: key({ctrl: true})},
};

function press(name: string): {input: string; key: Key} {
	return pressed[name] ?? {input: name, key: key()};
}

describe('actionFor', () => {
	it.each<[string, string, Partial<Key>, Action]>([
		['space', ' ', {}, 'toggle-pause'],
		['s', 's', {}, 'step'],
		['right arrow', '', {rightArrow: true}, 'step'],
		['r', 'r', {}, 'reset'],
		['+', '+', {}, 'faster'],
		['= (+ without shift)', '=', {}, 'faster'],
		['-', '-', {}, 'slower'],
		['?', '?', {}, 'toggle-help'],
		['escape', '', {escape: true}, 'close-help'],
		['q', 'q', {}, 'quit'],
		['ctrl+c', 'c', {ctrl: true}, 'quit'],
	])('%s → its action', (_name, input, flags, action) => {
		expect(actionFor(input, key(flags))).toBe(action);
	});

	it.each<[string, string, Partial<Key>]>([
		['x', 'x', {}],
		['c without ctrl', 'c', {}],
		['enter', '', {return: true}],
		['tab', '', {tab: true}],
		['left arrow', '', {leftArrow: true}],
		['up arrow', '', {upArrow: true}],
		['down arrow', '', {downArrow: true}],
		['backspace', '', {backspace: true}],
		['digit', '1', {}],
		['empty', '', {}],
		['a pasted word', 'quit', {}],
	])('%s → nothing', (_name, input, flags) => {
		expect(actionFor(input, key(flags))).toBeUndefined();
	});
});

describe('keyTable', () => {
	it('binds every key action exactly once', () => {
		const actions = keyTable.map(binding => binding.action);
		expect(new Set(actions).size).toBe(actions.length);
		expect([...actions].sort()).toEqual([...keyActions].sort());
	});

	it('has a non-empty description and key text for every binding (the overlay lists all)', () => {
		for (const binding of keyTable) {
			expect(binding.description.trim().length).toBeGreaterThan(0);
			expect(binding.keys.trim().length).toBeGreaterThan(0);
		}
	});

	it('every key the overlay shows triggers its binding', () => {
		for (const binding of keyTable) {
			const names = binding.keys.trim().split(/\s+/);
			expect(names.length).toBeGreaterThan(0);
			for (const name of names) {
				const {input, key} = press(name);
				expect(actionFor(input, key), `${name} in "${binding.keys}"`).toBe(binding.action);
			}
		}
	});

	it('every help-bar label starts with keys from the table (its own first), then a word', () => {
		const withBar = keyTable.filter(binding => binding.bar !== undefined);
		expect(withBar.length).toBeGreaterThan(0);
		const overlayKeysOf = (action: Action): string[] =>
			keyTable
				.find(binding => binding.action === action)!
				.keys.trim()
				.split(/\s+/);
		for (const binding of withBar) {
			const bar = binding.bar!;
			const [keyPart, ...words] = bar.split(' ');
			expect(words.join(' ').trim().length, bar).toBeGreaterThan(0);
			const names = keyPart!.split('/');
			// The label names the binding's own key…
			const own = press(names[0]!);
			expect(actionFor(own.input, own.key), `first key of bar "${bar}"`).toBe(binding.action);
			expect(overlayKeysOf(binding.action)).toContain(names[0]);
			// …and any other key it names is in the table, listed by the overlay under the action it triggers
			for (const name of names) {
				const {input, key} = press(name);
				const action = actionFor(input, key);
				expect(action, `${name} of bar "${bar}"`).toBeDefined();
				expect(overlayKeysOf(action!), `${name} of bar "${bar}"`).toContain(name);
			}
		}
	});

	it('the bar names a key for every action but closing the help (which the help itself explains)', () => {
		const named = new Set<Action>();
		for (const binding of keyTable) {
			for (const name of binding.bar?.split(' ')[0]!.split('/') ?? []) {
				const {input, key} = press(name);
				const action = actionFor(input, key);
				if (action) {
					named.add(action);
				}
			}
		}

		expect([...named].sort()).toEqual(keyActions.filter(action => action !== 'close-help').sort());
	});

	it('the bar shows the keys to pause, step, quit and open the help', () => {
		const barActions = new Set(keyTable.filter(binding => binding.bar !== undefined).map(binding => binding.action));
		for (const action of ['toggle-pause', 'step', 'quit', 'toggle-help'] as const) {
			expect(barActions.has(action)).toBe(true);
		}
	});

	it('no two bindings claim the same key', () => {
		const probes: Array<{input: string; key: Key}> = [
			...'abcdefghijklmnopqrstuvwxyz0123456789 +-=_?!.,/'.split('').map(input => ({input, key: key()})),
			...'abcdefghijklmnopqrstuvwxyz'.split('').map(input => ({input, key: key({ctrl: true})})),
			{input: '', key: key({escape: true})},
			{input: '', key: key({rightArrow: true})},
			{input: '', key: key({leftArrow: true})},
		];
		for (const probe of probes) {
			const matching = keyTable.filter(binding => binding.matches(probe.input, probe.key));
			expect(matching.length, JSON.stringify(probe.input)).toBeLessThanOrEqual(1);
		}
	});
});
