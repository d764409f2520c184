/**
 * The one way the tests train a reference run: a fresh trainer on the
 * slanted faces (seed 42, lr 0.01 unless given), trained `epochs` epochs in
 * one go, every epoch's stats kept.
 */
import {type EpochStats, type TrainerConfig, Trainer, defaultConfig} from '../../source/engine/trainer.js';

export type Trained = {
	readonly trainer: Trainer;
	/** Every epoch's stats, in order. */
	readonly events: readonly EpochStats[];
};

export function trainedFor(epochs: number, config: Partial<TrainerConfig> = {}): Trained {
	const trainer = new Trainer({seed: 42, ...defaultConfig, ...config});
	const events: EpochStats[] = [];
	trainer.run(epochs, stats => events.push(stats));
	return {trainer, events};
}
