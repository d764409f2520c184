import {describe, expect, it} from 'vitest';
import {Rng} from '../../source/engine/rng.js';
import {LossHistory, downsample} from '../../source/run/history.js';

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
