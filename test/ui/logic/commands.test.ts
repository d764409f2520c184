import {describe, expect, it} from 'vitest';
import type {KeyName} from '../../../source/terminal/input.js';
import type {Session} from '../../../source/run/session.js';
import {quitAtEnd, routeKeys} from '../../../source/ui/commands.js';
import {type Command, keyTable} from '../../../source/ui/keys.js';
import {keyCommands} from '../../helpers/actions.js';

/** Targets that write down, in one log and in order, what reached them. */
function targets() {
	const log: string[] = [];
	const heard: Command[] = [];
	/** The actions the session and the UI store were handed. */
	const delivered: Command[] = [];
	const route = routeKeys({
		session: {
			dispatch(action) {
				delivered.push(action);
				log.push(`session ${action.type}`);
			},
			adjust(action) {
				delivered.push(action);
				log.push(`session adjust ${action.type}`);
			},
		},
		ui: {
			dispatch(action) {
				delivered.push(action as Command);
				log.push(`ui ${action.type}`);
			},
		},
		quit() {
			log.push('quit');
		},
		suspend() {
			log.push('suspend');
		},
		save() {
			log.push('save');
		},
		onCommand(command) {
			heard.push(command);
			log.push(`heard ${command.type}`);
		},
	});
	return {route, log, heard, delivered};
}

/** Where each command must go. */
function targetOf(type: Command['type']): string {
	switch (type) {
		case 'quit':
		case 'suspend':
		case 'save': {
			return type;
		}

		case 'halve-lr':
		case 'double-lr':
		case 'switch-loss':
		case 'cycle-train': {
			return `session adjust ${type}`;
		}

		case 'toggle-help':
		case 'toggle-lower':
		case 'close-help': {
			return `ui ${type}`;
		}

		default: {
			return `session ${type}`;
		}
	}
}

describe('routeKeys', () => {
	it.each<[KeyName, string]>([
		[' ', 'session toggle-pause'],
		['s', 'session step'],
		['right', 'session step'],
		['r', 'session reset'],
		['+', 'session faster'],
		['-', 'session slower'],
		['?', 'ui toggle-help'],
		['escape', 'ui close-help'],
		['v', 'ui toggle-lower'],
		['q', 'quit'],
		['ctrl-c', 'quit'],
		['ctrl-z', 'suspend'],
		['left', 'session back'],
		['home', 'session first'],
		['end', 'session latest'],
		['[', 'session adjust halve-lr'],
		[']', 'session adjust double-lr'],
		['l', 'session adjust switch-loss'],
		['t', 'session adjust cycle-train'],
		['w', 'save'],
	])('%j goes to %s, and nowhere else', (key, where) => {
		const {route, log} = targets();
		route(key);
		expect(log.filter(entry => !entry.startsWith('heard '))).toEqual([where]);
	});

	it('sends every key of the table to its command’s one target, handing it the command itself', () => {
		const seen = new Set<string>();
		for (const binding of keyTable) {
			for (const key of binding.keys) {
				const {route, log, heard, delivered} = targets();
				route(key);
				expect(heard, JSON.stringify(key)).toEqual([binding.command]);
				const {type} = binding.command;
				expect(delivered, JSON.stringify(key)).toEqual(
					type === 'quit' || type === 'suspend' || type === 'save' ? [] : [binding.command],
				);
				expect(log, JSON.stringify(key)).toEqual([`heard ${binding.command.type}`, targetOf(binding.command.type)]);
				seen.add(binding.command.type);
			}
		}

		// Every command a key can send was routed at least once
		expect([...seen].sort()).toEqual(keyCommands.map(command => command.type).sort());
	});

	it('tells onCommand before the command acts (the frame that shows it goes out at once)', () => {
		const {route, log} = targets();
		route('s');
		route('q');
		expect(log).toEqual(['heard step', 'session step', 'heard quit', 'quit']);
	});

	it('ignores keys that send nothing: no target, no onCommand', () => {
		const {route, log} = targets();
		for (const key of ['x', 'up', 'enter', 'tab', 'ctrl-s', 'S', '', 'quit'] as const) {
			route(key);
		}

		expect(log).toEqual([]);
	});

	it('keys in a row act one by one, in order, each once', () => {
		const {route, log} = targets();
		for (const key of ['s', 's', 'right', '?', 'escape', 'q'] as const) {
			route(key);
		}

		expect(log.filter(entry => !entry.startsWith('heard '))).toEqual([
			'session step',
			'session step',
			'session step',
			'ui toggle-help',
			'ui close-help',
			'quit',
		]);
	});

	it('works without an onCommand', () => {
		let steps = 0;
		const route = routeKeys({
			session: {
				dispatch() {
					steps++;
				},
				adjust() {},
			},
			ui: {dispatch() {}},
			quit() {},
			suspend() {},
			save() {},
		});
		route('s');
		expect(steps).toBe(1);
	});
});

describe('quitAtEnd', () => {
	it('quits once the run without a keyboard is finished or diverged, not before', () => {
		for (const end of ['finished', 'diverged'] as const) {
			let status: string = 'running';
			const listeners: Array<() => void> = [];
			const session = {
				subscribe(listener: () => void) {
					listeners.push(listener);
					return () => {};
				},
				getView: () => ({status}) as ReturnType<Session['getView']>,
			};
			let quits = 0;
			quitAtEnd(session, () => {
				quits++;
			});
			for (const next of ['running', 'paused', end]) {
				status = next;
				for (const listener of listeners) {
					listener();
				}

				expect(quits, `${end} after ${next}`).toBe(next === end ? 1 : 0);
			}
		}
	});
});
