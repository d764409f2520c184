/**
 * The loss history of a whole run in bounded memory. Points are means over
 * `stride` consecutive epochs; when the buffer fills, neighbouring points
 * merge and the stride doubles, so a run of any length keeps at most
 * `capacity` points spread over all of it.
 */
import type {EpochStats} from '../engine/trainer.js';

export type HistoryPoints = {
	/** Mean D loss per point, oldest first (the last may cover fewer epochs). */
	readonly d: readonly number[];
	readonly g: readonly number[];
	/** Epochs per point. */
	readonly stride: number;
};

/**
 * The whole history as plain values, what a checkpoint carries: the whole
 * points (`d.length` of them, each the mean of `stride` epochs) and the sums
 * of the epochs after them, not yet a point.
 */
export type HistoryState = {
	readonly d: readonly number[];
	readonly g: readonly number[];
	readonly stride: number;
	readonly pendingD: number;
	readonly pendingG: number;
	readonly pendingCount: number;
};

/**
 * Where the history stood at one epoch, without its points: what a rewind
 * snapshot carries (five numbers, not the 2 × 1024 points) to cut the history
 * back there later (`truncateTo`). `advanceTail` follows it epoch by epoch
 * as `add` moves the history itself.
 */
export type HistoryTail = {
	/** Whole points. */
	readonly length: number;
	readonly stride: number;
	readonly pendingD: number;
	readonly pendingG: number;
	readonly pendingCount: number;
};

export const defaultCapacity = 1024;

/** The tail of a history of `capacity` points after one more epoch: `add` without the points. */
export function advanceTail(
	tail: HistoryTail,
	stats: Pick<EpochStats, 'dLoss' | 'gLoss'>,
	capacity = defaultCapacity,
): HistoryTail {
	const pendingCount = tail.pendingCount + 1;
	if (pendingCount < tail.stride) {
		return {...tail, pendingD: tail.pendingD + stats.dLoss, pendingG: tail.pendingG + stats.gLoss, pendingCount};
	}

	const length = tail.length + 1;
	return length === capacity
		? {length: length / 2, stride: tail.stride * 2, pendingD: 0, pendingG: 0, pendingCount: 0}
		: {length, stride: tail.stride, pendingD: 0, pendingG: 0, pendingCount: 0};
}

export class LossHistory {
	/** A history as `state()` gave it; throws a RangeError if no history of this capacity can be in that state. */
	static fromState(state: HistoryState, capacity = defaultCapacity): LossHistory {
		const history = new LossHistory(capacity);
		const {d, g, stride, pendingD, pendingG, pendingCount} = state;
		const whole = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
		const finite = (values: readonly unknown[]): boolean =>
			values.every(value => typeof value === 'number' && Number.isFinite(value));
		if (
			!Array.isArray(d) ||
			!Array.isArray(g) ||
			d.length !== g.length ||
			d.length >= capacity ||
			!finite([...d, ...g, pendingD, pendingG]) ||
			!(whole(stride) && stride >= 1 && (stride & (stride - 1)) === 0) ||
			!(whole(pendingCount) && pendingCount < stride) ||
			// The stride doubles only as the points fill the capacity, leaving half of it
			(stride > 1 && d.length < capacity / 2)
		) {
			throw new RangeError(
				`not the state of a loss history of ${capacity} points: d and g of equal length below it, ` +
					'a stride that is a power of two (above 1 only with at least half the points), 0 ≤ pendingCount < stride',
			);
		}

		history.d.set(d);
		history.g.set(g);
		history.length = d.length;
		history.stride = stride;
		history.pendingD = pendingD;
		history.pendingG = pendingG;
		history.pendingCount = pendingCount;
		return history;
	}

	private readonly d: Float64Array;
	private readonly g: Float64Array;
	private length = 0;
	private stride = 1;
	private pendingD = 0;
	private pendingG = 0;
	private pendingCount = 0;

	constructor(readonly capacity = defaultCapacity) {
		if (capacity < 2 || capacity % 2 !== 0) {
			throw new RangeError('capacity must be an even number ≥ 2');
		}

		this.d = new Float64Array(capacity);
		this.g = new Float64Array(capacity);
	}

	get epochs(): number {
		return this.length * this.stride + this.pendingCount;
	}

