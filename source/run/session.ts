/**
 * A dashboard session: the trainer, the UI reducer, and the clock that
 * paces training, outside React. Training is batched on a timer; a new
 * immutable `View` is published at most `fps` times a second (and at once
 * after a key), and the UI subscribes to it (`useSyncExternalStore`).
 *
 * Nothing here changes the trajectory: pacing only decides how many epochs
 * run per tick, and the displayed samples never draw from the training RNG.
 */
import type {Speed} from '../cli/options.js';
import {slantedFaces} from '../engine/data.js';
import type {Image, Parameters} from '../engine/model.js';
import {Trainer, type Divergence, type EpochStats, type TrainerSnapshot} from '../engine/trainer.js';
import {type Action, type Status, type UiState, initialUiState, reduce, statusOf} from '../ui/state.js';
import {type HistoryPoints, LossHistory} from './history.js';

export type Clock = {
	now(): number;
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
};

export const systemClock: Clock = {
	now: () => performance.now(),
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout(handle) {
		clearTimeout(handle as NodeJS.Timeout);
	},
};

export type SessionOptions = {
	readonly seed: number;
	readonly lr: number;
	/** The target epoch: a running session stops there as "finished". */
	readonly epochs: number;
	readonly speed: Speed;
	readonly fps: number;
	readonly faces?: readonly Image[];
};

/** The z values whose G(z) the samples panel shows: fixed, never drawn from the RNG. */
export const displayZs: readonly number[] = [0.125, 0.375, 0.625, 0.875];

/** Everything a frame shows: a plain, immutable value. */
export type View = {
	readonly seed: number;
	readonly lr: number;
	/** Completed epochs. */
	readonly epoch: number;
	readonly target: number | undefined;
	readonly status: Status;
	readonly speed: Speed;
	readonly helpOpen: boolean;
	readonly quitting: boolean;
	/** Measured over about the last second. */
	readonly epochsPerSecond: number;
	readonly last: EpochStats | undefined;
	readonly divergence: Divergence | undefined;
	readonly parameters: Parameters;
	/** The parameters of the previous frame, for the ↑/↓ marks. */
	readonly previousParameters: Parameters;
	readonly history: HistoryPoints;
	readonly real: ReadonlyArray<{readonly image: Image; readonly d: number}>;
	readonly fake: ReadonlyArray<{readonly z: number; readonly image: Image; readonly d: number}>;
};

/** Longest stretch one tick trains before yielding to input and drawing (keys act within 100 ms at any speed). */
const maxSliceMs = 12;
/** The clock ticks once a frame while running (at "max", as often as it can), and at least this often. */
const longestTickMs = 100;
const rateWindowMs = 1000;

export class Session {
	private readonly trainer: Trainer;
	private readonly history = new LossHistory();
	private readonly listeners = new Set<() => void>();
	private readonly frameMs: number;
	private ui: UiState;
	private view: View;
	private timer: unknown;
	private started = false;
	/** The last tick could not train all that was due: tick again at once. */
	private behind = false;
	private lastPublish = Number.NEGATIVE_INFINITY;
	/** Pacing: the epoch and time the current speed started counting from. */
	private anchorTime = 0;
	private anchorEpoch = 0;
	private readonly rateSamples: Array<{time: number; epoch: number}> = [];
	private readonly record = (stats: EpochStats): void => {
		this.history.add(stats);
	};

