/**
 * A run's schedule (`SPEC.md`, "Schedules"): changes at epoch boundaries.
 * `E:key=value` applies after E completed epochs, i.e. from epoch E+1 on;
 * several changes at the same E apply in the order written.
 */

/** The generator's loss: the tutorial's `−ln D(G(z))`, or the original GAN's `ln(1 − D(G(z)))`. */
export type GeneratorLoss = 'nonsaturating' | 'minimax';
/** Which nets train: both (default), D only (G frozen), G only (D frozen). */
export type TrainMode = 'both' | 'd' | 'g';

/** What a schedule changes, in force from one epoch boundary to the next. */
export type Settings = {
	readonly lr: number;
	readonly loss: GeneratorLoss;
	readonly train: TrainMode;
};

export type Change =
	| {readonly epoch: number; readonly key: 'lr'; readonly value: number}
	| {readonly epoch: number; readonly key: 'loss'; readonly value: GeneratorLoss}
	| {readonly epoch: number; readonly key: 'train'; readonly value: TrainMode};

/** Changes in the order they apply: by epoch, and in the order written within one epoch. */
export type Schedule = readonly Change[];
