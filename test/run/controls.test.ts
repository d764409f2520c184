import {describe, expect, it} from 'vitest';
import {
	type ControlAction,
	type Controls,
	type Speed,
	initialControls,
	nextSpeed,
	reduceControls,
	speedLadder,
	statusOf,
} from '../../source/run/controls.js';
import {allControlActions} from '../helpers/actions.js';

/**
 * `reduceControls`, checked for purity on every call: the state it is given
 * must come out exactly as it went in (compared with a copy taken before, so a
 * reducer that changes its input and returns it fails every test here).
 */
function reduce(state: Controls, action: ControlAction): Controls {
	const before = structuredClone(state);
	const after = reduceControls(state, action);
	expect(state, `${action.type} changed the state it was given`).toEqual(before);
	return after;
}

const act = {
	togglePause: {type: 'toggle-pause'},
	step: {type: 'step'},
	reset: {type: 'reset'},
	faster: {type: 'faster'},
	slower: {type: 'slower'},
	reachedTarget: {type: 'reached-target'},
	passedTarget: {type: 'passed-target'},
	diverged: {type: 'diverged'},
} as const satisfies Record<string, ControlAction>;

function running(epochs = 100, speed: Speed = 50): Controls {
	return initialControls({epochs, speed});
}

function paused(epochs = 100): Controls {
	return initialControls({epochs, speed: 50, running: false});
}

function finished(epochs = 100): Controls {
	return reduce(running(epochs), act.reachedTarget);
}

function diverged(epochs = 100): Controls {
	return reduce(running(epochs), act.diverged);
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

describe('initialControls', () => {
	it('starts running towards the target with the given speed', () => {
		expect(initialControls({epochs: 250, speed: 20})).toEqual({
			running: true,
			finished: false,
			diverged: false,
			target: 250,
			initialTarget: 250,
			speed: 20,
		});
	});

	it('can start paused', () => {
		const state = initialControls({epochs: 10, speed: 5, running: false});
		expect(state.running).toBe(false);
		expect(statusOf(state)).toBe('paused');
	});

	it('with 0 epochs starts finished and not running', () => {
		const state = initialControls({epochs: 0, speed: 50});
		expect(state.finished).toBe(true);
		expect(state.running).toBe(false);
		expect(statusOf(state)).toBe('finished');
	});
});

describe('toggle-pause', () => {
	it('flips running back and forth', () => {
		const a = running();
		const b = reduce(a, act.togglePause);
		expect(b.running).toBe(false);
		expect(statusOf(b)).toBe('paused');
		const c = reduce(b, act.togglePause);
		expect(c.running).toBe(true);
		expect(statusOf(c)).toBe('running');
		expect(c).toEqual(running());
	});

	it('on a finished state resumes and clears the target', () => {
		const state = reduce(finished(), act.togglePause);
		expect(state.running).toBe(true);
		expect(state.finished).toBe(false);
		expect(state.target).toBeUndefined();
		expect(state.initialTarget).toBe(100);
		expect(statusOf(state)).toBe('running');
	});

	it('on a state that started finished (0 epochs) resumes with no target', () => {
		const state = reduce(initialControls({epochs: 0, speed: 50}), act.togglePause);
		expect(state.running).toBe(true);
		expect(state.target).toBeUndefined();
	});
});

describe('step', () => {
	it('pauses a running state and keeps its target', () => {
		const state = reduce(running(), act.step);
		expect(state.running).toBe(false);
		expect(state.finished).toBe(false);
		expect(state.target).toBe(100);
		expect(statusOf(state)).toBe('paused');
	});

	it('keeps a paused state paused', () => {
		const state = reduce(paused(), act.step);
		expect(state).toEqual(paused());
	});

	it('on a finished state pauses and clears the target', () => {
		const state = reduce(finished(), act.step);
		expect(state.running).toBe(false);
		expect(state.finished).toBe(false);
		expect(state.target).toBeUndefined();
		expect(statusOf(state)).toBe('paused');
	});
});

describe('reset', () => {
	it('restores the initial target after it was cleared', () => {
		const cleared = reduce(finished(300), act.togglePause);
		expect(cleared.target).toBeUndefined();
		const state = reduce(cleared, act.reset);
		expect(state.target).toBe(300);
		expect(state.finished).toBe(false);
		expect(state.running).toBe(true);
	});

	it('clears finished and runs again', () => {
		const state = reduce(finished(), act.reset);
		expect(state).toEqual(running());
		expect(statusOf(state)).toBe('running');
	});

	it('clears diverged and runs again', () => {
		const state = reduce(diverged(), act.reset);
		expect(state).toEqual(running());
		expect(statusOf(state)).toBe('running');
	});

	it('leaves a paused run paused', () => {
		const state = reduce(paused(), act.reset);
		expect(state.running).toBe(false);
		expect(statusOf(state)).toBe('paused');
	});

	it('with a 0-epoch target comes back finished', () => {
		const start = initialControls({epochs: 0, speed: 50});
		const state = reduce(reduce(start, act.togglePause), act.reset);
		expect(state.target).toBe(0);
		expect(state.finished).toBe(true);
		expect(state.running).toBe(false);
	});

	it('keeps the speed', () => {
		const before = reduce(running(100, 20), act.faster);
		const state = reduce(before, act.reset);
		expect(state.speed).toBe(50);
		expect(state.speed).toBe(before.speed);
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
			state = reduce(state, act.faster);
			visited.push(state.speed);
		}

		expect(visited.slice(0, speedLadder.length)).toEqual(speedLadder);
		expect(visited.slice(speedLadder.length)).toEqual(['max', 'max', 'max', 'max']);
	});

	it('slower walks every rung from max down, then stays at the lowest', () => {
		let state = running(100, 'max');
		const visited: Speed[] = [state.speed];
		for (let i = 0; i < speedLadder.length + 3; i++) {
			state = reduce(state, act.slower);
			visited.push(state.speed);
		}

		expect(visited.slice(0, speedLadder.length)).toEqual([...speedLadder].reverse());
		const lowest = speedLadder[0]!;
		expect(visited.slice(speedLadder.length)).toEqual([lowest, lowest, lowest, lowest]);
	});

	it('from an off-ladder speed goes to the neighbouring rungs', () => {
		expect(reduce(running(100, 37), act.faster).speed).toBe(50);
		expect(reduce(running(100, 37), act.slower).speed).toBe(20);
		expect(reduce(running(100, 1.5), act.faster).speed).toBe(2);
		expect(reduce(running(100, 1.5), act.slower).speed).toBe(1);
		expect(reduce(running(100, 123_456), act.faster).speed).toBe('max');
		expect(reduce(running(100, 123_456), act.slower).speed).toBe(10_000);
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
			for (const action of [act.faster, act.slower]) {
				const after = reduce(state, action);
				expect({...after, speed: state.speed}).toEqual(state);
				expect(statusOf(after)).toBe(statusOf(state));
			}
		}
	});
});

