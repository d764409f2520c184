/**
 * Trains toward a target, for the headless run and the dashboard alike: in
 * batches that grow while time is left, for at most about `ms` milliseconds
 * (so that the caller can hear keys, signals and timers between slices), and
 * never past the target or a divergence.
 */
import type {EpochListener, Trainer} from '../engine/trainer.js';
import type {Clock} from './clock.js';

export type Drive = {
	/** Train at most this many epochs (Infinity: as many as fit in the time). */
	readonly limit: number;
	/** Stop at this epoch (undefined: no target). */
	readonly target: number | undefined;
	/** About how long the slice may take. */
	readonly ms: number;
	/** Hears every `every`-th epoch (0: none). */
	readonly onEpoch?: EpochListener;
	readonly every?: number;
};

export type Driven = {
	readonly trained: number;
	readonly reachedTarget: boolean;
	readonly diverged: boolean;
};

/** The first batch; batches double up to `largestBatch` while the slice has time left. */
const firstBatch = 64;
/** About 6 ms of training here: well inside a slice. */
const largestBatch = 8192;

export function drive(trainer: Trainer, clock: Clock, {limit, target, ms, onEpoch, every = 1}: Drive): Driven {
	const deadline = clock.now() + ms;
	const wanted = target === undefined ? limit : Math.min(limit, target - trainer.epoch);
	let trained = 0;
	let batch = firstBatch;
	while (trained < wanted && !trainer.diverged && clock.now() < deadline) {
		const size = Math.min(batch, wanted - trained);
		const done = trainer.run(size, onEpoch, every);
		trained += done;
		if (done < size) {
			break;
		}

		batch = Math.min(batch * 2, largestBatch);
	}

	return {
		trained,
		reachedTarget: target !== undefined && trainer.epoch >= target,
		diverged: trainer.diverged !== undefined,
	};
}
