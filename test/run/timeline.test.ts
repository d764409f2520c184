import {describe, expect, it} from 'vitest';
import {slantedFaces} from '../../source/engine/data.js';
import {Rng} from '../../source/engine/rng.js';
import {Trainer, type TrainerSnapshot} from '../../source/engine/trainer.js';
import {type HistoryState, type HistoryTail, LossHistory, advanceTail} from '../../source/run/history.js';
import {
	type Codec,
	type PackedTrainerSnapshot,
	type Recordable,
	type Replayable,
	Timeline,
	boundaryEvery,
	coarseLimit,
	maxSnapshots,
	recentEpochs,
	trainerSnapshotCodec,
} from '../../source/run/timeline.js';

/** Every number as its IEEE 754 bits: equal strings are equal bit for bit (−0, NaN included). */
function bitsOf(value: unknown): string {
	const view = new DataView(new ArrayBuffer(8));
	return JSON.stringify(value, (_key, item: unknown) => {
		if (typeof item !== 'number' || (Number.isSafeInteger(item) && !Object.is(item, -0))) {
			return item; // Safe integers print exactly (the RNG's words: the quick way)
		}

		view.setFloat64(0, item);
		return `${view.getUint32(0).toString(16)}:${view.getUint32(4).toString(16)}`;
	});
}

// A fake run: a chain of 32-bit states, one step an epoch, so that a replay
// from the wrong snapshot, or by the wrong count, gives another state.

type ChainSnapshot = {readonly epoch: number; readonly state: number};

function step(state: number, epoch: number): number {
	return (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + epoch) >>> 0;
}

class Chain implements Replayable<ChainSnapshot> {
	/** Epochs trained by every chain, replays included: what a test counts replays with. */
	static trained = 0;
	constructor(
		public epoch = 0,
		private state = 1,
	) {}

	snapshot(): ChainSnapshot {
		return {epoch: this.epoch, state: this.state};
	}

	run(epochs: number): number {
		for (let i = 0; i < epochs; i++) {
			this.state = step(this.state, this.epoch);
			this.epoch++;
		}

		Chain.trained += epochs;
		return epochs;
	}
}

const chainCodec: Codec<ChainSnapshot, ChainSnapshot> = {pack: s => s, unpack: s => s, bytes: () => 100};
const replayChain = (snapshot: ChainSnapshot): Chain => new Chain(snapshot.epoch, snapshot.state);

/** The chain's state at every epoch from 0 to `epochs`: the straight run. */
function straightChain(epochs: number): Uint32Array {
	const states = new Uint32Array(epochs + 1);
	const chain = new Chain();
	states[0] = chain.snapshot().state;
	for (let epoch = 1; epoch <= epochs; epoch++) {
		chain.run(1);
		states[epoch] = chain.snapshot().state;
	}

	return states;
}

// The real run: a trainer and its loss history, as the dashboard keeps them.

type RunSnapshot = {readonly trainer: TrainerSnapshot; readonly history: HistoryTail};
type PackedRun = {readonly trainer: PackedTrainerSnapshot; readonly history: HistoryTail};

const runCodec: Codec<RunSnapshot, PackedRun> = {
	pack: ({trainer, history}) => ({trainer: trainerSnapshotCodec.pack(trainer), history}),
	unpack: ({trainer, history}) => ({trainer: trainerSnapshotCodec.unpack(trainer), history}),
	bytes: ({trainer}) => trainerSnapshotCodec.bytes(trainer) + 100,
};

const config = {seed: 42, lr: 0.01, faces: slantedFaces};

class LiveRun implements Replayable<RunSnapshot> {
	readonly trainer = new Trainer(config);
	readonly history = new LossHistory();
	private readonly add = (stats: {dLoss: number; gLoss: number}): void => {
		this.history.add(stats);
	};

	get epoch(): number {
		return this.trainer.epoch;
	}

	snapshot(): RunSnapshot {
		return {trainer: this.trainer.snapshot(), history: this.history.tail()};
	}

