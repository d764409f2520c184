/**
 * Checkpoints to test with: of a real run, and random ones full of awkward
 * doubles; the bits of a value, to compare doubles exactly (−0 is not 0);
 * and the checksum as the file format defines it, computed here apart from
 * source/run/checkpoint.ts, to make files that are wrong in one way only.
 */
import {createHash} from 'node:crypto';
import {Rng} from '../../source/engine/rng.js';
import {Trainer, type TrainerSnapshot, defaultConfig} from '../../source/engine/trainer.js';
import type {Checkpoint} from '../../source/run/checkpoint.js';
import {type HistoryState, LossHistory} from '../../source/run/history.js';
import type {Change, Settings} from '../../source/run/schedule.js';

export const tutorialSettings: Settings = {lr: 0.01, loss: 'nonsaturating', train: 'both'};

/** A checkpoint of the tutorial's run after `epochs` epochs, with its loss history. */
export function trainedCheckpoint(epochs: number, seed = 42): Checkpoint {
	const trainer = new Trainer({seed, ...defaultConfig});
	const history = new LossHistory();
	trainer.run(epochs, stats => {
		history.add(stats);
	});
	return checkpointOf(trainer.snapshot(), history.state());
}

/** The state of a loss history of `epochs` made-up epochs (2051: 512 points of 4 epochs, and 3). */
export function historyOf(epochs: number): HistoryState {
	const history = new LossHistory();
	for (let i = 0; i < epochs; i++) {
		history.add({dLoss: 1 + (i % 7) / 8, gLoss: 0.5 + (i % 5) / 3});
	}

	return history.state();
}

/** A trainer's snapshot as a checkpoint with the tutorial's settings and no changes. */
export function checkpointOf(snapshot: TrainerSnapshot, history: HistoryState): Checkpoint {
	return {
		seed: snapshot.config.seed,
		faces: snapshot.config.faces,
		initial: tutorialSettings,
		schedule: [],
		settings: tutorialSettings,
		epoch: snapshot.epoch,
		parameters: snapshot.parameters,
		rng: snapshot.rng,
		last: snapshot.last,
		diverged: snapshot.diverged,
		history,
	};
}

/** The checkpoint's snapshot, to continue training from it. */
export function snapshotOf(checkpoint: Checkpoint): TrainerSnapshot {
	const {seed, faces, initial, settings, epoch, parameters, rng, last, diverged} = checkpoint;
	return {config: {seed, ...initial, faces}, settings, epoch, parameters, rng, last, diverged};
}

/** Doubles that are easy to lose on the way to text and back. */
export const awkwardDoubles = [
	0,
	-0,
	5e-324, // The smallest denormal
	-5e-324,
	2.225_073_858_507_201e-308, // The largest denormal
	2.225_073_858_507_201_4e-308, // The smallest normal
	1.797_693_134_862_315_7e308, // The largest double
	-1.797_693_134_862_315_7e308,
	0.1,
	1 / 3,
	2 ** 53 + 2,
	1e21, // Written 1e+21
	1e-7, // Written 1e-7
	Number.EPSILON,
	1 - 2 ** -53,
	-1.234_567_890_123_456_7e-300,
];

/** Any finite double: an awkward one, or random bits. */
function randomDouble(rng: Rng): number {
	if (rng.uniform() < 0.3) {
		return awkwardDoubles[Math.floor(rng.uniform() * awkwardDoubles.length)]!;
	}

	const view = new DataView(new ArrayBuffer(8));
	do {
		view.setUint32(0, rng.nextUint32());
		view.setUint32(4, rng.nextUint32());
	} while (!Number.isFinite(view.getFloat64(0)));

	return view.getFloat64(0);
}

function randomUnit(rng: Rng): number {
	const awkward = [0, -0, 1, 5e-324, 1 - 2 ** -53, 0.1];
	return rng.uniform() < 0.3 ? awkward[Math.floor(rng.uniform() * awkward.length)]! : rng.uniform();
}

/** A whole number in 0 … max. */
function randomInteger(rng: Rng, max: number): number {
	return Math.floor(rng.uniform() * (max + 1));
}

function pick<T>(rng: Rng, items: readonly T[]): T {
	return items[Math.floor(rng.uniform() * items.length)]!;
}

