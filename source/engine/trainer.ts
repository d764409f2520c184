/**
 * Training in the tutorial's order (`SPEC.md`, "One epoch"), with per-epoch
 * statistics, divergence detection, and snapshots that restore exactly.
 * Between epochs the settings may change (`SPEC.md`, "Beyond the tutorial"):
 * the learning rate, the generator's loss, and which nets train.
 *
 * The trainer is the only mutable thing in the engine; everything it hands
 * out (`snapshot()`, `parameters()`, epoch statistics passed to listeners)
 * is a plain value that can be copied, compared and serialised.
 */
import {slantedFaces} from './data.js';
import {
	type GeneratorLoss,
	type Image,
	type Parameters,
	discriminate,
	fromParameters,
	generateImage,
	generatorLosses,
	parameterCount,
	sigmoid,
	toParameters,
} from './model.js';
import {Rng, type RngState, isValidSeed} from './rng.js';
import {EpochUpdates} from './updates.js';

export type {GeneratorLoss} from './model.js';

/** The sizes of the batches `Trainer.run` trains in (see there). */
const enum Batches {
	/** The largest batch of a trainer's first `WarmingEpochs` epochs. */
	WarmingLargest = 64,
	/** V8 has compiled the loop well before this epoch (about 6,000–8,000 here). */
	WarmingEpochs = 16_384,
	Largest = 4096,
}

/** Which nets train (`SPEC.md`, "Which nets train"): both, D only (G frozen), G only (D frozen). */
export type TrainMode = 'both' | 'd' | 'g';

export const trainModes: readonly TrainMode[] = ['both', 'd', 'g'];

/** What may change between epochs. */
export type Settings = {
	/** SGD learning rate η, finite and > 0. */
	readonly lr: number;
	readonly loss: GeneratorLoss;
	readonly train: TrainMode;
};

export type TrainerConfig = {
	/** Seeds the RNG as `np.random.seed(seed)`: an integer in 0 … 4294967295. */
	readonly seed: number;
	/** SGD learning rate η at the start, finite and > 0. The tutorial's is 0.01. */
	readonly lr: number;
	/** The real images, trained on in this order each epoch. */
	readonly faces: readonly Image[];
	/** The generator's loss at the start (default: the tutorial's, nonsaturating). */
	readonly loss?: GeneratorLoss;
	/** Which nets train at the start (default: both). */
	readonly train?: TrainMode;
};

export const defaultConfig = {lr: 0.01, faces: slantedFaces} as const;

/** The settings a run starts with: the config's lr, loss and train, or their defaults. */
export function initialSettings(config: TrainerConfig): Settings {
	return {lr: config.lr, loss: config.loss ?? 'nonsaturating', train: config.train ?? 'both'};
}

/** What one epoch did: means over its samples, recorded at step 3 of each sample. */
export type EpochStats = {
	/** Completed epochs, from 1. */
	readonly epoch: number;
	/** Mean of −ln D(x) − ln(1 − D(G(z))). */
	readonly dLoss: number;
	/** Mean of the loss G minimises: −ln D(G(z)) (nonsaturating) or ln(1 − D(G(z))) (minimax). */
	readonly gLoss: number;
	/** Mean D(x) over the real faces. */
	readonly dReal: number;
	/** Mean D(G(z)) over the generated images. */
	readonly dFake: number;
};

/** Why a run stopped being finite. The trainer keeps the last finite parameters. */
export type Divergence = {
	/** The epoch that produced a non-finite value (it is not counted as trained). */
	readonly epoch: number;
	readonly reason: string;
};

export type TrainerSnapshot = {
	readonly config: TrainerConfig;
	/** The settings in force for the next epoch. */
	readonly settings: Settings;
	readonly epoch: number;
	readonly parameters: Parameters;
	readonly rng: RngState;
	readonly last: EpochStats | undefined;
	readonly diverged: Divergence | undefined;
};

export type EpochListener = (stats: EpochStats) => void;

