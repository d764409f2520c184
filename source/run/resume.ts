/**
 * A run as a checkpoint (source/run/checkpoint.ts) and back: the training
 * (trainer and schedule) and the loss chart's history, so that a loaded run
 * trains on, and draws, exactly as the uninterrupted one.
 */
import {initialSettings} from '../engine/trainer.js';
import type {Checkpoint} from './checkpoint.js';
import {LossHistory} from './history.js';
import {type Schedule, ScheduleError} from './schedule.js';
import {Training} from './training.js';

export function checkpointOf(training: Training, history: LossHistory): Checkpoint {
	const {config, schedule, settings, epoch, parameters, rng, last, diverged} = training.snapshot();
	return {
		seed: config.seed,
		faces: config.faces,
		initial: initialSettings(config),
		schedule,
		settings,
		epoch,
		parameters,
		rng,
		last,
		diverged,
		history: history.state(),
	};
}

/**
 * The run a checkpoint holds, ready to train on; `more` adds changes after
 * the checkpoint's epoch (the past is fixed: a change at or before it is a
 * ScheduleError naming it).
 */
export function resume(checkpoint: Checkpoint, more: Schedule = []): {training: Training; history: LossHistory} {
	const {seed, faces, initial, schedule, settings, epoch, parameters, rng, last, diverged} = checkpoint;
	const past = more.find(change => change.epoch <= epoch);
	if (past !== undefined) {
		throw new ScheduleError(
			`the change at epoch ${past.epoch} is not after the checkpoint's epoch ${epoch}: a loaded run's past is fixed`,
		);
	}

	const training = Training.fromSnapshot({
		config: {seed, faces, ...initial},
		settings,
		epoch,
		parameters,
		rng,
		last,
		diverged,
		schedule: [...schedule, ...more],
	});
	return {training, history: LossHistory.fromState(checkpoint.history)};
}