	run(epochs: number): number {
		return this.trainer.run(epochs, this.add);
	}

	/** Resumes at a snapshot of this run (a rewind). */
	resume(snapshot: RunSnapshot): void {
		this.trainer.restore(snapshot.trainer);
		this.history.truncateTo(snapshot.history);
	}
}

/** A replay of a real run: the trainer restored, and the history's tail followed epoch by epoch. */
class RunReplay implements Replayable<RunSnapshot> {
	private readonly trainer: Trainer;
	private tail: HistoryTail;
	constructor(snapshot: RunSnapshot) {
		this.trainer = Trainer.fromSnapshot(snapshot.trainer);
		this.tail = snapshot.history;
	}

	get epoch(): number {
		return this.trainer.epoch;
	}

	snapshot(): RunSnapshot {
		return {trainer: this.trainer.snapshot(), history: this.tail};
	}

	run(epochs: number): number {
		return this.trainer.run(epochs, stats => {
			this.tail = advanceTail(this.tail, stats);
		});
	}
}

const replayRun = (snapshot: RunSnapshot): RunReplay => new RunReplay(snapshot);

/**
 * Trains the live run to `epochs` in slices of random sizes (1 to `largest`),
 * each stopped at the timeline's next boundary as the contract asks, and
 * records it after each; `afterRecord` hears each record.
 */
function trainInSlices<S>(
	live: Replayable<S>,
	timeline: Timeline<S, any>,
	epochs: number,
	rng: Rng,
	largest: number,
	afterRecord?: () => void,
): void {
	while (live.epoch < epochs) {
		const size = 1 + Math.floor(rng.uniform() * largest);
		live.run(Math.min(size, epochs - live.epoch, timeline.nextBoundary(live.epoch) - live.epoch));
		timeline.record(live);
		afterRecord?.();
	}
}

/** Every reachable epoch, latest first, as `←` walks them. */
function walkBack(timeline: Timeline<any, any>): number[] {
	const epochs = [timeline.latest];
	for (let epoch = timeline.previous(timeline.latest); epoch !== undefined; epoch = timeline.previous(epoch)) {
		expect(epoch).toBeLessThan(epochs.at(-1)!);
		epochs.push(epoch);
	}

	return epochs;
}

/** The 1%-of-the-run rule for the epochs before the recent ones, and the recent ones one by one. */
function expectReachableEpochs(timeline: Timeline<any, any>): number[] {
	const {latest, first} = timeline;
	const walked = walkBack(timeline);
	expect(walked.at(-1)).toBe(first);
	const recentFrom = Math.max(first, latest - recentEpochs);
	for (let i = 0; i + 1 < walked.length; i++) {
		const [later, earlier] = [walked[i]!, walked[i + 1]!];
		if (later > recentFrom) {
			expect(earlier, `after ${later}`).toBe(later - 1);
		} else {
			expect(later - earlier, `from ${earlier} to ${later} of ${latest}`).toBeLessThanOrEqual(latest / 100);
		}
	}

	return walked;
}

/**
 * The live history after a rewind to `tail` and training on to `epochs`: a
 * straight run's, exactly if the stride had not changed between the two;
 * else with each point before the tail's end the value of the coarser point
 * of `before` (the history at the rewind) that contained it.
 */
function expectHistoryAfterResume(history: LossHistory, before: HistoryState, tail: HistoryTail, epochs: number): void {
	const straight = new LiveRun();
	straight.run(epochs);
	const expected = straight.history.state();
	if (tail.stride === before.stride) {
		expect(bitsOf(history.state())).toBe(bitsOf(expected));
		return;
	}

	const actual = history.state();
	expect(actual.stride).toBe(expected.stride);
	expect(actual.d.length).toBe(expected.d.length);
	expect(bitsOf([actual.pendingD, actual.pendingG, actual.pendingCount])).toBe(
		bitsOf([expected.pendingD, expected.pendingG, expected.pendingCount]),
	);
	expect(actual.stride).toBeLessThan(before.stride); // What this check covers
	const rewound = (tail.length * tail.stride) / actual.stride; // Points before the tail's end, at the present stride
	const coarse = before.stride / actual.stride; // Of them in a point of `before`
	for (let i = 0; i < actual.d.length; i++) {
		if (i >= rewound) {
			expect(actual.d[i], `point ${i}`).toBe(expected.d[i]);
		} else if (Math.floor(i / coarse + 1) * coarse <= rewound) {
			expect(actual.d[i], `point ${i}`).toBe(before.d[Math.floor(i / coarse)]);
		}
	}
}

