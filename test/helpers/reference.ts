/**
 * The tutorial's numpy run (seed 42, lr 0.01, 1000 epochs), from the fixture
 * `test/fixtures/reference-seed42.json` (see test/fixtures/README.md): the fields the tests compare against.
 */
import {readFileSync} from 'node:fs';
import {referencePath} from './paths.js';

/** Parameters as the tutorial names them. */
export type ReferenceParameters = {
	readonly D_weights: number[];
	readonly D_bias: number;
	readonly G_weights: number[];
	readonly G_biases: number[];
};

export type Reference = {
	readonly config: {
		readonly seed: number;
		readonly learning_rate: number;
		readonly epochs: number;
		readonly samples_per_epoch: number;
		readonly faces: number[][];
	};
	readonly initial: ReferenceParameters;
	readonly final: ReferenceParameters;
	readonly z_first_2_epochs: number[];
	readonly z_last_2_epochs: number[];
	/** Per sample k = 5·epoch index + face index: G's error −ln D(G(z)) after the real-face D step. */
	readonly errors_per_sample: {readonly generator: number[]};
	/** Keyed by the 0-based epoch index ("0" is epoch 1). */
	readonly epoch_mean_errors: Record<
		string,
		{readonly discriminator: number; readonly generator: number; readonly discriminator_intended: number}
	>;
	/** After the epoch, keyed by its 0-based index ("0" is epoch 1). */
	readonly params_after_epoch: Record<string, ReferenceParameters>;
	readonly generated: {readonly z: number[]; readonly images: number[][]};
};

/** Reads and parses the reference file (a missing file throws ENOENT naming the path). */
export function readReference(): Reference {
	return JSON.parse(readFileSync(referencePath, 'utf8')) as Reference;
}
