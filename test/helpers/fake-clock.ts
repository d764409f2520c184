/**
 * A clock moved by hand, for the session (`Clock`) and the screen (`Timers`,
 * the same shape). `advance(ms)` runs the callbacks that fall due, in time
 * order (then order of scheduling), with the clock set to each one's time;
 * callbacks scheduled meanwhile run too if they fall due within `ms`.
 */
import type {Clock} from '../../source/run/clock.js';

export type FakeClockOptions = {
	/** The time the clock starts at. */
	readonly start?: number;
	/**
	 * Every reading of the clock takes this long (work takes time): without it
	 * a "max" speed run, which trains until the clock says its slice is over,
	 * would never stop.
	 */
	readonly costPerNow?: number;
};

type Entry = {readonly id: number; readonly at: number; readonly callback: () => void};

export class FakeClock implements Clock {
	time: number;
	private readonly costPerNow: number;
	private nextId = 1;
	private readonly queue: Entry[] = [];

	constructor(options: FakeClockOptions = {}) {
		this.time = options.start ?? 0;
		this.costPerNow = options.costPerNow ?? 0;
	}

	readonly now = (): number => {
		const {time} = this;
		this.time += this.costPerNow;
		return time;
	};

	readonly setTimeout = (callback: () => void, ms: number): unknown => {
		const id = this.nextId++;
		this.queue.push({id, at: this.time + Math.max(0, ms), callback});
		return id;
	};

	readonly clearTimeout = (handle: unknown): void => {
		const index = this.queue.findIndex(entry => entry.id === handle);
		if (index !== -1) {
			this.queue.splice(index, 1);
		}
	};

	/** How many callbacks are scheduled and not yet run or cleared. */
	get pending(): number {
		return this.queue.length;
	}

	/** Moves time forward by `ms`, running every callback that falls due on the way. */
	advance(ms: number): void {
		const end = this.time + ms;
		for (;;) {
			let best: Entry | undefined;
			for (const entry of this.queue) {
				if (
					entry.at <= end &&
					(best === undefined || entry.at < best.at || (entry.at === best.at && entry.id < best.id))
				) {
					best = entry;
				}
			}

			if (best === undefined) {
				break;
			}

			this.queue.splice(this.queue.indexOf(best), 1);
			this.time = Math.max(this.time, best.at);
			best.callback();
		}

		// With `costPerNow`, the callbacks' own readings may have moved the clock past `end`
		this.time = Math.max(this.time, end);
	}

	/** Moves the clock without running anything: a busy event loop makes timers late. */
	stall(ms: number): void {
		this.time += ms;
	}
}
