import {describe, expect, it} from 'vitest';
import {Rng} from '../../source/engine/rng.js';
import {type HistoryState, type HistoryTail, LossHistory, advanceTail, downsample} from '../../source/run/history.js';

type Epoch = {dLoss: number; gLoss: number};

function randomEpochs(seed: number, count: number): Epoch[] {
	const rng = Rng.seeded(seed);
	return Array.from({length: count}, () => ({dLoss: rng.uniform() * 3, gLoss: rng.normal() * 10 + 5}));
}

function mean(values: readonly number[]): number {
	let sum = 0;
	for (const value of values) {
		sum += value;
	}

	return sum / values.length;
}

/**
 * The history as its contract describes it, recomputed from scratch: the
 * stride is the smallest power of two for which the whole points still fit
 * below the capacity, and each point is the mean over its stride of epochs
 * (the last one over what is left).
 */
function bruteForce(epochs: readonly Epoch[], capacity: number): {d: number[]; g: number[]; stride: number} {
	let stride = 1;
	while (epochs.length >= capacity * stride) {
		stride *= 2;
	}

	const d: number[] = [];
	const g: number[] = [];
	for (let from = 0; from < epochs.length; from += stride) {
		const span = epochs.slice(from, from + stride);
		d.push(mean(span.map(epoch => epoch.dLoss)));
		g.push(mean(span.map(epoch => epoch.gLoss)));
	}

	return {d, g, stride};
}

