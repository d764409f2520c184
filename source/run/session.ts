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
import type {EpochUpdates, Update} from '../engine/updates.js';
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
import type {Checkpoint} from './checkpoint.js';
import {type HistoryPoints, type HistoryTail, LossHistory, advanceTail} from './history.js';
import {checkpointOf, resume} from './resume.js';
import type {Key, Settings, ValueOf} from './schedule.js';
import {type SettingsAction, changeBetween, reduceSettings} from './settings.js';
import {type Codec, type Recordable, type Replayable, Timeline, trainerSnapshotCodec} from './timeline.js';
import {Training, type TrainingSnapshot} from './training.js';

/**
 * What the session needs of the run's configuration (`epochs` is the target:
 * it stops there as "finished"; no schedule: none; no data: the slanted faces).
 */
export type SessionOptions = Pick<RunConfig, 'seed' | 'lr' | 'epochs' | 'speed' | 'fps'> &
	Partial<Pick<RunConfig, 'schedule' | 'data'>> & {
		/** Continue this run (its seed, lr and dataset win over the options'; `schedule` adds to its own). */
		readonly load?: Checkpoint | undefined;
	};

/** What the rewind history keeps of each epoch: the training, and the loss history's tail. */
type Moment = {readonly training: TrainingSnapshot; readonly history: HistoryTail};
type PackedMoment = {
	readonly training: ReturnType<typeof trainerSnapshotCodec.pack> & Pick<TrainingSnapshot, 'schedule'>;
	readonly history: HistoryTail;
};

const momentCodec: Codec<Moment, PackedMoment> = {
	pack: ({training, history}) => ({
		training: {...trainerSnapshotCodec.pack(training), schedule: training.schedule},
		history,
	}),
	unpack: ({training, history}) => ({
		training: {...trainerSnapshotCodec.unpack(training), schedule: training.schedule},
		history,
	}),
	bytes: ({training}) => trainerSnapshotCodec.bytes(training) + 100,
};

/** The live run, as the rewind history records it: the training, and the loss history's tail. */
class LiveRun implements Recordable<Moment> {
	constructor(
		private readonly training: Training,
		private readonly history: LossHistory,
	) {}

	get epoch(): number {
		return this.training.epoch;
	}

	snapshot(): Moment {
		return {training: this.training.snapshot(), history: this.history.tail()};
	}
}

/** A moment trained on: the training restored, the history's tail followed epoch by epoch. */
class MomentReplay implements Replayable<Moment> {
	private readonly training: Training;
	private tail: HistoryTail;

	constructor(moment: Moment) {
		this.training = Training.fromSnapshot(moment.training);
		this.tail = moment.history;
	}

	get epoch(): number {
		return this.training.epoch;
	}

	snapshot(): Moment {
		return {training: this.training.snapshot(), history: this.tail};
	}

	run(epochs: number): number {
		return this.training.run(epochs, stats => {
			this.tail = advanceTail(this.tail, stats);
		});
	}
}

/** The z values whose G(z) the samples panel shows: fixed, never drawn from the RNG. */
export const displayZs: readonly number[] = [0.125, 0.375, 0.625, 0.875];

/** The z values of G's range, 0 to 1 inclusive and evenly spaced: fixed, never drawn from the RNG. */
export const rangeZs: readonly number[] = [0, 0.2, 0.4, 0.6, 0.8, 1];

/** Everything a frame shows: a plain, immutable value. */
export type View = {
	readonly seed: number;
	/** What the next epoch trains with: the learning rate, G's loss, the nets that learn. */
	readonly settings: Settings;
	/** Completed epochs of what is on show (rewound: an earlier epoch than `latest`). */
	readonly epoch: number;
	/** Completed epochs of the run. */
	readonly latest: number;
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
	/** The real images are the tutorial's five slanted faces (else another dataset's). */
	readonly tutorialFaces: boolean;
	readonly fake: ReadonlyArray<{readonly z: number; readonly image: Image; readonly d: number}>;
	/** G(z) for each of `rangeZs`, with D's probability that it is real. */
	readonly range: ReadonlyArray<{readonly z: number; readonly image: Image; readonly d: number}>;
	/** The last SGD update made with `u`, on show until another key (parameters and samples are as it left them). */
	readonly update: Update | undefined;
};

/** The actions that leave the epoch in progress as the updates made so far left it. */
const keepUpdates: ReadonlySet<ControlAction['type']> = new Set(['update', 'faster', 'slower']);

