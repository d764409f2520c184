import {EventEmitter} from 'node:events';
import {describe, expect, it, vi} from 'vitest';
import {exitCodes, type StopSignal, signalExitCode, stopSignals} from '../../../source/run/exit-codes.js';
import {failWith, guardTerminal} from '../../../source/ui/exits.js';

/** A process stand-in: events by name, and a log of what happened in order. */
function fakeProcess() {
	const log: string[] = [];
	const events = new EventEmitter();
	const process = {
		on: (event: string, listener: (...args: any[]) => void) => events.on(event, listener),
		off: (event: string, listener: (...args: any[]) => void) => events.off(event, listener),
		exit(code: number) {
			log.push(`exit ${code}`);
		},
		stderr: {
			write(text: string) {
				log.push(`stderr ${text}`);
			},
		},
	};
	const exits = {
		restore() {
			log.push('restore');
		},
		printSummary() {
			log.push('summary');
		},
	};
	return {process, events, exits, log};
}

describe('guardTerminal', () => {
	it.each(['SIGINT', 'SIGTERM'] as StopSignal[])('%s: terminal back first, then the summary, then 128 + n', signal => {
		const {process, events, exits, log} = fakeProcess();
		guardTerminal(process, exits);
		events.emit(signal, signal);
		expect(log).toEqual(['restore', 'summary', `exit ${signalExitCode(signal)}`]);
	});

	it('SIGHUP: terminal back and exit 129, no summary (nobody is left to read it)', () => {
		const {process, events, exits, log} = fakeProcess();
		guardTerminal(process, exits);
		events.emit('SIGHUP', 'SIGHUP');
		expect(log).toEqual(['restore', 'exit 129']);
	});

	it.each(['SIGINT', 'SIGTERM'] as StopSignal[])(
		'%s with --save: waits for the terminal to settle, gives it back, saves, then the summary and a failed save’s line',
		async signal => {
			const {process, events, exits, log} = fakeProcess();
			let settled = (): void => {};
			guardTerminal(process, {
				...exits,
				settle: async () =>
					new Promise<void>(resolve => {
						log.push('settling');
						settled = resolve;
					}),
				save() {
					log.push('save');
					return 'tinygan: cannot save run.json: no space left on device';
				},
			});
			events.emit(signal, signal);
			// A second signal while settling changes nothing
			events.emit(signal, signal);
			expect(log).toEqual(['settling']);
			settled();
			await vi.waitFor(() => {
				expect(log.at(-1)).toMatch(/^exit/);
			});
			expect(log).toEqual([
				'settling',
				'restore',
				'save',
				'summary',
				'stderr tinygan: cannot save run.json: no space left on device\n',
				`exit ${signalExitCode(signal)}`,
			]);
		},
	);

	it('SIGHUP with --save: does not wait for the gone terminal, and still saves', () => {
		const {process, events, exits, log} = fakeProcess();
		guardTerminal(process, {
			...exits,
			async settle() {
				log.push('settling');
			},
			save() {
				log.push('save');
				return undefined;
			},
		});
		events.emit('SIGHUP', 'SIGHUP');
		expect(log).toEqual(['restore', 'save', 'exit 129']);
	});

	it.each(['uncaughtException', 'unhandledRejection'])(
		'%s: terminal back first, then the error on stderr (the normal screen), exit 70',
		event => {
			const {process, events, exits, log} = fakeProcess();
			guardTerminal(process, exits);
			events.emit(event, new Error('boom in the chart'));
			expect(log[0]).toBe('restore');
			expect(log[1]).toMatch(/^stderr tinygan: unexpected error: Error: boom in the chart/);
			expect(log[2]).toBe(`exit ${exitCodes.software}`);
			expect(log).toHaveLength(3);
		},
	);

	it('an error thrown while rendering takes the same way out', () => {
		const {process, exits, log} = fakeProcess();
		failWith(process, exits.restore, 'not even an Error');
		expect(log).toEqual(['restore', 'stderr tinygan: unexpected error: not even an Error\n', 'exit 70']);
	});

	it('removes every handler it installed', () => {
		const {process, events, exits} = fakeProcess();
		const before = events.eventNames().length;
		const unguard = guardTerminal(process, exits);
		expect(events.eventNames().length).toBe(before + stopSignals.length + 2);
		unguard();
		expect(events.eventNames()).toHaveLength(before);
	});
});