export function validateConfig(config: TrainerConfig): void {
	if (!isValidSeed(config.seed)) {
		throw new RangeError(`seed must be an integer in 0 … 4294967295, got ${config.seed}`);
	}

	validateSettings(initialSettings(config));
	if (config.faces.length === 0 || config.faces.some(face => face.length !== 4)) {
		throw new RangeError('the real images must be at least one 2×2 image of 4 values');
	}
}

export function validateSettings(settings: Settings): void {
	if (!(Number.isFinite(settings.lr) && settings.lr > 0)) {
		throw new RangeError(`learning rate must be finite and > 0, got ${settings.lr}`);
	}

	if (!generatorLosses.includes(settings.loss)) {
		throw new RangeError(`the generator's loss must be nonsaturating or minimax, got ${String(settings.loss)}`);
	}

	if (!trainModes.includes(settings.train)) {
		throw new RangeError(`the nets that train must be both, d or g, got ${String(settings.train)}`);
	}
}

export class Trainer {
	static fromSnapshot(snapshot: TrainerSnapshot): Trainer {
		const trainer = new Trainer(snapshot.config);
		trainer.restore(snapshot);
		return trainer;
	}

	readonly config: TrainerConfig;
	private readonly p = new Float64Array(parameterCount);
	private readonly zs: Float64Array;
	/** D(x) and D(x̂) of each sample of the epoch, at the point its losses are taken. */
	private readonly dReals: Float64Array;
	private readonly dFakes: Float64Array;
	/** The epoch's summed D and G losses. */
	private readonly losses = new Float64Array(2);
	/** The last trained epoch's means, written at the end of each batch. */
	private readonly lastSums = new Float64Array(4);
	private readonly faces: Float64Array;
	private rng: Rng;
	/** What the next epoch trains with. */
	private current: Settings;
	private epochsDone = 0;
	/** Epochs in the next call of `train`: doubling from 1 (see `run` and `Batches`). */
	private batchSize = 1;
	private lastStats: EpochStats | undefined;
	private divergence: Divergence | undefined;

	constructor(config: TrainerConfig) {
		validateConfig(config);
		this.config = normalise(config);
		this.current = initialSettings(this.config);
		this.faces = Float64Array.from(config.faces.flat());
		this.zs = new Float64Array(config.faces.length);
		this.dReals = new Float64Array(config.faces.length);
		this.dFakes = new Float64Array(config.faces.length);
		this.rng = Rng.seeded(config.seed);
		this.initialise();
	}

	/** Completed epochs. */
	get epoch(): number {
		return this.epochsDone;
	}

	/** Set once a value stopped being finite; training then refuses to go on. */
	get diverged(): Divergence | undefined {
		return this.divergence;
	}

	/** The statistics of the last completed epoch. */
	get last(): EpochStats | undefined {
		return this.lastStats;
	}

	/** The settings the next epoch trains with. */
	get settings(): Settings {
		return this.current;
	}

	/** Trains the following epochs with these settings (throws a RangeError for invalid ones). */
	configure(settings: Settings): void {
		validateSettings(settings);
		this.current = {lr: settings.lr, loss: settings.loss, train: settings.train};
	}

	/** Back to epoch 0 with the same seed and the config's settings: the same run again. */
	reset(): void {
		this.rng = Rng.seeded(this.config.seed);
		this.current = initialSettings(this.config);
		this.epochsDone = 0;
		this.lastStats = undefined;
		this.divergence = undefined;
		this.initialise();
	}

	/** Trains one epoch; returns its statistics, or undefined once diverged. */
	step(): EpochStats | undefined {
		return this.run(1) === 1 ? this.lastStats : undefined;
	}