/** What draws the model on show: a training, or the epoch in progress. */
type Model = Pick<Training, 'generate' | 'discriminate'>;

/** G(z), and D's probability that it is real. */
function generatedAt(model: Model, z: number): View['fake'][number] {
	const image = model.generate(z);
	return {z, image, d: model.discriminate(image)};
}

/** Longest stretch one tick trains before yielding to input and drawing (keys act within 100 ms at any speed). */
const maxSliceMs = 12;
/** The clock ticks once a frame while running (at "max", as often as it can), and at least this often. */
const longestTickMs = 100;
const rateWindowMs = 1000;

export class Session {
	private readonly training: Training;
	private readonly history: LossHistory;
	private readonly live: LiveRun;
	private timeline: Timeline<Moment, PackedMoment>;
	/** Rewound: the training at the epoch on show. */
	private shown: Training | undefined;
	/**
	 * Paused mid-epoch: the epoch in progress, made update by update (`u`) on
	 * a copy while the training waits at the epoch's start. Whatever ends it
	 * early (space, a step, a change) trains the epoch from its start, which
	 * gives exactly the state the updates reached and goes on from there.
	 */
	private updates: EpochUpdates | undefined;
	private lastUpdate: Update | undefined;
	private readonly listeners = new Set<() => void>();
	private readonly frameMs: number;
	private readonly tutorialFaces: boolean;
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
		if (options.load) {
			({training: this.training, history: this.history} = resume(options.load, options.schedule));
		} else {
			this.training = new Training(
				{seed: options.seed, lr: options.lr, faces: options.data?.faces ?? slantedFaces},
				options.schedule ?? [],
			);
			this.history = new LossHistory();
		}

		const {faces} = this.training.config;
		this.tutorialFaces =
			faces.length === slantedFaces.length &&
			faces.every((face, i) => face.every((value, j) => value === slantedFaces[i]![j]));
		this.live = new LiveRun(this.training, this.history);
		this.timeline = new Timeline(this.live, momentCodec);
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

	/** The run as a checkpoint: the latest epoch, whatever is on show. */
	checkpoint(): Checkpoint {
		return checkpointOf(this.training, this.history);
	}

	/** The rewind history's size: snapshots kept, and about how many bytes they hold. */
	get rewindMemory(): {readonly snapshots: number; readonly bytes: number} {
		return {snapshots: this.timeline.count, bytes: this.timeline.bytes};
	}

	/**
	 * A live change of the settings (`[` `]` `l` `t`), recorded in the
	 * schedule at the epoch on show, in force from the next one. Rewound, it
	 * first makes the epoch on show the latest (as space there would: what
	 * came after it is dropped), so that the change starts a new future.
	 */
	readonly adjust = (action: SettingsAction): void => {
		// Changes apply at epoch boundaries: the epoch in progress starts again under the new settings
		this.endUpdates();
		if (this.controls.viewing !== undefined) {
			this.cutBackTo(this.controls.viewing);
			this.controls = reduceControls(this.controls, {type: 'view', epoch: undefined});
		}

		const before = this.training.settings;
		const change = changeBetween(before, reduceSettings(before, action), this.training.epoch);
		if (change !== undefined) {
			this.training.change<Key>(change.key, change.value);
		}

		this.publish();
	};

