/**
 * Run control: whether the run trains on the clock, how fast, and toward
 * which epoch. One pure reducer, `{type, …}` actions (later ones carry
 * payloads: an epoch to rewind to, a learning rate). The session applies
 * each action here, then does what the new state asks of the engine.
 */

import type {Speed} from './config.js';

export type {Speed} from './config.js';

export type ControlAction =
	| {readonly type: 'toggle-pause'}
	/** Train exactly one epoch (pausing first). */
	| {readonly type: 'step'}
	/** Make one SGD update of the epoch in progress (pausing first; rewound, going on from the epoch on show). */
	| {readonly type: 'update'}
	/** Back to epoch 0 with the same seed. */
	| {readonly type: 'reset'}
	| {readonly type: 'faster'}
	| {readonly type: 'slower'}
	/** The session reached the target epoch while running. */
	| {readonly type: 'reached-target'}
	/** Training resumed at or past the target (reached by steps): it no longer applies. */
	| {readonly type: 'passed-target'}
	/** The engine reported a non-finite value. */
	| {readonly type: 'diverged'}
	/** Go back one kept epoch (pausing first). */
	| {readonly type: 'back'}
	/** To the first kept epoch (pausing first). */
	| {readonly type: 'first'}
	/** To the latest epoch (pausing first). */
	| {readonly type: 'latest'}
	/**
	 * Show a kept epoch, paused (undefined: the latest, live). The session
	 * turns back, first, latest and a step while rewound into this, having
	 * found the epoch among the kept ones.
	 */
	| {readonly type: 'view'; readonly epoch: number | undefined};

export type ControlType = ControlAction['type'];

export type Controls = {
	/** Training on the clock (false: paused, finished or diverged). */
	readonly running: boolean;
	/** Stopped at the target epoch; space trains on past it. */
	readonly finished: boolean;
	readonly diverged: boolean;
	/** Epoch at which a running session stops as "finished"; undefined once trained past it. */
	readonly target: number | undefined;
	/** The target a reset goes back to. */
	readonly initialTarget: number;
	readonly speed: Speed;
	/** Rewound: the earlier epoch on show, paused; undefined shows the latest. */
	readonly viewing: number | undefined;
};

/** The speed ladder `+` and `−` climb: epochs per second, then as fast as the machine goes. */
export const speedLadder: readonly Speed[] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 'max'];

export function initialControls(options: {
	readonly epochs: number;
	readonly speed: Speed;
	readonly running?: boolean;
}): Controls {
	const atTarget = options.epochs === 0;
	return {
		running: (options.running ?? true) && !atTarget,
		finished: atTarget,
		diverged: false,
		target: options.epochs,
		initialTarget: options.epochs,
		speed: options.speed,
		viewing: undefined,
	};
}

export function reduceControls(state: Controls, action: ControlAction): Controls {
	switch (action.type) {
		case 'toggle-pause': {
			if (state.viewing !== undefined) {
				// Resume from the epoch on show (the session has cut the run back to it)
				const target = state.target !== undefined && state.target > state.viewing ? state.target : undefined;
				return {...state, running: true, finished: false, diverged: false, viewing: undefined, target};
			}

			if (state.diverged) {
				return state;
			}

			if (state.finished) {
				// Train on past the target: it no longer applies
				return {...state, running: true, finished: false, target: undefined};
			}

			return {...state, running: !state.running};
		}

		case 'step': {
			if (state.diverged) {
				return state;
			}

			return {...state, running: false, finished: false, target: state.finished ? undefined : state.target};
		}

		case 'update': {
			if (state.viewing !== undefined) {
				// Go on from the epoch on show (the session has cut the run back to it), one update at a time
				const target = state.target !== undefined && state.target > state.viewing ? state.target : undefined;
				return {...state, running: false, finished: false, diverged: false, viewing: undefined, target};
			}

			return reduceControls(state, {type: 'step'});
		}

		case 'reset': {
			const atTarget = state.initialTarget === 0;
			return {
				...state,
				viewing: undefined,
				running: atTarget ? false : state.running || state.finished || state.diverged,
				finished: atTarget,
				diverged: false,
				target: state.initialTarget,
			};
		}

		case 'faster': {
			return {...state, speed: nextSpeed(state.speed, +1)};
		}

		case 'slower': {
			return {...state, speed: nextSpeed(state.speed, -1)};
		}

		case 'reached-target': {
			return {...state, running: false, finished: true};
		}

		case 'passed-target': {
			return {...state, finished: false, target: undefined};
		}

		case 'diverged': {
			return {...state, running: false, finished: false, diverged: true};
		}

		case 'back':
		case 'first':
		case 'latest': {
			// Only pauses: the session follows with the epoch to view
			return state.running ? {...state, running: false} : state;
		}

		case 'view': {
			return {...state, running: false, viewing: action.epoch};
		}
	}
}

/** The next rung up (+1) or down (−1) the ladder from any speed, including one between rungs. */
export function nextSpeed(speed: Speed, direction: 1 | -1): Speed {
	const value = (s: Speed): number => (s === 'max' ? Number.POSITIVE_INFINITY : s);
	const current = value(speed);
	if (direction > 0) {
		return speedLadder.find(rung => value(rung) > current) ?? 'max';
	}

	// Below the lowest rung (a --speed under 1/s) there is nowhere slower to go
	return [...speedLadder].reverse().find(rung => value(rung) < current) ?? speed;
}

export type Status = 'running' | 'paused' | 'rewound' | 'finished' | 'diverged';

export function statusOf(state: Controls): Status {
	if (state.viewing !== undefined) {
		return 'rewound';
	}

	if (state.diverged) {
		return 'diverged';
	}

	if (state.finished) {
		return 'finished';
	}

	return state.running ? 'running' : 'paused';
}