	/**
	 * Trains up to `epochs` epochs (fewer if the run diverges) and returns how
	 * many it trained. `onEpoch` hears each epoch whose number is a multiple
	 * of `every` (0: none); `last` holds the last one trained either way.
	 */
	run(epochs: number, onEpoch?: EpochListener, every = 1): number {
		// In batches: V8 optimises a function called many times far better
		// than one long loop compiled on the fly (on-stack replacement boxes
		// the loop's doubles, about 25% slower). The first batches are short,
		// 1, 2, 4, … epochs, so that train's first calls run to their end: a
		// first call of 4096 epochs was replaced on the stack before it ever
		// left its loop, and that code, knowing nothing of what follows the
		// loop, was thrown away at the end of every batch (35 times in a run
		// of 3M epochs). And the batches stay short while V8 may still be
		// compiling the loop (some 20–30 ms on another thread, while the loop
		// runs about ten times slower in V8's baseline code): the compiled
		// code is taken up at the next call, where a long call would go on in
		// the slow code to its end (a batch of 4096 took 20 ms so), or have V8
		// compile the loop once more to replace it on the stack.
		// The tutorial's settings take the hot loop written for them alone; any
		// other, the general one (with the hot loop's arithmetic for the steps it takes).
		const tutorial = this.current.loss === 'nonsaturating' && this.current.train === 'both';
		let done = 0;
		while (done < epochs && !this.divergence) {
			const batch = Math.min(epochs - done, this.batchSize);
			this.batchSize = Math.min(
				this.batchSize * 2,
				this.epochsDone < Batches.WarmingEpochs ? Batches.WarmingLargest : Batches.Largest,
			);
			const trained = tutorial ? this.train(batch, onEpoch, every) : this.trainVariant(batch, onEpoch, every);
			done += trained;
			if (trained < batch) {
				break;
			}
		}

		if (done > 0 && this.lastStats?.epoch !== this.epochsDone) {
			const [dLoss, gLoss, dReal, dFake] = this.lastSums as unknown as [number, number, number, number];
			this.lastStats = statsOf(this.epochsDone, dLoss, gLoss, dReal, dFake);
		}

		return done;
	}

