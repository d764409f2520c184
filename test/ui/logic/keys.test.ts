import {describe, expect, it} from 'vitest';
import {type KeyName, InputParser} from '../../../source/terminal/input.js';
import {type Command, commandFor, keyTable} from '../../../source/ui/keys.js';
import {keyCommands} from '../../helpers/actions.js';
import {
	arrowDown,
	arrowLeft,
	arrowRight,
	arrowUp,
	ctrlC,
	ctrlZ,
	enter,
	escape,
	space,
	tab,
} from '../../helpers/escapes.js';

/** How the help overlay and bar write a key, as a key name (the character itself for the rest). */
const written: Readonly<Record<string, KeyName>> = {
	space: ' ',
	esc: 'escape',
	'→': 'right',
	'←': 'left',
};

function nameOf(text: string): KeyName {
	return written[text] ?? text;
}

/** The key names a label lists ("s  →" is `s` and `right`). */
function namesIn(label: string): KeyName[] {
	return label.trim().split(/\s+/).map(nameOf);
}

/** What a terminal sends for a key name, so the table can be checked against the real parser. */
const typed: Readonly<Record<string, string>> = {
	' ': space,
	right: arrowRight,
	left: arrowLeft,
	home: '\u001B[H',
	end: '\u001B[F',
	escape,
	'ctrl-c': ctrlC,
	'ctrl-z': ctrlZ,
};

/** What the parser makes of `bytes`, keys by name (a lone ESC once no more comes). */
function parsed(bytes: string): string[] {
	const parser = new InputParser();
	const events = [...parser.feed(bytes), ...parser.flush()];
	return events.map(event => (event.type === 'key' ? event.name : `<${event.type}>`));
}

const typeOf = (command: Command | undefined): string | undefined => command?.type;

describe('commandFor', () => {
	it.each<[string, KeyName, Command]>([
		['space', ' ', {type: 'toggle-pause'}],
		['s', 's', {type: 'step'}],
		['right arrow', 'right', {type: 'step'}],
		['left arrow', 'left', {type: 'back'}],
		['home', 'home', {type: 'first'}],
		['end', 'end', {type: 'latest'}],
		['[', '[', {type: 'halve-lr'}],
		[']', ']', {type: 'double-lr'}],
		['l', 'l', {type: 'switch-loss'}],
		['t', 't', {type: 'cycle-train'}],
		['w', 'w', {type: 'save'}],
		['v', 'v', {type: 'toggle-lower'}],
		['r', 'r', {type: 'reset'}],
		['+', '+', {type: 'faster'}],
		['= (+ without shift)', '=', {type: 'faster'}],
		['-', '-', {type: 'slower'}],
		['_ (- with shift)', '_', {type: 'slower'}],
		['?', '?', {type: 'toggle-help'}],
		['escape', 'escape', {type: 'close-help'}],
		['q', 'q', {type: 'quit'}],
		['ctrl-c', 'ctrl-c', {type: 'quit'}],
		['ctrl-z', 'ctrl-z', {type: 'suspend'}],
	])('%s → its command', (_name, key, command) => {
		expect(commandFor(key)).toEqual(command);
	});

	it.each<[string, KeyName]>([
		['x', 'x'],
		['c (without ctrl)', 'c'],
		['z (without ctrl)', 'z'],
		['S (capital)', 'S'],
		['Q (capital)', 'Q'],
		['ctrl-s', 'ctrl-s'],
		['enter', 'enter'],
		['tab', 'tab'],
		['up arrow', 'up'],
		['down arrow', 'down'],
		['backspace', 'backspace'],
		['digit', '1'],
		['empty', ''],
		['a word (the parser never makes one: each character is a key)', 'quit'],
		['the label of a key rather than its name', 'space'],
	])('%s → nothing', (_name, key) => {
		expect(commandFor(key)).toBeUndefined();
	});
});