function expectClose(actual: readonly number[], expected: readonly number[], context: string): void {
	expect(actual.length, context).toBe(expected.length);
	for (let i = 0; i < expected.length; i++) {
		const e = expected[i]!;
		const a = actual[i]!;
		expect(Math.abs(a - e), `${context} point ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(
			1e-12 * Math.max(1, Math.abs(e)),
		);
	}
}

/** The history after `epochs` (all it was given) against the brute-force computation of its contract. */
function expectMatchesBruteForce(history: LossHistory, epochs: readonly Epoch[], capacity: number): void {
	const expected = bruteForce(epochs, capacity);
	const points = history.points();
	const context = `capacity ${capacity}, ${epochs.length} epochs`;
	expect(points.stride, context).toBe(expected.stride);
	expectClose(points.d, expected.d, context);
	expectClose(points.g, expected.g, context);
	expect(points.d.length, context).toBeLessThanOrEqual(capacity + 1);
	expect(points.g.length, context).toBe(points.d.length);
	expect(history.epochs, context).toBe(epochs.length);
}

describe('LossHistory', () => {
	it('rejects capacities that are odd or below 2', () => {
		for (const capacity of [0, 1, 3, 7, -2]) {
			expect(() => new LossHistory(capacity)).toThrow(RangeError);
		}

		expect(() => new LossHistory(2)).not.toThrow();
	});

	it('starts empty', () => {
		const history = new LossHistory(8);
		expect(history.epochs).toBe(0);
		expect(history.points()).toEqual({d: [], g: [], stride: 1});
	});

	it('before the capacity fills, keeps every epoch exactly', () => {
		const epochs = randomEpochs(1, 15);
		const history = new LossHistory(16);
		for (const epoch of epochs) {
			history.add(epoch);
		}

		const points = history.points();
		expect(points.stride).toBe(1);
		expect(points.d).toEqual(epochs.map(epoch => epoch.dLoss));
		expect(points.g).toEqual(epochs.map(epoch => epoch.gLoss));
	});

	it('on filling the capacity merges neighbours and doubles the stride', () => {
		const history = new LossHistory(4);
		for (const value of [1, 3, 5, 7]) {
			history.add({dLoss: value, gLoss: -value});
		}

		expect(history.points()).toEqual({d: [2, 6], g: [-2, -6], stride: 2});
		history.add({dLoss: 10, gLoss: 20});
		// The last point covers fewer epochs than the stride: its own mean
		expect(history.points()).toEqual({d: [2, 6, 10], g: [-2, -6, 20], stride: 2});
		history.add({dLoss: 12, gLoss: 22});
		expect(history.points()).toEqual({d: [2, 6, 11], g: [-2, -6, 21], stride: 2});
	});

	it('matches a brute-force computation at every length, for several capacities', () => {
		for (const capacity of [2, 4, 6, 8, 10, 16]) {
			const epochs = randomEpochs(capacity, capacity * 100);
			const history = new LossHistory(capacity);
			for (let n = 1; n <= epochs.length; n++) {
				history.add(epochs[n - 1]!);
				expectMatchesBruteForce(history, epochs.slice(0, n), capacity);
			}
		}
	});

	it('matches a brute-force computation on long runs with larger capacities', () => {
		const rng = Rng.seeded(99);
		for (const capacity of [32, 64, 1024]) {
			const total = capacity * 100;
			const epochs = randomEpochs(capacity + 7, total);
			const checkpoints = new Set<number>([capacity - 1, capacity, capacity + 1, 2 * capacity, total]);
			for (let i = 0; i < 40; i++) {
				checkpoints.add(1 + Math.floor(rng.uniform() * total));
			}

			const history = new LossHistory(capacity);
			for (let n = 1; n <= total; n++) {
				history.add(epochs[n - 1]!);
				if (checkpoints.has(n)) {
					expectMatchesBruteForce(history, epochs.slice(0, n), capacity);
				}

				if (n % 97 === 0) {
					expect(history.points().d.length).toBeLessThanOrEqual(capacity + 1);
				}
			}
		}
	});

	it('defaults to a capacity that keeps long runs bounded', () => {
		const history = new LossHistory();
		for (let i = 0; i < 100_000; i++) {
			history.add({dLoss: i % 7, gLoss: i % 11});
		}

		expect(history.epochs).toBe(100_000);
		expect(history.points().d.length).toBeLessThanOrEqual(history.capacity + 1);
		expect(history.points().stride).toBeGreaterThan(1);
	});

	it('points() hands out copies', () => {
		const history = new LossHistory(8);
		history.add({dLoss: 1, gLoss: 2});
		const points = history.points();
		(points.d as number[])[0] = 99;
		expect(history.points().d).toEqual([1]);
	});

	it('clear() starts over as a new history', () => {
		const epochs = randomEpochs(5, 77);
		const history = new LossHistory(8);
		for (const epoch of epochs) {
			history.add(epoch);
		}

		expect(history.points().stride).toBeGreaterThan(1);
		history.clear();
		expect(history.epochs).toBe(0);
		expect(history.points()).toEqual({d: [], g: [], stride: 1});
		const fresh = new LossHistory(8);
		for (const epoch of epochs.slice(0, 21)) {
			history.add(epoch);
			fresh.add(epoch);
		}

		expect(history.points()).toEqual(fresh.points());
		expect(history.epochs).toBe(21);
	});

	it('clear() in the middle of a stride drops the partial point', () => {
		const history = new LossHistory(2);
		for (const value of [1, 2, 3]) {
			history.add({dLoss: value, gLoss: value});
		}

		history.clear();
		history.add({dLoss: 10, gLoss: 20});
		expect(history.points()).toEqual({d: [10], g: [20], stride: 1});
	});
});

function historyOf(epochs: readonly Epoch[], capacity: number): LossHistory {
	const history = new LossHistory(capacity);
	for (const epoch of epochs) {
		history.add(epoch);
	}

	return history;
}

describe('LossHistory: state and fromState (what a checkpoint carries)', () => {
	it('state() is the points, the stride and the pending sums, in exactly this shape, as copies', () => {
		const history = historyOf(
			[1, 3, 5, 7, 10].map(value => ({dLoss: value, gLoss: -value})),
			4,
		);
		const state = history.state();
		expect(Object.keys(state).sort()).toEqual(['d', 'g', 'pendingCount', 'pendingD', 'pendingG', 'stride']);
		expect(state).toEqual({d: [2, 6], g: [-2, -6], stride: 2, pendingD: 10, pendingG: -10, pendingCount: 1});
		(state.d as number[])[0] = 99;
		expect(history.state().d).toEqual([2, 6]);
	});

	it('fromState(state()) goes on exactly as the history itself, at every length (also through JSON)', () => {
		for (const capacity of [2, 4, 8, 16]) {
			const epochs = randomEpochs(capacity + 100, capacity * 12);
			const history = new LossHistory(capacity);
			for (let n = 0; n < epochs.length; n++) {
				const state = history.state();
				const copies = [
					LossHistory.fromState(state, capacity),
					LossHistory.fromState(JSON.parse(JSON.stringify(state)) as HistoryState, capacity),
				];
				for (const epoch of epochs.slice(n, n + capacity * 3)) {
					for (const copy of copies) {
						copy.add(epoch);
					}
				}

				const expected = historyOf(epochs.slice(0, n + capacity * 3), capacity).state();
				for (const copy of copies) {
					expect(copy.state(), `capacity ${capacity}, from ${n}`).toEqual(expected);
				}

				history.add(epochs[n]!);
			}
		}

		const big = historyOf(randomEpochs(3, 5000), 1024);
		expect(LossHistory.fromState(big.state()).points()).toEqual(big.points());
		expect(LossHistory.fromState(big.state()).capacity).toBe(1024);
	});

	it('fromState rejects a state no history of that capacity can be in', () => {
		const valid: HistoryState = {d: [1, 2, 3], g: [4, 5, 6], stride: 2, pendingD: 1, pendingG: 2, pendingCount: 1};
		expect(() => LossHistory.fromState(valid, 4)).not.toThrow();
		const invalid: Array<[string, Partial<Record<keyof HistoryState, unknown>>]> = [
			['unequal lengths', {g: [4, 5]}],
			['as many points as the capacity', {d: [1, 2, 3, 4], g: [1, 2, 3, 4]}],
			['a stride that is not a power of two', {stride: 3}],
			['a stride of 0', {stride: 0, pendingCount: 0}],
			['a fractional stride', {stride: 1.5, pendingCount: 0}],
			['pendingCount = stride', {pendingCount: 2}],
			['a negative pendingCount', {pendingCount: -1}],
			['a fractional pendingCount', {pendingCount: 0.5}],
			['a non-finite point', {d: [1, Number.NaN, 3]}],
			['a non-finite pending sum', {pendingG: Number.POSITIVE_INFINITY}],
			['a point that is not a number', {d: [1, '2', 3]}],
			['points that are not an array', {d: {length: 3}}],
			['a stride above 1 with fewer points than a merge leaves', {d: [1], g: [1]}],
		];
		for (const [what, change] of invalid) {
			expect(() => LossHistory.fromState({...valid, ...change} as HistoryState, 4), what).toThrow(RangeError);
		}
	});
});

describe('LossHistory: tails, and cutting back to one (rewind)', () => {
	it('advanceTail follows tail() epoch by epoch, through every merge', () => {
		for (const capacity of [2, 4, 8, 1024]) {
			const history = new LossHistory(capacity);
			let tail = history.tail();
			for (const epoch of randomEpochs(capacity, capacity * 20)) {
				history.add(epoch);
				tail = advanceTail(tail, epoch, capacity);
				if (JSON.stringify(tail) !== JSON.stringify(history.tail())) {
					expect(tail, `capacity ${capacity}, epoch ${history.epochs}`).toEqual(history.tail());
				}
			}

			expect(history.points().stride).toBeGreaterThanOrEqual(16);
		}

		expect(
			advanceTail({length: 0, stride: 1, pendingD: 0, pendingG: 0, pendingCount: 0}, {dLoss: 1, gLoss: 2}),
		).toEqual({length: 1, stride: 1, pendingD: 0, pendingG: 0, pendingCount: 0});
	});

	it('cut back with the stride unchanged since: exactly the history of a straight run there', () => {
		const rng = Rng.seeded(21);
		for (const capacity of [2, 4, 8, 16, 1024]) {
			const epochs = randomEpochs(capacity * 3, capacity * 40);
			const tails: HistoryTail[] = [];
			const history = new LossHistory(capacity);
			tails.push(history.tail());
			for (const epoch of epochs) {
				history.add(epoch);
				tails.push(history.tail());
			}

			let tried = 0;
			for (let trial = 0; trial < 60; trial++) {
				const at = Math.floor(rng.uniform() * epochs.length);
				const later = at + Math.floor(rng.uniform() * Math.min(epochs.length - at, capacity * 2));
				const cut = historyOf(epochs.slice(0, later), capacity);
				if (cut.state().stride !== tails[at]!.stride) {
					continue;
				}

				tried++;

				cut.truncateTo(tails[at]!);
				const straight = historyOf(epochs.slice(0, at), capacity);
				expect(cut.state(), `capacity ${capacity}: ${later} back to ${at}`).toEqual(straight.state());
				expect(cut.epochs).toBe(at);
				// And on from there, as the straight run goes on
				for (const epoch of epochs.slice(at, at + capacity * 2)) {
					cut.add(epoch);
					straight.add(epoch);
				}

				expect(cut.state()).toEqual(straight.state());
			}

			expect(tried, `capacity ${capacity}`).toBeGreaterThan(10);
		}
	});

	it('cut back across a merge: the straight run’s stride and sums, each point the coarser point it was merged into', () => {
		const history = historyOf(
			[1, 3, 5].map(value => ({dLoss: value, gLoss: 10 * value})),
			4,
		);
		const tail = history.tail();
		history.add({dLoss: 7, gLoss: 70}); // Merges: [2, 6] at stride 2
		history.add({dLoss: 9, gLoss: 90});
		history.truncateTo(tail);
		// A straight run has [1, 3, 5]; the last coarse point, 6, also counts the epoch after the tail's
		expect(history.state()).toEqual({
			d: [2, 2, 6],
			g: [20, 20, 60],
			stride: 1,
			pendingD: 0,
			pendingG: 0,
			pendingCount: 0,
		});
		expect(history.epochs).toBe(3);

		// With a pending epoch in the tail, and a merge within the tail's points
		const more = historyOf(
			[1, 3, 5, 7, 9].map(value => ({dLoss: value, gLoss: value})),
			4,
		);
		expect(more.state()).toEqual({d: [2, 6], g: [2, 6], stride: 2, pendingD: 9, pendingG: 9, pendingCount: 1});
		const pendingTail = more.tail();
		for (const value of [11, 13, 15]) {
			more.add({dLoss: value, gLoss: value}); // [2, 6, 10, 14] merges into [4, 12] at stride 4
		}

		more.truncateTo(pendingTail);
		// The straight run: [2, 6] and 9 pending; 2 and 6 were merged into 4
		expect(more.state()).toEqual({d: [4, 4], g: [4, 4], stride: 2, pendingD: 9, pendingG: 9, pendingCount: 1});
	});

	it('cut back across merges, random runs: the straight run’s stride and sums, the coarse values; merges back into them', () => {
		const rng = Rng.seeded(22);
		for (const capacity of [4, 8, 16, 64]) {
			const epochs = randomEpochs(capacity * 5, capacity * 64);
			let tried = 0;
			for (let trial = 0; trial < 200 && tried < 25; trial++) {
				const at = Math.floor(rng.uniform() * epochs.length);
				const later = at + Math.floor(rng.uniform() * (epochs.length - at));
				const straight = historyOf(epochs.slice(0, at), capacity);
				const before = historyOf(epochs.slice(0, later), capacity).state();
				if (before.stride === straight.state().stride) {
					continue;
				}

				tried++;
				const cut = LossHistory.fromState(before, capacity);
				cut.truncateTo(straight.tail());
				const expected = straight.state();
				const actual = cut.state();
				const context = `capacity ${capacity}: ${later} back to ${at}`;
				expect(actual.stride, context).toBe(expected.stride);
				expect(actual.d.length, context).toBe(expected.d.length);
				expect([actual.pendingD, actual.pendingG, actual.pendingCount], context).toEqual([
					expected.pendingD,
					expected.pendingG,
					expected.pendingCount,
				]);
				const coarse = before.stride / expected.stride;
				for (let i = 0; i < actual.d.length; i++) {
					const from = Math.floor(i / coarse);
					// The coarse point, or (the last, straddling the tail's end) its mean with later epochs
					const whole = (from + 1) * coarse <= actual.d.length;
					expect(from, `${context}, point ${i}: in a whole point`).toBeLessThan(before.d.length);
					expect([actual.d[i], actual.g[i]], `${context}, point ${i}`).toEqual([before.d[from], before.g[from]]);
					if (whole) {
						const mean = expected.d.slice(from * coarse, (from + 1) * coarse);
						expect(Math.abs(actual.d[i]! - mean.reduce((a, b) => a + b) / coarse)).toBeLessThan(1e-9);
					}
				}

				// Going on with the straight run's epochs to `later`, the cut history merges as the straight one does, and
				// is `before` again, bit for bit, but for the coarse point that straddled the tail's end (if one did)
				for (const epoch of epochs.slice(at, later)) {
					cut.add(epoch);
				}

				const again = cut.state();
				const straddling = expected.d.length % coarse === 0 ? -1 : Math.floor(expected.d.length / coarse);
				expect(again.stride, context).toBe(before.stride);
				expect(again.d.length, context).toBe(before.d.length);
				expect([again.pendingD, again.pendingG, again.pendingCount], context).toEqual([
					before.pendingD,
					before.pendingG,
					before.pendingCount,
				]);
				const unlike = before.d.flatMap((value, j) => (again.d[j] === value && again.g[j] === before.g[j] ? [] : [j]));
				expect(unlike, context).toEqual(straddling >= 0 && straddling < before.d.length ? [straddling] : []);
			}

			expect(tried).toBeGreaterThan(5);
		}
	});

	it('truncateTo rejects a tail of an epoch this history did not go through', () => {
		const history = historyOf(randomEpochs(1, 10), 4);
		const later = historyOf(randomEpochs(1, 11), 4).tail();
		expect(() => history.truncateTo(later)).toThrow(RangeError);
		expect(() => history.truncateTo({...history.tail(), stride: history.tail().stride * 2})).toThrow(RangeError);
		expect(() => history.truncateTo({...history.tail(), pendingCount: history.tail().stride})).toThrow(RangeError);
	});
});

describe('downsample', () => {
	it('returns an equal copy when the series fits', () => {
		const values = [3, 1, 4, 1, 5];
		for (const width of [5, 6, 100]) {
			const out = downsample(values, width);
			expect(out).toEqual(values);
			expect(out).not.toBe(values);
		}

		expect(downsample([], 3)).toEqual([]);
	});

	it('averages equal, contiguous spans covering every value once (brute force)', () => {
		const rng = Rng.seeded(7);
		for (let trial = 0; trial < 300; trial++) {
			const width = 1 + Math.floor(rng.uniform() * 40);
			const length = width + 1 + Math.floor(rng.uniform() * 500);

			// With values = their index, each output is the midpoint of its span: recover the spans from it
			const indices = Array.from({length}, (_, i) => i);
			const midpoints = downsample(indices, width);
			expect(midpoints.length).toBe(width);
			const spans: Array<[number, number]> = [];
			let from = 0;
			for (const midpoint of midpoints) {
				const to = Math.round(2 * midpoint + 1 - from);
				spans.push([from, to]);
				from = to;
			}

			expect(from, `${length} into ${width}`).toBe(length);
			const small = Math.floor(length / width);
			for (const [a, b] of spans) {
				expect(b - a).toBeGreaterThanOrEqual(small);
				expect(b - a).toBeLessThanOrEqual(Math.ceil(length / width));
			}

			// Random data: each output is exactly the mean of its span
			const values = Array.from({length}, () => rng.normal() * 100);
			const out = downsample(values, width);
			expect(out.length).toBe(width);
			for (const [column, [a, b]] of spans.entries()) {
				expect(out[column]).toBe(mean(values.slice(a, b)));
			}
		}
	});

	it('never returns more than width values', () => {
		for (let length = 0; length < 60; length++) {
			for (let width = 1; width < 25; width++) {
				const out = downsample(
					Array.from({length}, (_, i) => i * i),
					width,
				);
				expect(out.length).toBe(Math.min(length, width));
			}
		}
	});

	it('keeps a constant series constant and the overall mean when spans are equal', () => {
		expect(
			downsample(
				Array.from({length: 1000}, () => 0.25),
				37,
			).every(value => value === 0.25),
		).toBe(true);
		const values = Array.from({length: 120}, (_, i) => Math.sin(i));
		const out = downsample(values, 40);
		expect(mean(out)).toBeCloseTo(mean(values), 12);
	});
});
