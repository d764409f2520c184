import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {TerminalModes, installJobControl, modeSequences} from '../../source/terminal/modes.js';
import {FakeClock} from '../helpers/fake-clock.js';

class FakeProcess extends EventEmitter {
	readonly kills: Array<{pid: number; signal: string; handled: boolean}> = [];
	onKill = (): void => {};
	kill(pid: number, signal: 'SIGTSTP'): void {
		// What the default action would meet: is our handler still installed?
		this.kills.push({pid, signal, handled: this.listenerCount(signal) > 0});
		this.onKill();
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

/** Lets promise callbacks run. */
async function settled(): Promise<void> {
	await new Promise(resolve => {
		setImmediate(resolve);
	});
}

describe('installJobControl', () => {
	function setup() {
		const process = new FakeProcess();
		const clock = new FakeClock();
		const events: string[] = [];
		process.onKill = () => {
			events.push('stopped');
		};

		const jobs = installJobControl(
			process,
			{
				beforeStop() {
					events.push('give back');
				},
				afterContinue() {
					events.push('take and redraw');
				},
			},
			clock,
		);
		return {process, clock, events, jobs};
	}

	it('SIGTSTP gives the terminal back, stops the process group by the default action, then takes it again', async () => {
		const {process, clock, events} = setup();
		process.emit('SIGTSTP');
		await settled();
		expect(events).toEqual(['give back', 'stopped', 'take and redraw']);
		expect(process.kills).toEqual([{pid: 0, signal: 'SIGTSTP', handled: false}]);
		// The SIGCONT that continued it is not a second redraw
		process.emit('SIGCONT');
		expect(events).toHaveLength(3);
		// Ready for the next stop
		clock.advance(1000);
		expect(process.listenerCount('SIGTSTP')).toBe(1);
		process.emit('SIGTSTP');
		await settled();
		expect(process.kills).toHaveLength(2);
		expect(events).toHaveLength(6);
	});

	it('Ctrl-Z (suspend) does the same', async () => {
		const {process, events, jobs} = setup();
		jobs.suspend();
		await settled();
		expect(events).toEqual(['give back', 'stopped', 'take and redraw']);
		expect(process.kills).toEqual([{pid: 0, signal: 'SIGTSTP', handled: false}]);
	});

	it('stops only once beforeStop has settled (the terminal has caught up)', async () => {
		const process = new FakeProcess();
		let release = (): void => {};
		installJobControl(
			process,
			{
				async beforeStop() {
					await new Promise<void>(resolve => {
						release = resolve;
					});
				},
				afterContinue() {},
			},
			new FakeClock(),
		);
		process.emit('SIGTSTP');
		process.emit('SIGTSTP');
		await settled();
		expect(process.kills).toHaveLength(0);
		release();
		await settled();
		expect(process.kills).toHaveLength(1);
	});

	it('a SIGCONT after a stop it could not catch (SIGSTOP) redraws', () => {
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