	constructor(
		private readonly options: SessionOptions,
		private readonly clock: Clock = systemClock,
	) {
		this.trainer = new Trainer({seed: options.seed, lr: options.lr, faces: options.faces ?? slantedFaces});
		this.ui = initialUiState({epochs: options.epochs, speed: options.speed});
		this.frameMs = 1000 / options.fps;
		const parameters = this.trainer.parameters();
		this.view = this.buildView(parameters);
	}

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	};

	readonly getView = (): View => this.view;

	get state(): UiState {
		return this.ui;
	}

	/** The trainer's plain snapshot: what the summary and tests read. */
	snapshot(): TrainerSnapshot {
		return this.trainer.snapshot();
	}

	start(): void {
		this.started = true;
		this.anchor();
		this.schedule();
	}

	stop(): void {
		this.started = false;
		if (this.timer !== undefined) {
			this.clock.clearTimeout(this.timer);
			this.timer = undefined;
		}
	}

	readonly dispatch = (action: Action): void => {
		const before = this.ui;
		this.ui = reduce(before, action);
		switch (action) {
			case 'step': {
				if (!before.diverged) {
					this.train(1);
				}

				break;
			}

			case 'reset': {
				this.trainer.reset();
				this.history.clear();
				this.rateSamples.length = 0;
				break;
			}

			default: {
				break;
			}
		}

		if (before.running !== this.ui.running) {
			// The rate counts from here: a pause is not a slow second
			this.rateSamples.length = 0;
		}

		this.anchor();
		this.publish();
		this.schedule();
	};

	/** One clock tick: train what is due at the current speed, publish if a frame is due. */
	tick(): void {
		this.timer = undefined;
		if (this.ui.running) {
			const due =
				this.ui.speed === 'max'
					? Number.POSITIVE_INFINITY
					: Math.floor(((this.clock.now() - this.anchorTime) / 1000) * this.ui.speed) -
						(this.trainer.epoch - this.anchorEpoch);
			this.behind = due > 0 && this.trainWithin(due, maxSliceMs) < due && this.ui.running;
			if (this.behind && this.ui.speed !== 'max') {
				// A speed above what the machine trains, or the process was stopped: drop the
				// backlog rather than block the keys while catching up, and tick again soon
				this.anchor();
			}
		}

		if (this.clock.now() - this.lastPublish >= this.frameMs - 1 || !this.ui.running) {
			this.publish();
		}

		this.schedule();
	}

	/**
	 * Trains up to n epochs in batches for at most about `ms` milliseconds, so
	 * that keys are heard between ticks at any speed. Returns the epochs trained.
	 */
	private trainWithin(n: number, ms: number): number {
		const deadline = this.clock.now() + ms;
		let done = 0;
		let batch = 64;
		while (done < n && this.ui.running && this.clock.now() < deadline) {
			const size = Math.min(batch, n - done);
			const trained = this.train(size);
			done += trained;
			if (trained < size) {
				break;
			}

			// A batch of 8,192 epochs takes about 10 ms here, within the slice
			batch = Math.min(batch * 2, 8192);
		}

		return done;
	}

	/** Trains up to n epochs, stopping at the target and on divergence. */
	private train(n: number): number {
		if (this.ui.running && this.ui.target !== undefined && this.trainer.epoch >= this.ui.target) {
			// Running on from the target (reached by steps): train past it
			this.ui = reduce(this.ui, 'passed-target');
		}

		const {target} = this.ui;
		const limit = target === undefined ? n : Math.min(n, target - this.trainer.epoch);
		const trained = this.trainer.run(limit, this.record);
		if (this.trainer.diverged && !this.ui.diverged) {
			this.ui = reduce(this.ui, 'diverged');
		} else if (this.ui.running && target !== undefined && this.trainer.epoch >= target) {
			this.ui = reduce(this.ui, 'reached-target');
		}

		return trained;
	}

	private anchor(): void {
		this.anchorTime = this.clock.now();
		this.anchorEpoch = this.trainer.epoch;
	}

	private schedule(): void {
		if (!this.started || this.timer !== undefined || !this.ui.running) {
			return;
		}

		this.timer = this.clock.setTimeout(
			() => {
				this.tick();
			},
			this.ui.speed === 'max' || this.behind ? 1 : Math.min(this.frameMs, longestTickMs),
		);
	}

	private publish(): void {
		const now = this.clock.now();
		this.lastPublish = now;
		this.rateSamples.push({time: now, epoch: this.trainer.epoch});
		while (this.rateSamples.length > 2 && now - this.rateSamples[1]!.time >= rateWindowMs) {
			this.rateSamples.shift();
		}

		this.view = this.buildView(this.view.parameters);
		for (const listener of this.listeners) {
			listener();
		}
	}

	private epochsPerSecond(): number {
		if (!this.ui.running) {
			return 0;
		}

		const first = this.rateSamples[0];
		const last = this.rateSamples.at(-1);
		if (!first || !last || last.time - first.time < 200) {
			return this.ui.speed === 'max' ? 0 : this.ui.speed;
		}

		return ((last.epoch - first.epoch) * 1000) / (last.time - first.time);
	}

	private buildView(previousParameters: Parameters): View {
		const {trainer, ui} = this;
		return {
			seed: this.options.seed,
			lr: this.options.lr,
			epoch: trainer.epoch,
			target: ui.target,
			status: statusOf(ui),
			speed: ui.speed,
			helpOpen: ui.helpOpen,
			quitting: ui.quitting,
			epochsPerSecond: this.epochsPerSecond(),
			last: trainer.last,
			divergence: trainer.diverged,
			parameters: trainer.parameters(),
			previousParameters,
			history: this.history.points(),
			real: trainer.config.faces.map(image => ({image, d: trainer.discriminate(image)})),
			fake: displayZs.map(z => {
				const image = trainer.generate(z);
				return {z, image, d: trainer.discriminate(image)};
			}),
		};
	}
}
