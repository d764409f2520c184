import {describe, expect, it} from 'vitest';
import type {Speed} from '../../../source/cli/options.js';
import {type UiState, initialUiState, nextSpeed, reduce, speedLadder, statusOf} from '../../../source/ui/state.js';
import {allActions} from '../../helpers/actions.js';

function running(epochs = 100, speed: Speed = 50): UiState {
	return initialUiState({epochs, speed});
}

function paused(epochs = 100): UiState {
	return initialUiState({epochs, speed: 50, running: false});
}

function finished(epochs = 100): UiState {
	return reduce(running(epochs), 'reached-target');
}

function diverged(epochs = 100): UiState {
	return reduce(running(epochs), 'diverged');
}

function deepFreeze<T>(value: T): T {
	if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const key of Object.keys(value)) {
			deepFreeze((value as Record<string, unknown>)[key]);
		}
	}

	return value;
}

const numeric = (speed: Speed): number => (speed === 'max' ? Number.POSITIVE_INFINITY : speed);

describe('initialUiState', () => {
	it('starts running towards the target with the given speed', () => {
		const state = initialUiState({epochs: 250, speed: 20});
		expect(state.running).toBe(true);
		expect(state.finished).toBe(false);
		expect(state.diverged).toBe(false);
		expect(state.target).toBe(250);
		expect(state.initialTarget).toBe(250);
		expect(state.speed).toBe(20);
		expect(state.helpOpen).toBe(false);
		expect(state.quitting).toBe(false);
	});

	it('can start paused', () => {
		expect(initialUiState({epochs: 10, speed: 5, running: false}).running).toBe(false);
	});

	it('with 0 epochs starts finished and not running', () => {
		const state = initialUiState({epochs: 0, speed: 50});
		expect(state.finished).toBe(true);
		expect(state.running).toBe(false);
		expect(statusOf(state)).toBe('finished');
	});
});

describe('toggle-pause', () => {
	it('flips running back and forth', () => {
		const a = running();
		const b = reduce(a, 'toggle-pause');
		expect(b.running).toBe(false);
		expect(statusOf(b)).toBe('paused');
		const c = reduce(b, 'toggle-pause');
		expect(c.running).toBe(true);
		expect(statusOf(c)).toBe('running');
		expect(c.target).toBe(a.target);
	});

	it('on a finished state resumes and clears the target', () => {
		const state = reduce(finished(), 'toggle-pause');
		expect(state.running).toBe(true);
		expect(state.finished).toBe(false);
		expect(state.target).toBeUndefined();
		expect(state.initialTarget).toBe(100);
		expect(statusOf(state)).toBe('running');
	});

	it('on a state that started finished (0 epochs) resumes with no target', () => {
		const state = reduce(initialUiState({epochs: 0, speed: 50}), 'toggle-pause');
		expect(state.running).toBe(true);
		expect(state.target).toBeUndefined();
	});

	it('is ignored once diverged', () => {
		const state = diverged();
		expect(reduce(state, 'toggle-pause')).toEqual(state);
		expect(statusOf(reduce(state, 'toggle-pause'))).toBe('diverged');
	});
});

describe('step', () => {
	it('pauses a running state and keeps its target', () => {
		const state = reduce(running(), 'step');
		expect(state.running).toBe(false);
		expect(state.finished).toBe(false);
		expect(state.target).toBe(100);
		expect(statusOf(state)).toBe('paused');
	});

	it('keeps a paused state paused', () => {
		const state = reduce(paused(), 'step');
		expect(state.running).toBe(false);
		expect(state.target).toBe(100);
	});

	it('on a finished state pauses and clears the target', () => {
		const state = reduce(finished(), 'step');
		expect(state.running).toBe(false);
		expect(state.finished).toBe(false);
		expect(state.target).toBeUndefined();
		expect(statusOf(state)).toBe('paused');
	});

	it('is ignored once diverged', () => {
		const state = diverged();
		const after = reduce(state, 'step');
		expect(after).toEqual(state);
		expect(statusOf(after)).toBe('diverged');
	});
});

