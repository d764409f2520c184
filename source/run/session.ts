/**
 * A dashboard session: the training (the trainer and its schedule), run
 * control, and the clock that paces training, outside React. Training is
 * batched on a timer; a new immutable `View` is published at most `fps`
 * times a second (and at once after a key), and the UI subscribes to it
 * (`useSyncExternalStore`).
 *
 * Nothing here changes the trajectory: pacing only decides how many epochs
 * run per tick, and the displayed samples never draw from the training RNG.
 * Live changes (`change`) are recorded in the schedule, so the run they make
 * can be replayed.
 */
import {slantedFaces} from '../engine/data.js';
import type {Image, Parameters} from '../engine/model.js';
import type {Divergence, EpochStats} from '../engine/trainer.js';
import {type Clock, systemClock} from './clock.js';
import type {RunConfig} from './config.js';
import {
	type ControlAction,
	type Controls,
	type Speed,
	type Status,
	initialControls,
	reduceControls,
	statusOf,
} from './controls.js';
import {drive} from './driver.js';
import {type HistoryPoints, LossHistory} from './history.js';
import type {Key, Settings, ValueOf} from './schedule.js';
import {Training, type TrainingSnapshot} from './training.js';

/**
 * What the session needs of the run's configuration (`epochs` is the target:
 * it stops there as "finished"; no schedule: none).
 */
export type SessionOptions = Pick<RunConfig, 'seed' | 'lr' | 'epochs' | 'speed' | 'fps'> &
	Partial<Pick<RunConfig, 'schedule'>> & {
		readonly faces?: readonly Image[];
	};

/** The z values whose G(z) the samples panel shows: fixed, never drawn from the RNG. */
export const displayZs: readonly number[] = [0.125, 0.375, 0.625, 0.875];

/** Everything a frame shows: a plain, immutable value. */
export type View = {
	readonly seed: number;
	/** What the next epoch trains with: the learning rate, G's loss, the nets that learn. */
	readonly settings: Settings;
	/** Completed epochs. */
	readonly epoch: number;
	readonly target: number | undefined;
	readonly status: Status;
	readonly speed: Speed;
	/** Counts published views: what the spinner turns by. */
	readonly frame: number;
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
	private readonly training: Training;
	private readonly history = new LossHistory();
	private readonly listeners = new Set<() => void>();
	private readonly frameMs: number;
	private controls: Controls;
	private view: View;
	private frames = 0;
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
		this.training = new Training(
			{seed: options.seed, lr: options.lr, faces: options.faces ?? slantedFaces},
			options.schedule ?? [],
		);
		this.controls = initialControls({epochs: options.epochs, speed: options.speed});
		this.frameMs = 1000 / options.fps;
		const parameters = this.training.parameters();
		this.view = this.buildView(parameters);
	}

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	};

	readonly getView = (): View => this.view;

	get state(): Controls {
		return this.controls;
	}

	/** The training's plain snapshot, schedule and all: what the summary and tests read. */
	snapshot(): TrainingSnapshot {
		return this.training.snapshot();
	}

	/**
	 * A live change, in force from the next epoch (the session is always
	 * between two), recorded in the schedule. Throws a ScheduleError for a
	 * value the key does not take.
	 */
	change<K extends Key>(key: K, value: ValueOf<K>): void {
		this.training.change(key, value);
		this.publish();
	}

	/** Starts (or, after `stop`, resumes) training on the clock: the time stopped is not made up. */
	start(): void {
		this.started = true;
		this.rateSamples.length = 0;
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

	readonly dispatch = (action: ControlAction): void => {
		const before = this.controls;
		this.controls = reduceControls(before, action);
		if (action.type === 'step' && !before.diverged) {
			this.train(1, Number.POSITIVE_INFINITY);
		} else if (action.type === 'reset') {
			this.training.reset();
			this.history.clear();
			this.rateSamples.length = 0;
		}

		if (before.running !== this.controls.running) {
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
		if (this.controls.running) {
			const {speed} = this.controls;
			const due =
				speed === 'max'
					? Number.POSITIVE_INFINITY
					: Math.floor(((this.clock.now() - this.anchorTime) / 1000) * speed) -
						(this.training.epoch - this.anchorEpoch);
			this.behind = due > 0 && this.train(due, maxSliceMs) < due && this.controls.running;
			if (this.behind && speed !== 'max') {
				// A speed above what the machine trains: drop the backlog rather
				// than block the keys while catching up, and tick again soon
				this.anchor();
			}
		}

		if (this.clock.now() - this.lastPublish >= this.frameMs - 1 || !this.controls.running) {
			this.publish();
		}

		this.schedule();
	}

	/** Trains up to n epochs for at most about `ms`, stopping at the target and on divergence. */
	private train(n: number, ms: number): number {
		if (this.controls.running && this.controls.target !== undefined && this.training.epoch >= this.controls.target) {
			// Running on from the target (reached by steps): train past it
			this.controls = reduceControls(this.controls, {type: 'passed-target'});
		}

		const driven = drive(this.training, this.clock, {
			limit: n,
			target: this.controls.target,
			ms,
			onEpoch: this.record,
		});
		if (driven.diverged && !this.controls.diverged) {
			this.controls = reduceControls(this.controls, {type: 'diverged'});
		} else if (this.controls.running && driven.reachedTarget) {
			this.controls = reduceControls(this.controls, {type: 'reached-target'});
		}

		return driven.trained;
	}

	private anchor(): void {
		this.anchorTime = this.clock.now();
		this.anchorEpoch = this.training.epoch;
	}

	private schedule(): void {
		if (!this.started || this.timer !== undefined || !this.controls.running) {
			return;
		}

		this.timer = this.clock.setTimeout(
			() => {
				this.tick();
			},
			this.controls.speed === 'max' || this.behind ? 1 : Math.min(this.frameMs, longestTickMs),
		);
	}

	private publish(): void {
		const now = this.clock.now();
		this.lastPublish = now;
		this.rateSamples.push({time: now, epoch: this.training.epoch});
		while (this.rateSamples.length > 2 && now - this.rateSamples[1]!.time >= rateWindowMs) {
			this.rateSamples.shift();
		}

		this.frames++;
		this.view = this.buildView(this.view.parameters);
		for (const listener of this.listeners) {
			listener();
		}
	}

	private epochsPerSecond(): number {
		if (!this.controls.running) {
			return 0;
		}

		const first = this.rateSamples[0];
		const last = this.rateSamples.at(-1);
		if (!first || !last || last.time - first.time < 200) {
			return this.controls.speed === 'max' ? 0 : this.controls.speed;
		}

		return ((last.epoch - first.epoch) * 1000) / (last.time - first.time);
	}

	private buildView(previousParameters: Parameters): View {
		const {training, controls} = this;
		return {
			seed: this.options.seed,
			settings: training.settings,
			epoch: training.epoch,
			target: controls.target,
			status: statusOf(controls),
			speed: controls.speed,
			frame: this.frames,
			epochsPerSecond: this.epochsPerSecond(),
			last: training.last,
			divergence: training.diverged,
			parameters: training.parameters(),
			previousParameters,
			history: this.history.points(),
			real: training.config.faces.map(image => ({image, d: training.discriminate(image)})),
			fake: displayZs.map(z => {
				const image = training.generate(z);
				return {z, image, d: training.discriminate(image)};
			}),
		};
	}
}
