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

/** The schedule the replay tests follow, and the same run by hand on a bare trainer. */
export const replaySchedule = '300:lr=0.02,500:loss=minimax,700:train=g';

/**
 * Seed `seed` on the slanted faces for 1000 epochs by hand, as `replaySchedule` asks: 300 epochs,
 * configure, 200, configure, 200, configure, 300, every epoch's stats kept.
 */
export function trainedByHand(seed: number, lr = 0.01): Trained {
	const trainer = new Trainer({seed, lr, faces: defaultConfig.faces});
	const events: EpochStats[] = [];
	const listen = (stats: EpochStats): void => {
		events.push(stats);
	};

	trainer.run(300, listen);
	trainer.configure({lr: 0.02, loss: 'nonsaturating', train: 'both'});
	trainer.run(200, listen);
	trainer.configure({lr: 0.02, loss: 'minimax', train: 'both'});
	trainer.run(200, listen);
	trainer.configure({lr: 0.02, loss: 'minimax', train: 'g'});
	trainer.run(300, listen);
	return {trainer, events};
}