describe('reset', () => {
	it('restores the initial target after it was cleared', () => {
		const cleared = reduce(finished(300), 'toggle-pause');
		expect(cleared.target).toBeUndefined();
		const state = reduce(cleared, 'reset');
		expect(state.target).toBe(300);
		expect(state.finished).toBe(false);
		expect(state.running).toBe(true);
	});

	it('clears finished and runs again', () => {
		const state = reduce(finished(), 'reset');
		expect(state.finished).toBe(false);
		expect(state.diverged).toBe(false);
		expect(state.running).toBe(true);
		expect(statusOf(state)).toBe('running');
	});

	it('clears diverged and runs again', () => {
		const state = reduce(diverged(), 'reset');
		expect(state.diverged).toBe(false);
		expect(state.finished).toBe(false);
		expect(state.target).toBe(100);
		expect(statusOf(state)).not.toBe('diverged');
	});

	it('leaves a paused run paused', () => {
		const state = reduce(paused(), 'reset');
		expect(state.running).toBe(false);
		expect(statusOf(state)).toBe('paused');
	});

	it('with a 0-epoch target comes back finished', () => {
		const start = initialUiState({epochs: 0, speed: 50});
		const state = reduce(reduce(start, 'toggle-pause'), 'reset');
		expect(state.target).toBe(0);
		expect(state.finished).toBe(true);
		expect(state.running).toBe(false);
	});

	it('keeps speed and help', () => {
		const before = reduce(reduce(running(100, 20), 'faster'), 'toggle-help');
		const state = reduce(before, 'reset');
		expect(state.speed).toBe(before.speed);
		expect(state.helpOpen).toBe(true);
	});
});

describe('speed ladder', () => {
	it('is strictly increasing with max on top', () => {
		const values = speedLadder.map(numeric);
		for (let i = 1; i < values.length; i++) {
			expect(values[i]!).toBeGreaterThan(values[i - 1]!);
		}

		expect(speedLadder.at(-1)).toBe('max');
		expect(speedLadder.filter(speed => speed === 'max')).toHaveLength(1);
	});

	it('faster walks every rung from the bottom up to max, then stays', () => {
		let state = running(100, speedLadder[0]!);
		const visited: Speed[] = [state.speed];
		for (let i = 0; i < speedLadder.length + 3; i++) {
			state = reduce(state, 'faster');
			visited.push(state.speed);
		}

		expect(visited.slice(0, speedLadder.length)).toEqual(speedLadder);
		expect(visited.slice(speedLadder.length)).toEqual(['max', 'max', 'max', 'max']);
	});

	it('slower walks every rung from max down, then stays at the lowest', () => {
		let state = running(100, 'max');
		const visited: Speed[] = [state.speed];
		for (let i = 0; i < speedLadder.length + 3; i++) {
			state = reduce(state, 'slower');
			visited.push(state.speed);
		}

		expect(visited.slice(0, speedLadder.length)).toEqual([...speedLadder].reverse());
		const lowest = speedLadder[0]!;
		expect(visited.slice(speedLadder.length)).toEqual([lowest, lowest, lowest, lowest]);
	});

	it('from an off-ladder speed goes to the neighbouring rungs', () => {
		expect(reduce(running(100, 37), 'faster').speed).toBe(50);
		expect(reduce(running(100, 37), 'slower').speed).toBe(20);
		expect(reduce(running(100, 1.5), 'faster').speed).toBe(2);
		expect(reduce(running(100, 1.5), 'slower').speed).toBe(1);
		expect(reduce(running(100, 123_456), 'faster').speed).toBe('max');
		expect(reduce(running(100, 123_456), 'slower').speed).toBe(10_000);
	});

	it('faster from any speed is the smallest rung above it (brute force)', () => {
		for (let k = -20; k <= 60; k++) {
			const speed = 10 ** (k / 10);
			const above = speedLadder.filter(rung => numeric(rung) > speed);
			const expected = above.reduce<Speed>((best, rung) => (numeric(rung) < numeric(best) ? rung : best), 'max');
			expect(nextSpeed(speed, 1)).toBe(expected);
			expect(numeric(nextSpeed(speed, 1))).toBeGreaterThan(speed);
		}
	});

	it('slower from any speed on or above the lowest rung is the largest rung below it (brute force)', () => {
		for (let k = 0; k <= 60; k++) {
			const speed = 10 ** (k / 10);
			const below = speedLadder.filter(rung => numeric(rung) < speed);
			const expected = below.length === 0 ? speedLadder[0]! : below.at(-1)!;
			expect(nextSpeed(speed, -1)).toBe(expected);
		}
	});

	// The CLI accepts any speed > 0 (e.g. --speed 0.5): "slower" must never speed it up.
	it('slower never makes a run faster, even below the lowest rung', () => {
		for (const speed of [0.1, 0.5, 0.99, 1, 1.5, 3, 37, 20_000]) {
			expect(numeric(nextSpeed(speed, -1))).toBeLessThanOrEqual(speed);
		}
	});

	it('changing speed keeps running, target and status', () => {
		for (const state of [running(), paused(), finished(), diverged()]) {
			for (const action of ['faster', 'slower'] as const) {
				const after = reduce(state, action);
				expect(after.running).toBe(state.running);
				expect(after.target).toBe(state.target);
				expect(statusOf(after)).toBe(statusOf(state));
			}
		}
	});
});