describe('target and divergence', () => {
	it('reached-target stops as finished', () => {
		const state = reduce(running(), act.reachedTarget);
		expect(state.running).toBe(false);
		expect(state.finished).toBe(true);
		expect(state.target).toBe(100);
		expect(statusOf(state)).toBe('finished');
	});

	it('passed-target drops the target and keeps running', () => {
		const state = reduce(running(), act.passedTarget);
		expect(state.running).toBe(true);
		expect(state.finished).toBe(false);
		expect(state.target).toBeUndefined();
		expect(state.initialTarget).toBe(100);
	});

	it.each([act.togglePause, act.step])(
		'$type is ignored once diverged: the same state comes back, unchanged',
		action => {
			const state = diverged();
			const before = structuredClone(state);
			const after = reduce(state, action);
			expect(after).toBe(state);
			expect(after).toEqual(before);
			expect(statusOf(after)).toBe('diverged');
		},
	);

	it('diverged stops and marks the state', () => {
		const state = reduce(running(), act.diverged);
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
	// Written out, not reduced: these tests stand on their own checks only
	const states = (): Controls[] => [
		running(),
		paused(),
		{...running(), running: false, finished: true},
		{...running(), running: false, diverged: true},
		initialControls({epochs: 0, speed: 'max'}),
		running(100, 37),
		{...running(), target: undefined},
	];

	it('leaves a frozen input as it was (a write to it throws)', () => {
		for (const state of states()) {
			const before = structuredClone(state);
			deepFreeze(state);
			for (const action of allControlActions) {
				expect(() => reduceControls(state, action), action.type).not.toThrow();
				expect(state, action.type).toEqual(before);
			}
		}
	});

	// A reducer could spare frozen objects and still write to the live ones: no freezing here
	it('leaves an input that is not frozen as it was', () => {
		for (const state of states()) {
			const before = structuredClone(state);
			for (const action of allControlActions) {
				reduceControls(state, action);
				expect(state, action.type).toEqual(before);
			}
		}
	});

	it('returns a new object whenever the result differs from the input as it was', () => {
		let changed = 0;
		for (const state of states()) {
			for (const action of allControlActions) {
				const before = structuredClone(state);
				const after = reduceControls(state, action);
				if (JSON.stringify(after) === JSON.stringify(before)) {
					continue;
				}

				changed++;
				expect(after, `${statusOf(before)} + ${action.type}`).not.toBe(state);
			}
		}

		// Not vacuous: most actions change most states
		expect(changed).toBeGreaterThan(30);
	});

	it('gives equal results for equal inputs', () => {
		for (const state of states()) {
			for (const action of allControlActions) {
				expect(reduceControls(structuredClone(state), action)).toEqual(reduceControls(state, action));
			}
		}
	});
});