	private train(epochs: number, onEpoch: EpochListener | undefined, every: number): number {
		if (this.divergence) {
			return 0;
		}

		const {p, faces, rng, zs, dReals, dFakes, losses} = this;
		const {lr} = this.current;
		const n = faces.length / 4;
		// The tutorial's settings: both nets train, G's loss is −ln D(G(z)).
		// The same arithmetic as model.ts's gradients and `descend`, in the
		// tutorial's order, on locals: test/engine/trainer.test.ts holds the
		// two bit-identical. D: v, b. G: w, c.
		//
		// The loop's speed is V8 inlining sigmoid at all eight places (a call
		// spills every live double): its default budget, 920 bytes of bytecode
		// inlined into one function, covers about six. The command raises it
		// as it starts (scripts/start.cjs, which is dist/cli.js).
		let v0 = p[0]!;
		let v1 = p[1]!;
		let v2 = p[2]!;
		let v3 = p[3]!;
		let b = p[4]!;
		let w0 = p[5]!;
		let w1 = p[6]!;
		let w2 = p[7]!;
		let w3 = p[8]!;
		let c0 = p[9]!;
		let c1 = p[10]!;
		let c2 = p[11]!;
		let c3 = p[12]!;
		// Sums of the last finite epoch, for `last`. Its losses are the logs of
		// its products, taken only when they are reported (two out-of-line
		// calls of Math.log an epoch otherwise), or, when a product left the
		// normal range, summed log by log as that epoch ends (`epochLosses`).
		let dProduct = 1;
		let gProduct = 1;
		let dLoss = 0;
		let gLoss = 0;
		let dReal = 0;
		let dFake = 0;
		let done = 0;

		for (; done < epochs; done++) {
			let dRealSum = 0;
			let dFakeSum = 0;
			// Π D(x)·(1 − D(x̂)) and Π D(x̂), as `epochLosses` makes them
			let dProductNow = 1;
			let gProductNow = 1;
			rng.fillUniforms(zs, n); // One z per sample, drawn in order

			for (let at = 0, sample = 0; at < faces.length; at += 4, sample++) {
				const x0 = faces[at]!;
				const x1 = faces[at + 1]!;
				const x2 = faces[at + 2]!;
				const x3 = faces[at + 3]!;

				// 1. D step on the real face x: θ ← θ − η·∂(−ln D(x))/∂θ, with ∂/∂v = −(1−p)·x, ∂/∂b = −(1−p)
				const oneMinusP = 1 - sigmoid(x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3 + b);
				v0 += lr * (x0 * oneMinusP);
				v1 += lr * (x1 * oneMinusP);
				v2 += lr * (x2 * oneMinusP);
				v3 += lr * (x3 * oneMinusP);
				b += lr * oneMinusP;

				// 2. z ~ U[0, 1), and x̂ = G(z) (h for x̂)
				const z = zs[sample]!;
				const h0 = sigmoid(z * w0 + c0);
				const h1 = sigmoid(z * w1 + c1);
				const h2 = sigmoid(z * w2 + c2);
				const h3 = sigmoid(z * w3 + c3);

				// 3. D(x) and D(x̂) at this point, for the sample's losses (taken after the epoch)
				const pReal = sigmoid(x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3 + b);
				const q = sigmoid(h0 * v0 + h1 * v1 + h2 * v2 + h3 * v3 + b);
				dReals[sample] = pReal;
				dFakes[sample] = q;
				dRealSum += pReal;
				dFakeSum += q;
				dProductNow *= pReal * (1 - q);
				gProductNow *= q;

				// 4. D step on x̂: ∂(−ln(1 − D(x̂)))/∂v = q·x̂, ∂/∂b = q
				v0 -= lr * (h0 * q);
				v1 -= lr * (h1 * q);
				v2 -= lr * (h2 * q);
				v3 -= lr * (h3 * q);
				b -= lr * q;

				// 5. G step against the updated D: ∂(−ln D(G(z)))/∂wᵢ = −fᵢ·z, ∂/∂cᵢ = −fᵢ,
				//    fᵢ = (1−y)·vᵢ·x̂ᵢ·(1−x̂ᵢ), y = D(x̂)
				const oneMinusY = 1 - sigmoid(h0 * v0 + h1 * v1 + h2 * v2 + h3 * v3 + b);
				const f0 = oneMinusY * v0 * h0 * (1 - h0);
				const f1 = oneMinusY * v1 * h1 * (1 - h1);
				const f2 = oneMinusY * v2 * h2 * (1 - h2);
				const f3 = oneMinusY * v3 * h3 * (1 - h3);
				w0 += lr * (f0 * z);
				w1 += lr * (f1 * z);
				w2 += lr * (f2 * z);
				w3 += lr * (f3 * z);
				c0 += lr * f0;
				c1 += lr * f1;
				c2 += lr * f2;
				c3 += lr * f3;
			}

			// In the normal range the logs of the products are finite; outside it, sum them log by log now
			const inRange = dProductNow > 1e-300 && gProductNow > 1e-300;
			if (!inRange) {
				this.epochLosses(false);
			}

			const sum = v0 + v1 + v2 + v3 + b + w0 + w1 + w2 + w3 + c0 + c1 + c2 + c3;
			if (!Number.isFinite(sum) || !(inRange || Number.isFinite(losses[0]! + losses[1]!))) {
				// P still holds the last finite epoch's parameters; this epoch does not count.
				const dLossSum = inRange ? -Math.log(dProductNow) : losses[0]!;
				const gLossSum = inRange ? -Math.log(gProductNow) : losses[1]!;
				this.divergence = {epoch: this.epochsDone + 1, reason: describeDivergence(sum, dLossSum, gLossSum)};
				break;
			}

			p[0] = v0;
			p[1] = v1;
			p[2] = v2;
			p[3] = v3;
			p[4] = b;
			p[5] = w0;
			p[6] = w1;
			p[7] = w2;
			p[8] = w3;
			p[9] = c0;
			p[10] = c1;
			p[11] = c2;
			p[12] = c3;
			this.epochsDone++;
			// The losses are dLoss − ln dProduct and gLoss − ln gProduct: the products' logs (dLoss and
			// gLoss 0), or the sums made log by log (products 1)
			dProduct = inRange ? dProductNow : 1;
			gProduct = inRange ? gProductNow : 1;
			dLoss = inRange ? 0 : losses[0]!;
			gLoss = inRange ? 0 : losses[1]!;
			dReal = dRealSum;
			dFake = dFakeSum;
			if (onEpoch && every > 0 && this.epochsDone % every === 0) {
				const dLossSum = dLoss - Math.log(dProduct);
				const gLossSum = gLoss - Math.log(gProduct);
				this.lastStats = statsOf(this.epochsDone, dLossSum / n, gLossSum / n, dReal / n, dFake / n);
				onEpoch(this.lastStats);
			}
		}

		if (done > 0) {
			const {lastSums} = this;
			lastSums[0] = (dLoss - Math.log(dProduct)) / n;
			lastSums[1] = (gLoss - Math.log(gProduct)) / n;
			lastSums[2] = dReal / n;
			lastSums[3] = dFake / n;
		}

		return done;
	}