describe('help, quit, target, divergence', () => {
	it('toggle-help opens and closes; close-help only closes', () => {
		const open = reduce(running(), 'toggle-help');
		expect(open.helpOpen).toBe(true);
		expect(reduce(open, 'toggle-help').helpOpen).toBe(false);
		expect(reduce(open, 'close-help').helpOpen).toBe(false);
		expect(reduce(running(), 'close-help').helpOpen).toBe(false);
		expect(open.running).toBe(true);
	});

	it('help does not pause or change the status', () => {
		for (const state of [running(), paused(), finished(), diverged()]) {
			expect(statusOf(reduce(state, 'toggle-help'))).toBe(statusOf(state));
		}
	});

	it('quit sets quitting', () => {
		expect(reduce(running(), 'quit').quitting).toBe(true);
		expect(reduce(diverged(), 'quit').quitting).toBe(true);
	});

	it('reached-target stops as finished', () => {
		const state = reduce(running(), 'reached-target');
		expect(state.running).toBe(false);
		expect(state.finished).toBe(true);
		expect(statusOf(state)).toBe('finished');
	});

	it('diverged stops and marks the state', () => {
		const state = reduce(running(), 'diverged');
		expect(state.running).toBe(false);
		expect(state.finished).toBe(false);
		expect(state.diverged).toBe(true);
	});
});

describe('statusOf', () => {
	it('names each state', () => {
		expect(statusOf(running())).toBe('running');
		expect(statusOf(paused())).toBe('paused');
		expect(statusOf(finished())).toBe('finished');
		expect(statusOf(diverged())).toBe('diverged');
	});

	it('diverged wins over finished and running flags', () => {
		const base = running();
		expect(statusOf({...base, diverged: true, finished: true, running: true})).toBe('diverged');
		expect(statusOf({...base, finished: true, running: true})).toBe('finished');
	});
});

describe('purity', () => {
	const states = (): UiState[] => [
		running(),
		paused(),
		finished(),
		diverged(),
		initialUiState({epochs: 0, speed: 'max'}),
		reduce(running(100, 37), 'toggle-help'),
		reduce(finished(), 'toggle-pause'),
	];

	it('never changes the state it is given', () => {
		for (const state of states()) {
			const copy = structuredClone(state);
			deepFreeze(state);
			for (const action of allActions) {
				const after = reduce(state, action);
				expect(after).toBeDefined();
				expect(state).toEqual(copy);
			}
		}
	});

	it('returns a new object whenever something changed', () => {
		for (const state of states()) {
			for (const action of allActions) {
				const after = reduce(state, action);
				if (JSON.stringify(after) !== JSON.stringify(state)) {
					expect(after).not.toBe(state);
				}
			}
		}
	});

	it('is deterministic', () => {
		for (const state of states()) {
			for (const action of allActions) {
				expect(reduce(state, action)).toEqual(reduce(state, action));
			}
		}
	});
});
