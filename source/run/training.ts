/**
 * A run's training (`SPEC.md`, "Schedules"): the trainer and the schedule it
 * follows. Training stops at each epoch boundary where the schedule changes
 * something and configures the trainer there, so the changes at E apply
 * from epoch E+1 on however the epochs are paced (in one call, in batches,
 * one step at a time). At rest the trainer always holds the settings the
 * schedule puts in force for the next epoch.
 *
 * Live changes are recorded in the schedule at the epoch they are made, so
 * that the schedule is the run's whole story: replayed from the start, it
 * gives the same run bit for bit.
 */
import type {Image, Parameters} from '../engine/model.js';
import {
	type Divergence,
	type EpochListener,
	type EpochStats,
	type Settings,
	type TrainerConfig,
	type TrainerSnapshot,
	Trainer,
	initialSettings,
} from '../engine/trainer.js';
import type {EpochUpdates} from '../engine/updates.js';
import {type Change, type Key, type Schedule, type ValueOf, checkSchedule, checkValue, settingsAt} from './schedule.js';

/** The trainer's snapshot and the schedule: all a run needs to continue exactly. */
export type TrainingSnapshot = TrainerSnapshot & {readonly schedule: Schedule};

export class Training {
	static fromSnapshot(snapshot: TrainingSnapshot): Training {
		const training = new Training(snapshot.config, snapshot.schedule);
		training.restore(snapshot);
		return training;
	}

	private readonly trainer: Trainer;
	/** The schedule the run started with: what `reset` goes back to. */
	private readonly initialSchedule: Schedule;
	private changes: Schedule;

	/** Throws a RangeError for a bad config, a ScheduleError for a bad schedule. */
	constructor(config: TrainerConfig, schedule: Schedule = []) {
		this.initialSchedule = checkSchedule(schedule);
		this.changes = this.initialSchedule;
		this.trainer = new Trainer(config);
		this.follow();
	}

	get config(): TrainerConfig {
		return this.trainer.config;
	}

	/** Completed epochs. */
	get epoch(): number {
		return this.trainer.epoch;
	}

	get diverged(): Divergence | undefined {
		return this.trainer.diverged;
	}

	get last(): EpochStats | undefined {
		return this.trainer.last;
	}

	/** The settings the next epoch trains with. */
	get settings(): Settings {
		return this.trainer.settings;
	}

	/** Every change, those of the past and those to come, in the order they apply. */
	get schedule(): Schedule {
		return this.changes;
	}

	/**
	 * Trains up to `epochs` epochs (fewer if the run diverges), applying the
	 * schedule's changes at each boundary they fall on, and returns how many
	 * it trained. `onEpoch` and `every` as in `Trainer.run`.
	 */
	run(epochs: number, onEpoch?: EpochListener, every = 1): number {
		let done = 0;
		while (done < epochs && !this.trainer.diverged) {
			const boundary = this.nextChange();
			const batch = Math.min(epochs - done, boundary - this.trainer.epoch);
			const trained = this.trainer.run(batch, onEpoch, every);
			done += trained;
			if (this.trainer.epoch === boundary) {
				this.follow();
			}

			if (trained < batch) {
				break;
			}
		}

		return done;
	}

	/** Trains one epoch; returns its statistics, or undefined once diverged. */
	step(): EpochStats | undefined {
		return this.run(1) === 1 ? this.trainer.last : undefined;
	}

	/**
	 * A live change: recorded in the schedule at the current epoch, after
	 * the changes already there, and in force from the next epoch on. Throws
	 * a ScheduleError for a value the key does not take.
	 */
	change<K extends Key>(key: K, value: ValueOf<K>): void {
		const {epoch} = this.trainer;
		const change = {epoch, key, value: checkValue(key, value)} as Change;
		const later = this.changes.findIndex(other => other.epoch > epoch);
		this.changes =
			later < 0 ? [...this.changes, change] : [...this.changes.slice(0, later), change, ...this.changes.slice(later)];
		this.follow();
	}

	/** Drops the changes after epoch E (for a rewind to E: the run is written anew from there). */
	truncateAfter(epoch: number): void {
		this.changes = this.changes.filter(change => change.epoch <= epoch);
		this.follow();
	}

	/** Back to epoch 0 with the same seed and the schedule the run started with: the same run again. */
	reset(): void {
		this.trainer.reset();
		this.changes = this.initialSchedule;
		this.follow();
	}

	parameters(): Parameters {
		return this.trainer.parameters();
	}

	/** G(z) with the current generator. Draws nothing from the RNG. */
	generate(z: number): Image {
		return this.trainer.generate(z);
	}

	/** D(x) with the current discriminator. */
	discriminate(image: Image): number {
		return this.trainer.discriminate(image);
	}

	/** Draws `count` z from the training RNG and returns G(z) for each. This advances the RNG. */
	drawSamples(count: number): Array<{z: number; image: Image}> {
		return this.trainer.drawSamples(count);
	}

	/** The next epoch as its single SGD updates, on a copy (see `Trainer.updates`). */
	updates(): EpochUpdates {
		return this.trainer.updates();
	}

	snapshot(): TrainingSnapshot {
		return {...this.trainer.snapshot(), schedule: this.changes};
	}

	/** Continues from a snapshot of a run with this configuration (else use `fromSnapshot`), schedule and all. */
	restore(snapshot: TrainingSnapshot): void {
		const schedule = checkSchedule(snapshot.schedule);
		this.trainer.restore(snapshot);
		this.changes = schedule;
		this.follow();
	}

	/** The epoch of the next change after the current one (Infinity: none). */
	private nextChange(): number {
		const {epoch} = this.trainer;
		return this.changes.find(change => change.epoch > epoch)?.epoch ?? Number.POSITIVE_INFINITY;
	}

	/** Puts the schedule's settings for the next epoch in force. */
	private follow(): void {
		this.trainer.configure(settingsAt(initialSettings(this.trainer.config), this.changes, this.trainer.epoch));
	}
}