	add(stats: Pick<EpochStats, 'dLoss' | 'gLoss'>): void {
		this.pendingD += stats.dLoss;
		this.pendingG += stats.gLoss;
		this.pendingCount++;
		if (this.pendingCount < this.stride) {
			return;
		}

		this.d[this.length] = this.pendingD / this.pendingCount;
		this.g[this.length] = this.pendingG / this.pendingCount;
		this.length++;
		this.pendingD = 0;
		this.pendingG = 0;
		this.pendingCount = 0;
		if (this.length === this.capacity) {
			this.compact();
		}
	}

	clear(): void {
		this.length = 0;
		this.stride = 1;
		this.pendingD = 0;
		this.pendingG = 0;
		this.pendingCount = 0;
	}

	/** The whole history as plain values (copies): `LossHistory.fromState` makes it again. */
	state(): HistoryState {
		return {
			d: Array.from(this.d.subarray(0, this.length)),
			g: Array.from(this.g.subarray(0, this.length)),
			stride: this.stride,
			pendingD: this.pendingD,
			pendingG: this.pendingG,
			pendingCount: this.pendingCount,
		};
	}

	/** Where the history stands now, without its points (see `HistoryTail`). */
	tail(): HistoryTail {
		const {length, stride, pendingD, pendingG, pendingCount} = this;
		return {length, stride, pendingD, pendingG, pendingCount};
	}

	/**
	 * Cuts the history back to the epoch `tail` was taken at (its tail then,
	 * from `tail()` or `advanceTail`), dropping every later epoch.
	 *
	 * Exact when the stride has not changed since: the points before the
	 * tail's are untouched by later epochs, so the history is then, value for
	 * value, the one a straight run to that epoch has.
	 *
	 * Once points have merged since (the stride is now larger), the finer
	 * points are gone: the history gets the straight run's stride, number of
	 * points and pending sums, but each point's value is that of the present,
	 * coarser point that contains it (the chart of those epochs as it was just
	 * drawn). Those are the exact means of their coarser spans, except within
	 * the last one when it reaches past the tail's whole points: its mean then
	 * counts epochs after them too. A resumed run merges the copies back into
	 * the same coarse values, bit for bit, as its stride catches up.
	 */
	truncateTo(tail: HistoryTail): void {
		const {length, stride, pendingCount} = tail;
		const epochs = length * stride + pendingCount;
		if (stride > this.stride || epochs > this.epochs || pendingCount >= stride || length >= this.capacity) {
			throw new RangeError(
				`cannot cut a history of ${this.epochs} epochs at stride ${this.stride} back to ` +
					`${epochs} epochs at stride ${stride}: the tail is not of an epoch this history went through`,
			);
		}

		if (stride < this.stride) {
			// Each of the tail's points is within a whole present point: the merges came after the tail, and a
			// merge leaves no epoch pending. From the end down, point i reads point ⌊i / merged⌋ ≤ i, not yet written.
			const {d, g} = this;
			const merged = this.stride / stride;
			for (let i = length - 1; i >= 0; i--) {
				d[i] = d[Math.floor(i / merged)]!;
				g[i] = g[Math.floor(i / merged)]!;
			}

			this.stride = stride;
		}

		this.length = length;
		this.pendingD = tail.pendingD;
		this.pendingG = tail.pendingG;
		this.pendingCount = pendingCount;
	}

	points(): HistoryPoints {
		const d = Array.from(this.d.subarray(0, this.length));
		const g = Array.from(this.g.subarray(0, this.length));
		if (this.pendingCount > 0) {
			d.push(this.pendingD / this.pendingCount);
			g.push(this.pendingG / this.pendingCount);
		}

		return {d, g, stride: this.stride};
	}

	/** Merges neighbours pairwise: half the points, twice the stride. */
	private compact(): void {
		const half = this.length / 2;
		for (let i = 0; i < half; i++) {
			this.d[i] = (this.d[2 * i]! + this.d[2 * i + 1]!) / 2;
			this.g[i] = (this.g[2 * i]! + this.g[2 * i + 1]!) / 2;
		}

		this.length = half;
		this.stride *= 2;
	}
}

/**
 * Reduces a series to at most `width` values by averaging equal spans, so
 * a chart of any length fits its panel (asciichart draws one column a point).
 */
export function downsample(values: readonly number[], width: number): number[] {
	if (values.length <= width) {
		return [...values];
	}

	const out: number[] = [];
	for (let column = 0; column < width; column++) {
		const from = Math.floor((column * values.length) / width);
		const to = Math.floor(((column + 1) * values.length) / width);
		let sum = 0;
		for (let i = from; i < to; i++) {
			sum += values[i]!;
		}

		out.push(sum / (to - from));
	}

	return out;
}
