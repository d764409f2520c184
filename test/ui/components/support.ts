/**
 * Shared pieces of the component tests: a clock advanced by hand, realistic
 * props from a real trainer or session, and frame helpers. Not a test file
 * (vitest runs `*.test.tsx` only).
 */
import type {EpochStats} from '../../../source/engine/trainer.js';
import {Trainer} from '../../../source/engine/trainer.js';
import {slantedFaces} from '../../../source/engine/data.js';
import type {HistoryPoints} from '../../../source/run/history.js';
import {type Clock, Session, type SessionOptions, type View} from '../../../source/run/session.js';

export const esc = '\u001B';

/** A clock that only moves when a test says so: timers run in due order inside `advance`. */
export class FakeClock implements Clock {
	time = 0;
	private nextId = 1;
	private readonly timers = new Map<number, {readonly due: number; readonly callback: () => void}>();

	readonly now = (): number => this.time;

	readonly setTimeout = (callback: () => void, ms: number): unknown => {
		const id = this.nextId++;
		this.timers.set(id, {due: this.time + Math.max(0, ms), callback});
		return id;
	};

	readonly clearTimeout = (handle: unknown): void => {
		this.timers.delete(handle as number);
	};

	get pending(): number {
		return this.timers.size;
	}

	/** Moves time forward by `ms`, running every timer that falls due on the way (also those set meanwhile). */
	advance(ms: number): void {
		const end = this.time + ms;
		for (;;) {
			let next: [number, {readonly due: number; readonly callback: () => void}] | undefined;
			for (const entry of this.timers) {
				if (entry[1].due <= end && (next === undefined || entry[1].due < next[1].due)) {
					next = entry;
				}
			}

			if (next === undefined) {
				break;
			}

			this.timers.delete(next[0]);
			this.time = Math.max(this.time, next[1].due);
			next[1].callback();
		}

		this.time = end;
	}
}

export const sessionOptions: SessionOptions = {seed: 42, lr: 0.01, epochs: 1000, speed: 50, fps: 20};

/** A session on a fake clock, never started, stepped `epochs` times by hand (so it is paused when epochs > 0). */
export function steppedView(epochs: number, options: Partial<SessionOptions> = {}): View {
	const session = new Session({...sessionOptions, ...options}, new FakeClock());
	for (let i = 0; i < epochs; i++) {
		session.dispatch('step');
	}

	return session.getView();
}

/** A real run's full loss history, one point per epoch (no downsampling, no compaction). */
export function trainedHistory(
	epochs: number,
	seed = 42,
	lr = 0.01,
): {readonly trainer: Trainer; readonly history: HistoryPoints; readonly last: EpochStats | undefined} {
	const trainer = new Trainer({seed, lr, faces: slantedFaces});
	const d: number[] = [];
	const g: number[] = [];
	trainer.run(epochs, stats => {
		d.push(stats.dLoss);
		g.push(stats.gLoss);
	});
	return {trainer, history: {d, g, stride: 1}, last: trainer.last};
}

export function linesOf(frame: string | undefined): string[] {
	if (frame === undefined) {
		throw new Error('nothing rendered');
	}

	return frame.split('\n');
}

/** Terminal cells of a line: every glyph these panels draw is one cell wide. */
export function cells(line: string): number {
	return [...line].length;
}