describe('keyTable', () => {
	it('binds every command a key sends exactly once', () => {
		const types = keyTable.map(binding => binding.command.type);
		expect(new Set(types).size).toBe(types.length);
		expect([...types].sort()).toEqual(keyCommands.map(command => command.type).sort());
	});

	it('no two bindings claim the same key, and every binding has one', () => {
		const keys = keyTable.flatMap(binding => binding.keys);
		expect(new Set(keys).size).toBe(keys.length);
		for (const binding of keyTable) {
			expect(binding.keys.length, binding.label).toBeGreaterThan(0);
		}
	});

	it('every key of every binding sends that binding’s command', () => {
		for (const binding of keyTable) {
			for (const key of binding.keys) {
				expect(commandFor(key), JSON.stringify(key)).toBe(binding.command);
			}
		}
	});

	it('every key name in the table is one the terminal parser makes of that key', () => {
		for (const binding of keyTable) {
			for (const key of binding.keys) {
				expect(parsed(typed[key] ?? key), JSON.stringify(key)).toEqual([key]);
			}
		}
	});

	it('keys that send nothing, typed on a terminal, reach no command', () => {
		for (const [bytes, name] of [
			[arrowUp, 'up'],
			[arrowDown, 'down'],
			[enter, 'enter'],
			[tab, 'tab'],
			['x', 'x'],
			['1', '1'],
		] as const) {
			expect(parsed(bytes)).toEqual([name]);
			expect(commandFor(name), name).toBeUndefined();
		}
	});

	it('has a non-empty description and label for every binding (the overlay lists all)', () => {
		for (const binding of keyTable) {
			expect(binding.description.trim().length).toBeGreaterThan(0);
			expect(binding.label.trim().length).toBeGreaterThan(0);
		}
	});

	it('every key the overlay label shows is one of its binding’s keys', () => {
		for (const binding of keyTable) {
			for (const name of namesIn(binding.label)) {
				expect(binding.keys, `${name} in "${binding.label}"`).toContain(name);
			}
		}
	});

	it('every help-bar label starts with keys from the table (its own first), then a word', () => {
		const withBar = keyTable.filter(binding => binding.bar !== undefined);
		expect(withBar.length).toBeGreaterThan(0);
		const labelOf = (command: Command): KeyName[] =>
			namesIn(keyTable.find(binding => binding.command.type === command.type)!.label);
		for (const binding of withBar) {
			const bar = binding.bar!;
			const [keyPart, ...words] = bar.split(' ');
			expect(words.join(' ').trim().length, bar).toBeGreaterThan(0);
			const names = keyPart!.split('/').map(nameOf);
			// The label names the binding's own key…
			expect(commandFor(names[0]!), `first key of bar "${bar}"`).toBe(binding.command);
			expect(labelOf(binding.command)).toContain(names[0]);
			// …and any other key it names is in the table, listed by the overlay under the command it sends
			for (const name of names) {
				const command = commandFor(name);
				expect(command, `${name} of bar "${bar}"`).toBeDefined();
				expect(labelOf(command!), `${name} of bar "${bar}"`).toContain(name);
			}
		}
	});

	it('the bar names a key for every command but closing the help, suspending, first and latest (the overlay explains those)', () => {
		const named = new Set<string>();
		for (const binding of keyTable) {
			for (const name of binding.bar?.split(' ')[0]!.split('/') ?? []) {
				const type = typeOf(commandFor(nameOf(name)));
				if (type !== undefined) {
					named.add(type);
				}
			}
		}

		expect([...named].sort()).toEqual(
			keyCommands
				.map(command => command.type)
				.filter(type => !['close-help', 'suspend', 'first', 'latest'].includes(type))
				.sort(),
		);
	});

	it('ranks every bar entry, each rank once, so that a narrow bar knows what to leave out', () => {
		const ranks = keyTable.filter(binding => binding.bar !== undefined).map(binding => binding.barRank);
		expect(ranks.every(rank => Number.isInteger(rank) && rank! >= 1)).toBe(true);
		expect(new Set(ranks).size).toBe(ranks.length);
		expect(keyTable.filter(binding => binding.bar === undefined).every(binding => binding.barRank === undefined)).toBe(
			true,
		);
	});

	it('the bar shows the keys to pause, step, quit and open the help', () => {
		const barTypes = new Set(
			keyTable.filter(binding => binding.bar !== undefined).map(binding => binding.command.type),
		);
		for (const type of ['toggle-pause', 'step', 'quit', 'toggle-help']) {
			expect(barTypes.has(type as Command['type']), type).toBe(true);
		}
	});
});
