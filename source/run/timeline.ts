/**
 * The rewind history of a run: a bounded store of snapshots, and exact
 * replay between them. Training is deterministic, so any epoch E is reached
 * exactly by restoring the nearest kept snapshot at or before E and training
 * on to E; the store only decides which snapshots to keep.
 *
 * What it keeps, with L the latest epoch recorded and `first` the epoch the
 * timeline started at (0 for a new run):
 * - dense: every boundary (multiple of `boundaryEvery`, 1024 epochs) from the
 *   last one at or before L − 1000 on, so that every epoch of the last 1000 is
 *   reached by replaying fewer than 1024 epochs (about 1 ms with the restore);
 * - coarse, before that: `first`, and the multiples of max(C, 1024), where the
 *   coarse step C is the smallest power of two that divides the older part of
 *   the run into at most `coarseLimit` (200) steps. C is then at most 1% of the
 *   run, and when the run outgrows 200 steps C doubles and every other coarse
 *   snapshot goes.
 *
 * Memory: at most `maxSnapshots` (203) snapshots, whatever the run's length:
 * `first`, 200 coarse, 2 dense. A trainer's snapshot packed by
 * `trainerSnapshotCodec` holds about 3.2 KB (its 624 RNG words in a
 * Uint32Array, 2.5 KB), so at most about 0.65 MB in all: `npm run bench`
 * measures 650 KB for 202 snapshots, with the dashboard's loss history tail.
 *
 * The RNG's words are not shared between snapshots: MT19937 renews all 624 of
 * them every 312 uniforms, 62 epochs of the slanted faces, and no two kept
 * snapshots are closer than 1024 epochs.
 */
import type {TrainerSnapshot} from '../engine/trainer.js';
import type {RngState} from '../engine/rng.js';

/** A run the timeline records: its completed epochs, and a snapshot of it now. */
export interface Recordable<S> {
	readonly epoch: number;
	snapshot(): S;
}

/** A run restored from a snapshot, to train on from there. */
export interface Replayable<S> extends Recordable<S> {
	/** Trains up to `epochs` epochs and returns how many it trained (fewer only if the run diverged). */
	run(epochs: number): number;
}

/** How snapshots are stored: packed smaller, unpacked bit for bit as they were. */
export type Codec<S, P> = {
	pack(snapshot: S): P;
	unpack(packed: P): S;
	/** An estimate of the memory a packed snapshot holds. */
	bytes(packed: P): number;
};

/** Every epoch of this many before the latest is reachable, one by one. */
export const recentEpochs = 1000;
/** Dense snapshots are this far apart: the longest replay in the recent epochs is one less. A power of two. */
export const boundaryEvery = 1024;
/** Coarse snapshots before the recent epochs: at most this many steps of at most 1% of the run each. */
export const coarseLimit = 200;
/** `first`, the coarse ones, and the boundaries in the recent epochs and just before them. */
export const maxSnapshots = 1 + coarseLimit + Math.floor((recentEpochs + boundaryEvery - 1) / boundaryEvery) + 1;

type Kept<P> = {readonly epoch: number; readonly packed: P};

export class Timeline<S, P = S> {
	private readonly kept: Array<Kept<P>> = [];
	private readonly origin: number;
	private last: number;
	/** The start of the dense snapshots at the last thinning. */
	private thinnedFor = Number.NaN;

	/** Starts at the run's present epoch (`first`): record the run before training it. */
	constructor(
		run: Recordable<S>,
		private readonly codec: Codec<S, P>,
	) {
		this.origin = run.epoch;
		this.last = run.epoch;
		this.kept.push({epoch: run.epoch, packed: codec.pack(run.snapshot())});
	}

	/** The oldest epoch that can be reached: where the timeline started. */
	get first(): number {
		return this.origin;
	}

	/** The latest epoch recorded. */
	get latest(): number {
		return this.last;
	}

	/** Snapshots kept: at most `maxSnapshots`. */
	get count(): number {
		return this.kept.length;
	}

	/** An estimate of the memory the kept snapshots hold, by the codec's measure. */
	get bytes(): number {
		let bytes = 0;
		for (const {packed} of this.kept) {
			bytes += this.codec.bytes(packed);
		}

		return bytes;
	}