	/**
	 * A live change, in force from the next epoch (an epoch in progress, `u`,
	 * starts again), recorded in the schedule. Throws a ScheduleError for a
	 * value the key does not take.
	 */
	change<K extends Key>(key: K, value: ValueOf<K>): void {
		this.training.change(key, value);
		this.endUpdates();
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
		const viewing = before.viewing;
		if (viewing !== undefined && (action.type === 'toggle-pause' || action.type === 'update')) {
			// Go on from the epoch on show
			this.cutBackTo(viewing);
		}

		const midEpoch = this.updates !== undefined;
		if (!keepUpdates.has(action.type)) {
			this.endUpdates();
		}

		this.controls = reduceControls(before, action);
		if (action.type === 'update') {
			if (!this.controls.diverged) {
				this.update();
			}
		} else if (action.type === 'step' && viewing !== undefined) {
			// Rewound, a step goes to the next kept epoch (to the live run from the last)
			const next = this.timeline.next(viewing);
			this.show(next === undefined || next >= this.training.epoch ? undefined : next);
		} else if (action.type === 'step' && !before.diverged) {
			this.train(1, Number.POSITIVE_INFINITY);
		} else if (action.type === 'back' && !midEpoch) {
			// (From the middle of an epoch, back is to its start: where the training is)
			const previous = this.timeline.previous(viewing ?? this.training.epoch);
			if (previous !== undefined) {
				this.show(previous);
			}
		} else if (action.type === 'first') {
			const {first} = this.timeline;
			this.show(first >= this.training.epoch ? undefined : first);
		} else if (action.type === 'latest') {
			this.show(undefined);
		} else if (action.type === 'reset') {
			this.training.reset();
			this.history.clear();
			this.timeline = new Timeline(this.live, momentCodec);
			this.shown = undefined;
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

	/**
	 * Trains up to n epochs for at most about `ms`, stopping at the target and
	 * on divergence, and at each of the rewind history's boundaries to record
	 * the run there.
	 */
	private train(n: number, ms: number): number {
		if (this.controls.running && this.controls.target !== undefined && this.training.epoch >= this.controls.target) {
			// Running on from the target (reached by steps): train past it
			this.controls = reduceControls(this.controls, {type: 'passed-target'});
		}

		const deadline = this.clock.now() + ms;
		let trained = 0;
		let driven;
		do {
			const room = this.timeline.nextBoundary(this.training.epoch) - this.training.epoch;
			driven = drive(this.training, this.clock, {
				limit: Math.min(n - trained, room),
				target: this.controls.target,
				ms: deadline - this.clock.now(),
				onEpoch: this.record,
			});
			trained += driven.trained;
			this.timeline.record(this.live);
		} while (
			trained < n &&
			driven.trained > 0 &&
			!driven.diverged &&
			!driven.reachedTarget &&
			this.clock.now() < deadline
		);

		if (driven.diverged && !this.controls.diverged) {
			this.controls = reduceControls(this.controls, {type: 'diverged'});
		} else if (this.controls.running && driven.reachedTarget) {
			this.controls = reduceControls(this.controls, {type: 'reached-target'});
		}

		return trained;
	}

	/** Makes the next update of the epoch in progress; the last one trains the epoch itself. */
	private update(): void {
		this.updates ??= this.training.updates();
		this.lastUpdate = this.updates.next();
		if (this.updates.finished) {
			this.updates = undefined;
			this.train(1, Number.POSITIVE_INFINITY);
		}
	}

	/** Leaves the epoch in progress: the training is at its start, and trains it from there when asked. */
	private endUpdates(): void {
		this.updates = undefined;
		this.lastUpdate = undefined;
	}

	/** The moment at a kept epoch, replayed under the run's schedule (changes made live since are in it). */
	private momentAt(epoch: number): Moment {
		return this.timeline.at(
			epoch,
			moment => new MomentReplay({...moment, training: {...moment.training, schedule: this.training.schedule}}),
		);
	}

	/** Shows a kept epoch (undefined: the latest), paused. */
	private show(epoch: number | undefined): void {
		this.shown = epoch === undefined ? undefined : Training.fromSnapshot(this.momentAt(epoch).training);
		this.controls = reduceControls(this.controls, {type: 'view', epoch});
	}

	/** Makes a kept epoch the latest: the run, its schedule, its loss history and its rewind history cut back to it. */
	private cutBackTo(epoch: number): void {
		const moment = this.momentAt(epoch);
		this.training.restore(moment.training);
		this.training.truncateAfter(epoch);
		this.history.truncateTo(moment.history);
		this.timeline.truncateAfter(epoch);
		this.shown = undefined;
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
		const {controls} = this;
		const training = this.shown ?? this.training;
		// Mid-epoch, the parameters and samples are as the updates left them
		const model = this.updates ?? training;
		return {
			seed: training.config.seed,
			settings: training.settings,
			epoch: training.epoch,
			latest: this.training.epoch,
			target: controls.target,
			status: statusOf(controls),
			speed: controls.speed,
			frame: this.frames,
			epochsPerSecond: this.epochsPerSecond(),
			last: training.last,
			divergence: training.diverged,
			parameters: model.parameters(),
			previousParameters,
			history: this.history.points(),
			real: training.config.faces.map(image => ({image, d: model.discriminate(image)})),
			tutorialFaces: this.tutorialFaces,
			fake: displayZs.map(z => generatedAt(model, z)),
			range: rangeZs.map(z => generatedAt(model, z)),
			update: this.lastUpdate,
		};
	}
}