/** isReachable, next and previous of every epoch (and a few outside) against the walk of `←` from the latest. */
function expectNavigationAgrees(timeline: Timeline<any, any>): void {
	const walked = expectReachableEpochs(timeline).toReversed();
	const reachable = new Set(walked);
	let index = 0; // Of the first walked epoch > epoch
	for (let epoch = timeline.first - 3; epoch <= timeline.latest + 3; epoch++) {
		while (index < walked.length && walked[index]! <= epoch) {
			index++;
		}

		const expected = [reachable.has(epoch), walked[index], walked[(reachable.has(epoch) ? index - 1 : index) - 1]];
		const actual = [timeline.isReachable(epoch), timeline.next(epoch), timeline.previous(epoch)];
		// One expect for a mismatch only: three an epoch take 20 s
		if (actual.some((value, i) => value !== expected[i])) {
			expect(actual, `isReachable, next, previous of ${epoch} of ${timeline.latest}`).toEqual(expected);
		}
	}
}

describe('Timeline: its bounds', () => {
	it('keeps at most 1 + 200 + 2 snapshots', () => {
		expect(recentEpochs).toBe(1000);
		expect(coarseLimit).toBe(200);
		expect(boundaryEvery).toBe(1024);
		expect(maxSnapshots).toBe(203);
	});

	it('stays within them at every record of 20M epochs in random slices, ever thinning', () => {
		const rng = Rng.seeded(3);
		const live = new Chain();
		const timeline = new Timeline(live, chainCodec);
		let most = 0;
		trainInSlices(live, timeline, 20_000_000, rng, 9000, () => {
			most = Math.max(most, timeline.count);
			if (timeline.count > maxSnapshots) {
				expect.fail(`${timeline.count} snapshots at epoch ${live.epoch}`);
			}
		});
		// Near the bound at its worst, not far below: the coarse ones do fill up before they thin
		expect(most).toBeGreaterThan(maxSnapshots - 5);
		expect(timeline.bytes).toBe(timeline.count * 100);
		expectReachableEpochs(timeline);
	});

	it('after 1,000,000 real epochs in random slices: ≤ 203 snapshots, ≤ 0.67 MB by the estimate', () => {
		const rng = Rng.seeded(11);
		const live = new LiveRun();
		const timeline = new Timeline(live, runCodec);
		trainInSlices(live, timeline, 1_000_000, rng, 6000);
		expect(timeline.count).toBeLessThanOrEqual(maxSnapshots);
		expect(timeline.bytes).toBeLessThanOrEqual(670_000);
		expect(maxSnapshots * runCodec.bytes(runCodec.pack(live.snapshot()))).toBeLessThanOrEqual(670_000);
		// A packed snapshot holds its RNG words as 624 × 4 bytes
		expect(timeline.bytes / timeline.count).toBeGreaterThan(2496);
	});
});

