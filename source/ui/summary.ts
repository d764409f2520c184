/**
 * What is printed on the normal screen after the dashboard closes: the
 * run's length and final losses, the final parameters in the tutorial's
 * four lines (full precision, so they equal `tinygan --json`'s), and the
 * command that reproduces the run headless.
 */
import type {TrainerSnapshot} from '../engine/trainer.js';
import {defaultPreset} from '../engine/presets.js';
import {type DataSource, dataFlags} from '../run/dataset.js';
import {type Schedule, formatSchedule} from '../run/schedule.js';

/** Numpy-style array: `[ 0.70702123  0.03720449 -0.45703394]`, but every digit kept. */
export function numpyArray(values: readonly number[]): string {
	return `[${values.map(value => (value < 0 ? String(value) : ` ${String(value)}`)).join(' ')}]`;
}

/** The lines for a run's snapshot; its schedule, live changes and all, goes into the command that reproduces it. */
export function summaryLines(
	snapshot: TrainerSnapshot & {readonly schedule?: Schedule; readonly data?: DataSource | undefined},
): string[] {
	const {config, epoch, parameters, last, diverged, schedule = [], data} = snapshot;
	const dataset = data === undefined ? '' : dataFlags(data, defaultPreset);
	// Schedules print without characters a shell reads (digits, letters, . + - : = ,)
	const scheduled = schedule.length > 0 ? ` --schedule ${formatSchedule(schedule)}` : '';
	const losses = last ? `: D loss ${last.dLoss.toFixed(6)}, G loss ${last.gLoss.toFixed(6)}` : '';
	const lines = [`tinygan: ${epoch} epoch${epoch === 1 ? '' : 's'}, seed ${config.seed}, lr ${config.lr}${losses}`];
	if (diverged) {
		lines.push(
			`The run diverged in epoch ${diverged.epoch}: ${diverged.reason}. The numbers below are the last finite ones.`,
		);
	}

	lines.push(
		`Generator weights ${numpyArray(parameters.generator.weights)}`,
		`Generator biases ${numpyArray(parameters.generator.biases)}`,
		`Discriminator weights ${numpyArray(parameters.discriminator.weights)}`,
		`Discriminator bias ${parameters.discriminator.bias}`,
		'Reproduce it headless:',
		// A diverged run is reproduced up to and including the epoch that diverged
		`tinygan --seed ${config.seed} --lr ${config.lr}${dataset}${scheduled} --epochs ${diverged ? diverged.epoch : epoch} --json`,
	);
	return lines;
}