	/**
	 * The next epoch after `epoch` at which the run must stop and be recorded:
	 * the live run, at `epoch`, trains at most `nextBoundary(epoch) − epoch`
	 * epochs before the next `record`. (At the latest epoch; slices may stop
	 * anywhere before it too.)
	 */
	nextBoundary(epoch: number): number {
		return (Math.floor(epoch / boundaryEvery) + 1) * boundaryEvery;
	}

	/**
	 * Call after each slice the live run trains (and at any other time: a
	 * record between boundaries costs nothing). The run must have trained on
	 * from the latest epoch without passing `nextBoundary(latest)`, else this
	 * throws a RangeError; to go back, `truncateAfter` first.
	 */
	record(run: Recordable<S>): void {
		const {epoch} = run;
		if (!Number.isInteger(epoch) || epoch < this.last) {
			throw new RangeError(
				`the run is at epoch ${epoch}, before the latest recorded (${this.last}): truncateAfter(${epoch}) first`,
			);
		}

		const boundary = this.nextBoundary(this.last);
		if (epoch > boundary) {
			throw new RangeError(
				`the run went from epoch ${this.last} to ${epoch} without being recorded at ${boundary}: ` +
					'slices must stop at nextBoundary()',
			);
		}

		this.last = epoch;
		if (epoch % boundaryEvery === 0 && this.kept.at(-1)!.epoch !== epoch) {
			this.kept.push({epoch, packed: this.codec.pack(run.snapshot())});
		}

		this.thin();
	}

	/** Whether `at` reaches `epoch`: every one from the start of the dense snapshots on, and the coarse steps before. */
	isReachable(epoch: number): boolean {
		return (
			Number.isInteger(epoch) &&
			epoch >= this.origin &&
			epoch <= this.last &&
			(epoch >= this.denseFrom() || epoch === this.origin || epoch % this.coarseStep() === 0)
		);
	}

	/** The reachable epoch before `epoch` (where `←` goes from there), or undefined at the first. */
	previous(epoch: number): number | undefined {
		if (epoch > this.last) {
			return this.last;
		}

		if (epoch <= this.origin) {
			return undefined;
		}

		if (epoch > this.denseFrom()) {
			return Math.ceil(epoch) - 1;
		}

		const step = this.coarseStep();
		const before = (Math.ceil(epoch / step) - 1) * step;
		return Math.max(before, this.origin);
	}

	/** The reachable epoch after `epoch` (where `→` goes from there), or undefined at the latest. */
	next(epoch: number): number | undefined {
		if (epoch >= this.last) {
			return undefined;
		}

		if (epoch < this.origin) {
			return this.origin;
		}

		const denseFrom = this.denseFrom();
		if (epoch >= denseFrom) {
			return Math.floor(epoch) + 1;
		}

		const step = this.coarseStep();
		return Math.min((Math.floor(epoch / step) + 1) * step, denseFrom);
	}

	/**
	 * The run's snapshot at exactly `epoch` (any whole epoch from `first` to
	 * `latest`): the kept one, or one made by replaying from the nearest kept
	 * snapshot before it with `replayFrom`, which must restore a run of the
	 * recorded one. A replay that passes epochs the store keeps but lacks (a
	 * run cut back by `truncateAfter` lost some) keeps them on the way, so the
	 * long replay happens once.
	 */
	at(epoch: number, replayFrom: (snapshot: S) => Replayable<S>): S {
		if (!Number.isInteger(epoch) || epoch < this.origin || epoch > this.last) {
			throw new RangeError(`epoch ${epoch} is not in the timeline's ${this.origin} … ${this.last}`);
		}

		const index = this.lastKeptAtOrBefore(epoch);
		const from = this.kept[index]!;
		const snapshot = this.codec.unpack(from.packed);
		if (from.epoch === epoch) {
			return snapshot;
		}

		const replay = replayFrom(snapshot);
		const denseFrom = this.denseFrom();
		const step = Math.max(this.coarseStep(), boundaryEvery);
		let insertAt = index + 1;
		for (let boundary = this.nextBoundary(from.epoch); boundary <= epoch; boundary += boundaryEvery) {
			replayTo(replay, boundary, epoch);
			if (boundary >= denseFrom || boundary % step === 0) {
				this.kept.splice(insertAt++, 0, {epoch: boundary, packed: this.codec.pack(replay.snapshot())});
			}
		}

		replayTo(replay, epoch, epoch);
		return replay.snapshot();
	}