describe('Timeline: reaching epochs exactly', () => {
	it('reaches every epoch of the last 1000, bit for bit as a straight run (parameters, RNG, last stats, history tail)', () => {
		const rng = Rng.seeded(5);
		for (const [epochs, largest] of [
			[0, 1],
			[1, 1],
			[999, 7],
			[2100, 300],
			[54_321, 5000],
		] as const) {
			const live = new LiveRun();
			const timeline = new Timeline(live, runCodec);
			trainInSlices(live, timeline, epochs, rng, largest);
			expect(timeline.latest).toBe(epochs);

			const from = Math.max(0, epochs - recentEpochs);
			const straight = new LiveRun();
			straight.run(from);
			for (let epoch = from; epoch <= epochs; epoch++) {
				if (epoch > from) {
					straight.run(1);
				}

				expect(timeline.isReachable(epoch)).toBe(true);
				expect(bitsOf(timeline.at(epoch, replayRun)), `epoch ${epoch} of ${epochs}`).toBe(bitsOf(straight.snapshot()));
			}

			expect(timeline.isReachable(epochs + 1)).toBe(false);
		}
	});

	it('reaches the older epochs ←/→ move to exactly too, and each is 1% of the run or less from the next', () => {
		const rng = Rng.seeded(6);
		const live = new LiveRun();
		const timeline = new Timeline(live, runCodec);
		trainInSlices(live, timeline, 300_000, rng, 4096);
		const older = expectReachableEpochs(timeline).filter(epoch => epoch < timeline.latest - recentEpochs);
		expect(older.length).toBeGreaterThan(100);

		// The straight run visits them in order
		const straight = new LiveRun();
		for (const epoch of older.toReversed()) {
			straight.run(epoch - straight.epoch);
			expect(bitsOf(timeline.at(epoch, replayRun)), `epoch ${epoch}`).toBe(bitsOf(straight.snapshot()));
		}
	});

	it('←/→, isReachable and the walk agree on every epoch (fake runs of many lengths)', () => {
		const rng = Rng.seeded(7);
		// 208,872: the dense snapshots start at an odd multiple of 1024, between two coarse steps of 2048
		for (const epochs of [0, 5, 1000, 1001, 1024, 2047, 2048, 3025, 25_000, 207_848, 208_872, 333_333, 1_234_567]) {
			const live = new Chain();
			const timeline = new Timeline(live, chainCodec);
			trainInSlices(live, timeline, epochs, rng, 3000);
			expectNavigationAgrees(timeline);
		}
	});

	it('replays fewer than 1024 epochs for any reachable epoch, and none for the older ones once they are 1024 apart', () => {
		const rng = Rng.seeded(8);
		const states = straightChain(2_000_000);
		for (const epochs of [3000, 150_000, 2_000_000]) {
			const live = new Chain();
			const timeline = new Timeline(live, chainCodec);
			trainInSlices(live, timeline, epochs, rng, 8192);
			const walked = walkBack(timeline);
			const coarse = walked.length > 1 ? walked[walked.length - 2]! - walked.at(-1)! : 0;
			for (const epoch of walked) {
				const before = Chain.trained;
				const count = timeline.count;
				expect(timeline.at(epoch, replayChain)).toEqual({epoch, state: states[epoch]});
				const replayed = Chain.trained - before;
				expect(replayed).toBeLessThan(boundaryEvery);
				if (epoch < epochs - recentEpochs - boundaryEvery && coarse >= boundaryEvery) {
					expect(replayed, `epoch ${epoch}`).toBe(0);
				}

				expect(timeline.count, 'a replay without a rewind keeps nothing new').toBe(count);
			}
		}
	});

	it('starts where the run is (a resumed checkpoint): first, and nothing before it', () => {
		const rng = Rng.seeded(9);
		const states = straightChain(60_000);
		const live = new Chain();
		live.run(12_345);
		const timeline = new Timeline(live, chainCodec);
		expect([timeline.first, timeline.latest, timeline.count]).toEqual([12_345, 12_345, 1]);
		expect(timeline.previous(12_345)).toBeUndefined();
		expect(timeline.next(0)).toBe(12_345);
		expect(() => timeline.at(12_344, replayChain)).toThrow(RangeError);
		trainInSlices(live, timeline, 60_000, rng, 2000);
		expectNavigationAgrees(timeline);
		expect(timeline.isReachable(12_345)).toBe(true);
		const walked = expectReachableEpochs(timeline);
		expect(walked.at(-1)).toBe(12_345);
		for (const epoch of walked) {
			expect(timeline.at(epoch, replayChain)).toEqual({epoch, state: states[epoch]});
		}
	});

	it('throws if the replay is not of the recorded run', () => {
		const live = new Chain();
		const timeline = new Timeline(live, chainCodec);
		live.run(500);
		timeline.record(live);
		const stalling = (snapshot: ChainSnapshot): Replayable<ChainSnapshot> => ({
			epoch: snapshot.epoch,
			snapshot: () => snapshot,
			run: () => 0, // A run that diverged at once
		});
		expect(() => timeline.at(300, stalling)).toThrow(/stopped at epoch 0 on its way to 300/);
	});
});