/** A valid checkpoint of random, awkward content (no run would make it, every field in its range). */
export function randomCheckpoint(seed: number): Checkpoint {
	const rng = Rng.seeded(seed);
	const epoch = pick(rng, [0, 1, 7, randomInteger(rng, 1e6), 2 ** 40 + 3, Number.MAX_SAFE_INTEGER - 1]);
	const settings = (): Settings => ({
		lr: pick(rng, [0.01, 5e-324, 1.797_693_134_862_315_7e308, Math.abs(randomDouble(rng)) || 0.5]),
		loss: pick(rng, ['nonsaturating', 'minimax'] as const),
		train: pick(rng, ['both', 'd', 'g'] as const),
	});
	const changeEpochs = Array.from({length: randomInteger(rng, 6)}, () => randomInteger(rng, epoch)).sort(
		(a, b) => a - b,
	);
	const schedule = changeEpochs.map((at): Change => {
		const {lr, loss, train} = settings();
		return pick(rng, [
			{epoch: at, key: 'lr', value: lr},
			{epoch: at, key: 'loss', value: loss},
			{epoch: at, key: 'train', value: train},
		] as const);
	});
	const four = (): [number, number, number, number] => [
		randomDouble(rng),
		randomDouble(rng),
		randomDouble(rng),
		randomDouble(rng),
	];
	const hasGauss = rng.uniform() < 0.5;
	// As LossHistory keeps it: up to 1023 points, at least 512 once the stride grew
	const stride = rng.uniform() < 0.5 ? 1 : 2 ** (1 + randomInteger(rng, 19));
	const points = stride === 1 ? randomInteger(rng, 1023) : 512 + randomInteger(rng, 511);
	const loss = (): number => pick(rng, [randomDouble(rng), randomDouble(rng), Infinity, -Infinity, Number.NaN]);
	return {
		seed: pick(rng, [0, 42, 0xff_ff_ff_ff, rng.nextUint32()]),
		faces: Array.from(
			{length: 1 + randomInteger(rng, 40)},
			() => [randomUnit(rng), randomUnit(rng), randomUnit(rng), randomUnit(rng)] as const,
		),
		initial: settings(),
		schedule,
		settings: settings(),
		epoch,
		parameters: {
			generator: {weights: four(), biases: four()},
			discriminator: {weights: four(), bias: randomDouble(rng)},
		},
		rng: {
			key: Array.from({length: 624}, () => pick(rng, [0, 0xff_ff_ff_ff, rng.nextUint32(), rng.nextUint32()])),
			pos: randomInteger(rng, 624),
			hasGauss,
			gauss: hasGauss ? randomDouble(rng) : 0,
		},
		last:
			epoch === 0 || rng.uniform() < 0.2
				? undefined
				: {
						epoch: Math.min(epoch, 1 + Math.floor(rng.uniform() * epoch)),
						dLoss: loss(),
						gLoss: loss(),
						dReal: randomUnit(rng),
						dFake: randomUnit(rng),
					},
		diverged:
			rng.uniform() < 0.3
				? {epoch: epoch + 1, reason: 'G loss became infinite: the discriminator rejects every generated image'}
				: undefined,
		history: {
			d: Array.from({length: points}, () => randomDouble(rng)),
			g: Array.from({length: points}, () => randomDouble(rng)),
			stride,
			pendingD: randomDouble(rng),
			pendingG: randomDouble(rng),
			pendingCount: randomInteger(rng, stride - 1),
		},
	};
}

/** The value with each number replaced by its 64 bits in hex: equal bits, equal doubles (−0 ≠ 0). */
export function bits(value: unknown): unknown {
	if (typeof value === 'number') {
		const view = new DataView(new ArrayBuffer(8));
		view.setFloat64(0, value);
		return `f64:${view.getBigUint64(0).toString(16).padStart(16, '0')}`;
	}

	if (Array.isArray(value)) {
		return value.map(item => bits(item));
	}

	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, bits(item)]));
	}

	return value;
}

/** The next double up (for a finite, positive or negative, nonzero x). */
export function nextDouble(x: number): number {
	const view = new DataView(new ArrayBuffer(8));
	view.setFloat64(0, x);
	view.setBigUint64(0, view.getBigUint64(0) + 1n);
	return view.getFloat64(0);
}

/** The format's canonical text: compact, keys sorted, −0 as -0. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) {
		return `[${value.map(item => canonicalJson(item)).join(',')}]`;
	}

	if (typeof value === 'object' && value !== null) {
		const object = value as Record<string, unknown>;
		const members = Object.keys(object)
			.sort()
			.map(key => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
		return `{${members.join(',')}}`;
	}

	return Object.is(value, -0) ? '-0' : JSON.stringify(value);
}

export function checksumOf(content: unknown): string {
	return `sha256:${createHash('sha256').update(canonicalJson(content)).digest('hex')}`;
}
