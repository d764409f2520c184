/**
 * Trains toward a target, for the headless run and the dashboard alike: in
 * batches that grow while time is left, for at most about `ms` milliseconds
 * (so that the caller can hear keys, signals and timers between slices), and
 * never past the target or a divergence. A `Training` applies its schedule's
 * changes at their boundaries within each batch.
 */
import type {EpochListener} from '../engine/trainer.js';
import type {Clock} from './clock.js';
import type {Training} from './training.js';

/** What the driver needs of what it trains: a `Training` (or a bare `Trainer`, with no schedule). */
export type Trains = Pick<Training, 'epoch' | 'diverged' | 'run'>;

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
	/**
	 * Epochs between looks at the clock (and at `enough`): a fixed number, or
	 * (by default) batches that start small and double up to about 6 ms of training.
	 */
	readonly batch?: number;
	/** Asked after each batch: true ends the slice early (the caller has enough to do, such as output to write). */
	readonly enough?: () => boolean;
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

export function drive(
	trainer: Trains,
	clock: Pick<Clock, 'now'>,
	{limit, target, ms, onEpoch, every = 1, batch: fixed, enough = () => false}: Drive,
): Driven {
	const deadline = clock.now() + ms;
	const wanted = target === undefined ? limit : Math.min(limit, target - trainer.epoch);
	let trained = 0;
	let batch = fixed ?? firstBatch;
	while (trained < wanted && !trainer.diverged && clock.now() < deadline) {
		const size = Math.min(batch, wanted - trained);
		const done = trainer.run(size, onEpoch, every);
		trained += done;
		if (done < size) {
			break;
		}

		batch = fixed ?? Math.min(batch * 2, largestBatch);
		if (enough()) {
			break;
		}
	}

	return {
		trained,
		reachedTarget: target !== undefined && trainer.epoch >= target,
		diverged: trainer.diverged !== undefined,
	};
}