describe('Timeline: recording', () => {
	it('takes a snapshot at boundaries only, once each: a record between them costs nothing', () => {
		const live = new Chain();
		let snapshots = 0;
		const counted: Recordable<ChainSnapshot> = {
			get epoch() {
				return live.epoch;
			},
			snapshot() {
				snapshots++;
				return live.snapshot();
			},
		};
		const timeline = new Timeline(counted, chainCodec);
		expect(snapshots).toBe(1);
		for (const size of [3, 500, 521, 0, 1024, 1, 1023, 0]) {
			live.run(size);
			timeline.record(counted);
		}

		// At the start, 1024, 2048 and 3072 (1024 and 3072 recorded twice)
		expect(live.epoch).toBe(3072);
		expect(snapshots).toBe(4);
		expect(timeline.count).toBe(4);
		expect(timeline.nextBoundary(3072)).toBe(4096);
		expect(timeline.nextBoundary(3071)).toBe(3072);
	});

	it('throws a RangeError if the run skipped a boundary or went back unannounced', () => {
		const live = new Chain();
		const timeline = new Timeline(live, chainCodec);
		live.run(1024);
		timeline.record(live);
		live.run(1025);
		expect(() => timeline.record(live)).toThrow(/without being recorded at 2048/);

		const back = new Chain();
		const other = new Timeline(back, chainCodec);
		back.run(700);
		other.record(back);
		expect(() => other.record(new Chain(600))).toThrow(/truncateAfter\(600\)/);
		expect(other.latest).toBe(700);
	});
});

