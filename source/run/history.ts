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

export class LossHistory {
	private readonly d: Float64Array;
	private readonly g: Float64Array;
	private length = 0;
	private stride = 1;
	private pendingD = 0;
	private pendingG = 0;
	private pendingCount = 0;

	constructor(readonly capacity = 1024) {
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