	/**
	 * Training with any other settings: G's loss minimax, or one net frozen.
	 * The hot loop's arithmetic step for step, with a frozen net's steps left
	 * out (`SPEC.md`, "Which nets train") and G's factor y (minimax) in place
	 * of 1 − y. z is drawn and the losses are taken in every mode, so the
	 * random stream is the same whatever trains. A loop of its own, so that
	 * the tutorial's stays as V8 compiles it best; test/engine/trainer.test.ts
	 * holds this one, too, bit-identical to model.ts's gradients and `descend`.
	 */
	private trainVariant(epochs: number, onEpoch: EpochListener | undefined, every: number): number {
		if (this.divergence) {
			return 0;
		}

		const {p, faces, rng, zs, dReals, dFakes, losses} = this;
		const {lr, loss, train} = this.current;
		const minimax = loss === 'minimax';
		const trainD = train !== 'g';
		const trainG = train !== 'd';
		const n = faces.length / 4;
		let v0 = p[0]!;
		let v1 = p[1]!;
		let v2 = p[2]!;
		let v3 = p[3]!;
		let b = p[4]!;
		let w0 = p[5]!;
		let w1 = p[6]!;
		let w2 = p[7]!;
		let w3 = p[8]!;
		let c0 = p[9]!;
		let c1 = p[10]!;
		let c2 = p[11]!;
		let c3 = p[12]!;
		let dLoss = 0;
		let gLoss = 0;
		let dReal = 0;
		let dFake = 0;
		let done = 0;

		for (; done < epochs; done++) {
			let dRealSum = 0;
			let dFakeSum = 0;
			rng.fillUniforms(zs, n); // One z per sample, drawn in order, whatever trains

			for (let at = 0, sample = 0; at < faces.length; at += 4, sample++) {
				const x0 = faces[at]!;
				const x1 = faces[at + 1]!;
				const x2 = faces[at + 2]!;
				const x3 = faces[at + 3]!;

				// 1. D step on the real face x (not when D is frozen): ∂(−ln D(x))/∂v = −(1−p)·x, ∂/∂b = −(1−p)
				if (trainD) {
					const oneMinusP = 1 - sigmoid(x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3 + b);
					v0 += lr * (x0 * oneMinusP);
					v1 += lr * (x1 * oneMinusP);
					v2 += lr * (x2 * oneMinusP);
					v3 += lr * (x3 * oneMinusP);
					b += lr * oneMinusP;
				}

				// 2. z ~ U[0, 1), and x̂ = G(z) (h for x̂)
				const z = zs[sample]!;
				const h0 = sigmoid(z * w0 + c0);
				const h1 = sigmoid(z * w1 + c1);
				const h2 = sigmoid(z * w2 + c2);
				const h3 = sigmoid(z * w3 + c3);

				// 3. D(x) and D(x̂) at this point, for the sample's losses (in every mode)
				const pReal = sigmoid(x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3 + b);
				const q = sigmoid(h0 * v0 + h1 * v1 + h2 * v2 + h3 * v3 + b);
				dReals[sample] = pReal;
				dFakes[sample] = q;
				dRealSum += pReal;
				dFakeSum += q;

				// 4. D step on x̂ (not when D is frozen): ∂(−ln(1 − D(x̂)))/∂v = q·x̂, ∂/∂b = q
				if (trainD) {
					v0 -= lr * (h0 * q);
					v1 -= lr * (h1 * q);
					v2 -= lr * (h2 * q);
					v3 -= lr * (h3 * q);
					b -= lr * q;
				}

				// 5. G step against D as it now is (not when G is frozen): ∂/∂wᵢ = −fᵢ·z, ∂/∂cᵢ = −fᵢ, y = D(x̂),
				//    fᵢ = (1−y)·vᵢ·x̂ᵢ·(1−x̂ᵢ) for −ln y (nonsaturating), fᵢ = y·vᵢ·x̂ᵢ·(1−x̂ᵢ) for ln(1−y) (minimax)
				if (trainG) {
					const y = sigmoid(h0 * v0 + h1 * v1 + h2 * v2 + h3 * v3 + b);
					const k = minimax ? y : 1 - y;
					const f0 = k * v0 * h0 * (1 - h0);
					const f1 = k * v1 * h1 * (1 - h1);
					const f2 = k * v2 * h2 * (1 - h2);
					const f3 = k * v3 * h3 * (1 - h3);
					w0 += lr * (f0 * z);
					w1 += lr * (f1 * z);
					w2 += lr * (f2 * z);
					w3 += lr * (f3 * z);
					c0 += lr * f0;
					c1 += lr * f1;
					c2 += lr * f2;
					c3 += lr * f3;
				}
			}

			// As in `train`, but the losses taken each epoch (the variants are not the hot path)
			this.epochLosses(minimax);
			const dLossSum = losses[0]!;
			const gLossSum = losses[1]!;
			const sum = v0 + v1 + v2 + v3 + b + w0 + w1 + w2 + w3 + c0 + c1 + c2 + c3;
			if (!Number.isFinite(dLossSum + gLossSum + sum)) {
				this.divergence = {epoch: this.epochsDone + 1, reason: describeDivergence(sum, dLossSum, gLossSum)};
				break;
			}

			p[0] = v0;
			p[1] = v1;
			p[2] = v2;
			p[3] = v3;
			p[4] = b;
			p[5] = w0;
			p[6] = w1;
			p[7] = w2;
			p[8] = w3;
			p[9] = c0;
			p[10] = c1;
			p[11] = c2;
			p[12] = c3;
			this.epochsDone++;
			dLoss = dLossSum;
			gLoss = gLossSum;
			dReal = dRealSum;
			dFake = dFakeSum;
			if (onEpoch && every > 0 && this.epochsDone % every === 0) {
				this.lastStats = statsOf(this.epochsDone, dLoss / n, gLoss / n, dReal / n, dFake / n);
				onEpoch(this.lastStats);
			}
		}

		if (done > 0) {
			const {lastSums} = this;
			lastSums[0] = dLoss / n;
			lastSums[1] = gLoss / n;
			lastSums[2] = dReal / n;
			lastSums[3] = dFake / n;
		}

		return done;
	}