	/** For a resume at `epoch`: drops what was recorded after it, which becomes the latest epoch. */
	truncateAfter(epoch: number): void {
		if (!Number.isInteger(epoch) || epoch < this.origin || epoch > this.last) {
			throw new RangeError(`epoch ${epoch} is not in the timeline's ${this.origin} … ${this.last}`);
		}

		this.kept.length = this.lastKeptAtOrBefore(epoch) + 1;
		this.last = epoch;
	}

	/** The first epoch of the dense snapshots: the last boundary at or before latest − 1000 (or `first`). */
	private denseFrom(): number {
		const boundary = Math.floor((this.last - recentEpochs) / boundaryEvery) * boundaryEvery;
		return Math.max(boundary, this.origin);
	}

	/** The smallest power of two that divides the epochs from `first` to the dense ones into ≤ `coarseLimit` steps. */
	private coarseStep(): number {
		const older = this.denseFrom() - this.origin;
		let step = 1;
		while (older > coarseLimit * step) {
			step *= 2;
		}

		return step;
	}

	/** Drops the older boundaries no longer kept: off the coarse step once the dense ones move on or the step doubles. */
	private thin(): void {
		const denseFrom = this.denseFrom();
		if (denseFrom === this.thinnedFor) {
			return; // The step is a function of denseFrom: nothing changed
		}

		this.thinnedFor = denseFrom;
		const step = Math.max(this.coarseStep(), boundaryEvery);
		let to = 1;
		for (let i = 1; i < this.kept.length; i++) {
			const snapshot = this.kept[i]!;
			if (snapshot.epoch >= denseFrom || snapshot.epoch % step === 0) {
				this.kept[to++] = snapshot;
			}
		}

		this.kept.length = to;
	}

	/** The index of the last kept snapshot at or before `epoch` (`first`'s is 0, and `epoch` ≥ `first`). */
	private lastKeptAtOrBefore(epoch: number): number {
		let low = 0;
		let high = this.kept.length - 1;
		while (low < high) {
			const middle = Math.ceil((low + high) / 2);
			if (this.kept[middle]!.epoch <= epoch) {
				low = middle;
			} else {
				high = middle - 1;
			}
		}

		return low;
	}
}

function replayTo<S>(replay: Replayable<S>, epoch: number, wanted: number): void {
	const missing = epoch - replay.epoch;
	if (replay.run(missing) !== missing || replay.epoch !== epoch) {
		throw new Error(
			`the replay stopped at epoch ${replay.epoch} on its way to ${wanted}, which the recorded run reached: ` +
				'it is not a replay of that run',
		);
	}
}

/**
 * A trainer's snapshot with its 624 RNG words in a Uint32Array: 2.7 KB, where
 * the snapshot's array of numbers holds 7.7 KB (the words of 2³⁰ and more are
 * each a heap number), measured with Node 20.
 */
export type PackedTrainerSnapshot = Omit<TrainerSnapshot, 'rng'> & {
	readonly rng: Omit<RngState, 'key'> & {readonly key: Uint32Array};
};

/**
 * About what a packed trainer snapshot holds besides the RNG's words: its
 * objects, the parameters' arrays, the stats (the configuration is shared).
 * Set from `npm run bench`'s measure of the heap a timeline retains.
 */
const trainerSnapshotOverhead = 700;

export const trainerSnapshotCodec: Codec<TrainerSnapshot, PackedTrainerSnapshot> = {
	// Loops, not new Uint32Array(key) or Array.from(key): 1.6 µs, not 4.5 and 15
	pack(snapshot) {
		const {key} = snapshot.rng;
		const words = new Uint32Array(key.length);
		for (let i = 0; i < key.length; i++) {
			words[i] = key[i]!;
		}

		return {...snapshot, rng: {...snapshot.rng, key: words}};
	},
	unpack(packed) {
		const {key} = packed.rng;
		const words = new Array<number>(key.length);
		for (let i = 0; i < key.length; i++) {
			words[i] = key[i]!;
		}

		return {...packed, rng: {...packed.rng, key: words}};
	},
	bytes: packed => packed.rng.key.byteLength + trainerSnapshotOverhead,
};
