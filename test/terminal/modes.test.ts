import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {TerminalModes, installJobControl, modeSequences} from '../../source/terminal/modes.js';

class FakeProcess extends EventEmitter {
	readonly kills: Array<{pid: number; signal: string; handled: boolean}> = [];
	kill(pid: number, signal: 'SIGTSTP'): void {
		// What the default action would meet: is our handler still installed?
		this.kills.push({pid, signal, handled: this.listenerCount(signal) > 0});
	}
}

function recorder() {
	const writes: string[] = [];
	const raw: boolean[] = [];
	const modes = new TerminalModes(
		{
			write(data: string) {
				writes.push(data);
			},
		},
		{
			setRawMode(value: boolean) {
				raw.push(value);
			},
		},
	);
	return {writes, raw, modes};
}

describe('TerminalModes', () => {
	it('takes the terminal (alternate screen, hidden cursor, raw keys) and gives each back', () => {
		const {writes, raw, modes} = recorder();
		modes.take();
		expect(writes).toEqual([modeSequences.take]);
		expect(modeSequences.take).toContain('\u001B[?1049h');
		expect(modeSequences.take).toContain('\u001B[?25l');
		expect(raw).toEqual([true]);
		modes.giveBack();
		modes.giveBack();
		expect(writes).toEqual([modeSequences.take, modeSequences.giveBack]);
		expect(modeSequences.giveBack).toContain('\u001B[?1049l');
		expect(modeSequences.giveBack).toContain('\u001B[?25h');
		expect(raw).toEqual([true, false]);
	});

	it('gives back the keyboard even when the terminal cannot be written (it hung up)', () => {
		const raw: boolean[] = [];
		const modes = new TerminalModes(
			{
				write() {
					throw new Error('EIO');
				},
			},
			{
				setRawMode(value: boolean) {
					raw.push(value);
				},
			},
		);
		expect(() => {
			modes.take();
		}).toThrow('EIO');
		modes.giveBack();
		expect(raw).toEqual([true, false]);
	});
});

describe('installJobControl', () => {
	function setup() {
		const process = new FakeProcess();
		const events: string[] = [];
		const jobs = installJobControl(process, {
			beforeStop() {
				events.push('give back');
			},
			afterContinue() {
				events.push('take and redraw');
			},
		});
		return {process, events, jobs};
	}

	it('SIGTSTP gives the terminal back, then stops the process group by the default action', () => {
		const {process, events} = setup();
		process.emit('SIGTSTP');
		expect(events).toEqual(['give back']);
		expect(process.kills).toEqual([{pid: 0, signal: 'SIGTSTP', handled: false}]);
		process.emit('SIGCONT');
		expect(events).toEqual(['give back', 'take and redraw']);
		// Ready for the next stop
		expect(process.listenerCount('SIGTSTP')).toBe(1);
		process.emit('SIGTSTP');
		expect(process.kills).toHaveLength(2);
	});

	it('Ctrl-Z (suspend) does the same', () => {
		const {process, events, jobs} = setup();
		jobs.suspend();
		expect(events).toEqual(['give back']);
		expect(process.kills).toEqual([{pid: 0, signal: 'SIGTSTP', handled: false}]);
	});

	it('a SIGCONT after an uncatchable stop redraws too', () => {
		const {process, events} = setup();
		process.emit('SIGCONT');
		expect(events).toEqual(['take and redraw']);
	});

	it('uninstall removes both handlers', () => {
		const {process, jobs} = setup();
		jobs.uninstall();
		expect(process.listenerCount('SIGTSTP')).toBe(0);
		expect(process.listenerCount('SIGCONT')).toBe(0);
	});
});