	/**
	 * The epoch's summed losses, Σ −ln D(x) − ln(1 − D(x̂)) and G's, Σ −ln D(x̂)
	 * or (minimax) Σ ln(1 − D(x̂)), into `losses`: as the logs of products (two
	 * logs an epoch, not three a sample: the same sums to a few ulp of the
	 * products), or log by log when a product leaves the normal range, so that
	 * only a truly infinite loss is one.
	 */
	private epochLosses(minimax: boolean): void {
		const {dReals, dFakes, losses} = this;
		let dProduct = 1;
		let gProduct = 1;
		for (let i = 0; i < dReals.length; i++) {
			dProduct *= dReals[i]! * (1 - dFakes[i]!);
			gProduct *= minimax ? 1 - dFakes[i]! : dFakes[i]!;
		}

		if (dProduct > 1e-300 && gProduct > 1e-300) {
			losses[0] = -Math.log(dProduct);
			losses[1] = minimax ? Math.log(gProduct) : -Math.log(gProduct);
			return;
		}

		let d = 0;
		let g = 0;
		for (let i = 0; i < dReals.length; i++) {
			d += -Math.log(dReals[i]!) - Math.log(1 - dFakes[i]!);
			g += minimax ? Math.log(1 - dFakes[i]!) : -Math.log(dFakes[i]!);
		}

		losses[0] = d;
		losses[1] = g;
	}