describe('Timeline: truncateAfter (resume from a past epoch)', () => {
	it('drops what came later: the latest epoch is the resumed one', () => {
		const live = new Chain();
		const timeline = new Timeline(live, chainCodec);
		trainInSlices(live, timeline, 10_000, Rng.seeded(1), 700);
		const count = timeline.count;
		timeline.truncateAfter(8000);
		expect(timeline.latest).toBe(8000);
		expect(timeline.count).toBeLessThan(count);
		expect(timeline.isReachable(8001)).toBe(false);
		expect(timeline.next(8000)).toBeUndefined();
		expect(() => timeline.at(8001, replayChain)).toThrow(RangeError);
		expect(() => timeline.truncateAfter(8001)).toThrow(RangeError);
		expect(() => timeline.truncateAfter(-1)).toThrow(RangeError);
	});

	it('records on after a resume as a straight run would: exact, within the bounds, 1% apart', () => {
		const rng = Rng.seeded(12);
		for (const [to, back, on] of [
			[3000, 2990, 5000],
			[100_000, 99_500, 120_000],
			[400_000, 150_003, 180_000],
			[50_000, 0, 3000],
		] as const) {
			const live = new LiveRun();
			const timeline = new Timeline(live, runCodec);
			trainInSlices(live, timeline, to, rng, 5000);
			// ← to the epoch (it must be one ← reaches), then space
			const resumeAt = timeline.isReachable(back) ? back : timeline.previous(back)!;
			const snapshot = timeline.at(resumeAt, replayRun);
			const stridesBefore = live.history.state();
			timeline.truncateAfter(resumeAt);
			live.resume(snapshot);
			timeline.record(live);
			trainInSlices(live, timeline, on, rng, 5000, () => {
				expect(timeline.count).toBeLessThanOrEqual(maxSnapshots);
			});

			const straight = new LiveRun();
			straight.run(on - recentEpochs);
			const context = `${to} back to ${resumeAt} then on to ${on}`;
			expectHistoryAfterResume(live.history, stridesBefore, snapshot.history, on);
			// Every 5th epoch of the last 1000 (every one is the first test's), and the latest
			for (let epoch = on - recentEpochs + Math.floor(rng.uniform() * 5); epoch <= on; epoch += 5) {
				straight.run(epoch - straight.epoch);
				const {trainer} = timeline.at(epoch, replayRun);
				expect(bitsOf(trainer), `${context}: epoch ${epoch}`).toBe(bitsOf(straight.trainer.snapshot()));
			}

			straight.run(on - straight.epoch);
			expect(bitsOf(timeline.at(on, replayRun).trainer)).toBe(bitsOf(straight.trainer.snapshot()));
			expect(bitsOf(live.trainer.snapshot())).toBe(bitsOf(straight.trainer.snapshot()));
			const walked = expectReachableEpochs(timeline);
			const check = new LiveRun();
			for (const epoch of walked.toReversed().filter((_, i) => i % 7 === 0)) {
				check.run(epoch - check.epoch);
				expect(bitsOf(timeline.at(epoch, replayRun).trainer), `${context}: epoch ${epoch}`).toBe(
					bitsOf(check.trainer.snapshot()),
				);
			}
		}
	});

	it('after a deep rewind, replays a stretch thinned away once, then keeps what it passed: the next visit is short', () => {
		const rng = Rng.seeded(13);
		const states = straightChain(2_000_000);
		const live = new Chain();
		const timeline = new Timeline(live, chainCodec);
		trainInSlices(live, timeline, 2_000_000, rng, 8192);
		// Snapshots every 16384 epochs back there: the dense ones of epoch 1,000,000 were thinned away long ago
		timeline.truncateAfter(1_000_000);
		const walks: number[][] = [];
		const walked = walkBack(timeline);
		for (let walk = 0; walk < 2; walk++) {
			const replays: number[] = [];
			for (const epoch of walked) {
				const before = Chain.trained;
				expect(timeline.at(epoch, replayChain)).toEqual({epoch, state: states[epoch]});
				replays.push(Chain.trained - before);
				expect(timeline.count).toBeLessThanOrEqual(maxSnapshots);
			}

			walks.push(replays);
		}

		const [first, second] = walks as [number[], number[]];
		expect(Math.max(...first)).toBeGreaterThan(10_000);
		expect(Math.max(...first)).toBeLessThanOrEqual(16_384);
		expect(Math.max(...second)).toBeLessThan(boundaryEvery);
		// The older ones, 8192 apart now, are all kept
		const older = walked.flatMap((epoch, i) => (epoch < 1_000_000 - recentEpochs - boundaryEvery ? [second[i]] : []));
		expect(older.length).toBeGreaterThan(100);
		expect(older.every(replayed => replayed === 0)).toBe(true);
	});
});

describe('trainerSnapshotCodec', () => {
	it('packs the RNG words into a Uint32Array and unpacks the snapshot bit for bit', () => {
		const trainer = new Trainer(config);
		for (const epochs of [0, 1, 62, 1000]) {
			trainer.run(epochs);
			const snapshot = trainer.snapshot();
			const packed = trainerSnapshotCodec.pack(snapshot);
			expect(packed.rng.key).toBeInstanceOf(Uint32Array);
			expect(packed.rng.key.length).toBe(624);
			expect(trainerSnapshotCodec.bytes(packed)).toBeGreaterThan(624 * 4);
			const unpacked = trainerSnapshotCodec.unpack(packed);
			expect(Array.isArray(unpacked.rng.key)).toBe(true);
			expect(bitsOf(unpacked)).toBe(bitsOf(snapshot));
			expect(bitsOf(Trainer.fromSnapshot(unpacked).snapshot())).toBe(bitsOf(snapshot));
		}
	});
});