	parameters(): Parameters {
		return toParameters(this.p);
	}

	/** G(z) with the current generator. Draws nothing from the RNG. */
	generate(z: number): Image {
		return generateImage(this.p, z);
	}

	/** D(x) with the current discriminator. */
	discriminate(image: Image): number {
		return discriminate(this.p, image);
	}

	/**
	 * Draws `count` z from the training RNG and returns G(z) for each, as the
	 * tutorial does after training. This advances the RNG.
	 */
	drawSamples(count: number): Array<{z: number; image: Image}> {
		return Array.from({length: count}, () => {
			const z = this.rng.uniform();
			return {z, image: this.generate(z)};
		});
	}

	/**
	 * The next epoch as its single SGD updates, on a copy: the trainer stays
	 * where it is, and `run(1)` then trains the epoch the updates make.
	 */
	updates(): EpochUpdates {
		return new EpochUpdates({
			epoch: this.epochsDone,
			parameters: this.parameters(),
			rng: this.rng.state(),
			settings: this.current,
			faces: this.config.faces,
		});
	}

	snapshot(): TrainerSnapshot {
		return {
			config: this.config,
			settings: this.current,
			epoch: this.epochsDone,
			parameters: this.parameters(),
			rng: this.rng.state(),
			last: this.lastStats,
			diverged: this.divergence,
		};
	}

	/** Continues from a snapshot of a run with this trainer's configuration (else use `fromSnapshot`), with its settings. */
	restore(snapshot: TrainerSnapshot): void {
		if (JSON.stringify(normalise(snapshot.config)) !== JSON.stringify(this.config)) {
			throw new RangeError(
				'the snapshot is of another configuration (seed, initial settings or images): use Trainer.fromSnapshot',
			);
		}

		validateSettings(snapshot.settings);

		const parameters = fromParameters(snapshot.parameters);
		if (!parameters.every(value => Number.isFinite(value)) || !Number.isInteger(snapshot.epoch) || snapshot.epoch < 0) {
			throw new RangeError('not a snapshot of a run: parameters must be finite and the epoch a whole number ≥ 0');
		}

		this.p.set(parameters);
		this.current = {lr: snapshot.settings.lr, loss: snapshot.settings.loss, train: snapshot.settings.train};
		this.rng = Rng.fromState(snapshot.rng);
		this.epochsDone = snapshot.epoch;
		this.lastStats = snapshot.last;
		this.divergence = snapshot.diverged;
	}

	/** The 13 initial normals, in the tutorial's order: v1..v4, b, w1..w4, c1..c4. */
	private initialise(): void {
		for (let i = 0; i < parameterCount; i++) {
			this.p[i] = this.rng.normal();
		}
	}
}

/** The config in one shape (loss and train given, in a fixed key order), the images copied. */
function normalise(config: TrainerConfig): TrainerConfig {
	const {lr, loss, train} = initialSettings(config);
	return {seed: config.seed, lr, loss, train, faces: config.faces.map(face => [...face] as unknown as Image)};
}

function statsOf(epoch: number, dLoss: number, gLoss: number, dReal: number, dFake: number): EpochStats {
	return {epoch, dLoss, gLoss, dReal, dFake};
}

function describeDivergence(parameterSum: number, dLossSum: number, gLossSum: number): string {
	if (!Number.isFinite(parameterSum)) {
		return 'a parameter stopped being finite (the learning rate is too large)';
	}

	if (!Number.isFinite(dLossSum)) {
		return 'D loss became infinite: the discriminator is saturated (D(x) = 0 or D(G(z)) = 1)';
	}

	if (!Number.isFinite(gLossSum)) {
		return 'G loss became infinite: the discriminator rejects every generated image (D(G(z)) = 0)';
	}

	return 'a value stopped being finite';
}
