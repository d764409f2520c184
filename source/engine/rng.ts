/**
 * A random number generator bit-compatible with numpy's legacy `np.random`
 * (`RandomState`): MT19937 seeded as `np.random.seed(n)`, 53-bit uniform
 * doubles as `random_sample`, and the legacy polar Box–Muller normal with its
 * cached second value.
 */

import {preciseLog} from './precise-log.js';

// A const enum, not consts: esbuild writes its members into the code as
// literals, while it keeps a module's consts as variables once the module
// imports anything (V8 then reads them from the module's context at each use).
// The masks are int32 (| 0) and the twist picks MatrixA without a branch: with
// a double constant or a branch, V8's twist ran three times slower.
const enum Mt {
	N = 624,
	M = 397,
	MatrixA = 0x9908b0df | 0,
	UpperMask = 0x80000000 | 0,
	LowerMask = 0x7fffffff,
	TemperB = 0x9d2c5680 | 0,
	TemperC = 0xefc60000 | 0,
}

/** Everything needed to continue a stream exactly: plain, JSON-serialisable. */
export type RngState = {
	/** The 624 words of MT19937's state, as unsigned 32-bit integers. */
	readonly key: readonly number[];
	/** Index of the next word to temper, 0 … 624 (624 = twist before the next draw). */
	readonly pos: number;
	/** Whether the legacy normal holds a cached second value. */
	readonly hasGauss: boolean;
	/** The cached second normal (0 when there is none). */
	readonly gauss: number;
};

export const maxSeed = 0xffffffff;

export function isValidSeed(seed: number): boolean {
	return Number.isInteger(seed) && seed >= 0 && seed <= maxSeed;
}

/** Tempering: the MT19937 output of a state word, as an int32 (the same bits). */
function temper(y: number): number {
	y ^= y >>> 11;
	y ^= (y << 7) & Mt.TemperB;
	y ^= (y << 15) & Mt.TemperC;
	return y ^ (y >>> 18);
}

/** The uniform of two consecutive state words: 27 bits of a's output, then 26 of b's. */
function uniformOf(a: number, b: number): number {
	return ((temper(a) >>> 5) * 67_108_864 + (temper(b) >>> 6)) / 9_007_199_254_740_992;
}

export class Rng {
	/** Creates the stream `np.random.seed(seed)` starts. */
	static seeded(seed: number): Rng {
		if (!isValidSeed(seed)) {
			throw new RangeError(`seed must be an integer in 0 … ${maxSeed}, got ${seed}`);
		}

		const rng = new Rng();
		rng.seed(seed);
		return rng;
	}

	static fromState(state: RngState): Rng {
		const rng = new Rng();
		rng.restore(state);
		return rng;
	}

	// Int32Array, not Uint32Array: V8 keeps int32 words in registers, while
	// words ≥ 2³¹ read from a Uint32Array become doubles. Bits are the same.
	private readonly key = new Int32Array(Mt.N);
	/**
	 * The uniform of each pair of words (2j, 2j + 1) of `key`, made with the
	 * words themselves (at each twist, and on restore): a uniform drawn at an
	 * even position is a read. Valid whenever pos < N.
	 */
	private readonly pairs = new Float64Array(Mt.N / 2);
	private pos: number = Mt.N;
	private hasGauss = false;
	private gauss = 0;

	private constructor() {}

	/** The classic `init_genrand`, as numpy's `mt19937_seed`. */
	seed(seed: number): void {
		const {key} = this;
		let s = seed >>> 0;
		for (let i = 0; i < Mt.N; i++) {
			key[i] = s;
			// S = 1812433253 · (s ^ (s >>> 30)) + i + 1, modulo 2^32
			s = (Math.imul(1_812_433_253, s ^ (s >>> 30)) + i + 1) >>> 0;
		}

		this.pos = Mt.N; // The first draw twists, which makes `pairs`
		this.hasGauss = false;
		this.gauss = 0;
	}

	/** The next tempered 32-bit output, as an unsigned integer. */
	nextUint32(): number {
		if (this.pos >= Mt.N) {
			this.twist();
			this.pos = 0;
		}

		return temper(this.key[this.pos++]!) >>> 0;
	}

	/** A uniform double in [0, 1) with 53 random bits (`np.random.rand()`). */
	uniform(): number {
		let {pos} = this;
		if ((pos & 1) !== 0) {
			// After an odd number of nextUint32(): the two words are not a pair
			const a = this.nextUint32() >>> 5;
			const b = this.nextUint32() >>> 6;
			return (a * 67_108_864 + b) / 9_007_199_254_740_992;
		}

		if (pos >= Mt.N) {
			this.twist();
			pos = 0;
		}

		this.pos = pos + 2;
		return this.pairs[pos >> 1]!;
	}

	/**
	 * Writes the next `count` uniforms into `out[0 … count−1]`, exactly as
	 * `count` calls of `uniform()` would. One call per batch keeps the
	 * training loop's per-sample cost to an array read.
	 */
	fillUniforms(out: Float64Array, count: number): void {
		const {pos, pairs} = this;
		const end = pos + 2 * count;
		if (end > Mt.N || pos & 1) {
			this.fillAcross(out, count);
		} else {
			for (let i = 0, j = pos >> 1; i < count; i++, j++) {
				out[i] = pairs[j]!;
			}

			this.pos = end;
		}
	}

	/** `fillUniforms` across a twist, or from an odd position: one by one. */
	private fillAcross(out: Float64Array, count: number): void {
		for (let i = 0; i < count; i++) {
			out[i] = this.uniform();
		}
	}

	/** A standard normal, numpy's legacy polar method (`np.random.normal()`). */
	normal(): number {
		if (this.hasGauss) {
			const cached = this.gauss;
			this.hasGauss = false;
			this.gauss = 0;
			return cached;
		}

		let u: number;
		let v: number;
		let r2: number;
		do {
			u = 2 * this.uniform() - 1;
			v = 2 * this.uniform() - 1;
			r2 = u * u + v * v;
		} while (r2 >= 1 || r2 === 0);

		const f = Math.sqrt((-2 * preciseLog(r2)) / r2);
		this.gauss = f * u;
		this.hasGauss = true;
		return f * v;
	}

	state(): RngState {
		// A loop, not Array.from with a mapping function: 2 µs, not 30 (the rewind history takes a snapshot every 1024 epochs)
		const key = new Array<number>(this.key.length);
		for (let i = 0; i < key.length; i++) {
			key[i] = this.key[i]! >>> 0;
		}

		return {key, pos: this.pos, hasGauss: this.hasGauss, gauss: this.gauss};
	}

	restore(state: RngState): void {
		if (state.key.length !== Mt.N || !Number.isInteger(state.pos) || state.pos < 0 || state.pos > Mt.N) {
			throw new RangeError('not an MT19937 state: need 624 words and a position in 0 … 624');
		}

		const {key, pairs} = this;
		for (let i = 0; i < Mt.N; i++) {
			key[i] = state.key[i]! | 0;
		}

		for (let j = 0; j < Mt.N / 2; j++) {
			pairs[j] = uniformOf(key[2 * j]!, key[2 * j + 1]!);
		}

		this.pos = state.pos;
		this.hasGauss = state.hasGauss;
		this.gauss = state.hasGauss ? state.gauss : 0;
	}

	/**
	 * Regenerates all 624 words (the reference `genrand_int32` refill) and
	 * the uniform of each new pair, with the words tempered as they are made.
	 *
	 * Word i becomes word i + M ^ twist(word i, word i + 1), indices mod N, in
	 * order: from word 227 on, word i + M has wrapped round to a renewed word,
	 * and word 623 twists with the renewed word 0, as in the reference's three
	 * loops. Written out, four words an iteration, with no calls: V8 checks
	 * each typed array's map and reloads its length and data pointer at every
	 * iteration, and checks the identity of every module function it inlined.
	 * On the 2-core test VM (Node 20): 1.5 µs for the 624 words and 312
	 * uniforms, against 2.0 µs for the reference twist then a tempering loop,
	 * and 1.4 µs for the reference twist alone.
	 */
	private twist(): void {
		const {key, pairs} = this;
		let w0 = key[0]!; // Word i, carried over from the last iteration
		for (let i = 0; i < Mt.N; i += 4) {
			const w1 = key[i + 1]!;
			const w2 = key[i + 2]!;
			const w3 = key[i + 3]!;
			const w4 = key[i + 4 < Mt.N ? i + 4 : 0]!;
			const far = i + Mt.M < Mt.N ? i + Mt.M : i + Mt.M - Mt.N;
			let a = key[far]! ^ (((w0 & Mt.UpperMask) | (w1 & Mt.LowerMask)) >>> 1) ^ (-(w1 & 1) & Mt.MatrixA);
			key[i] = a;
			let b =
				key[far + 1 < Mt.N ? far + 1 : far + 1 - Mt.N]! ^
				(((w1 & Mt.UpperMask) | (w2 & Mt.LowerMask)) >>> 1) ^
				(-(w2 & 1) & Mt.MatrixA);
			key[i + 1] = b;
			let c =
				key[far + 2 < Mt.N ? far + 2 : far + 2 - Mt.N]! ^
				(((w2 & Mt.UpperMask) | (w3 & Mt.LowerMask)) >>> 1) ^
				(-(w3 & 1) & Mt.MatrixA);
			key[i + 2] = c;
			let d =
				key[far + 3 < Mt.N ? far + 3 : far + 3 - Mt.N]! ^
				(((w3 & Mt.UpperMask) | (w4 & Mt.LowerMask)) >>> 1) ^
				(-(w4 & 1) & Mt.MatrixA);
			key[i + 3] = d;
			w0 = w4;

			a ^= a >>> 11;
			a ^= (a << 7) & Mt.TemperB;
			a ^= (a << 15) & Mt.TemperC;
			a ^= a >>> 18;
			b ^= b >>> 11;
			b ^= (b << 7) & Mt.TemperB;
			b ^= (b << 15) & Mt.TemperC;
			b ^= b >>> 18;
			c ^= c >>> 11;
			c ^= (c << 7) & Mt.TemperB;
			c ^= (c << 15) & Mt.TemperC;
			c ^= c >>> 18;
			d ^= d >>> 11;
			d ^= (d << 7) & Mt.TemperB;
			d ^= (d << 15) & Mt.TemperC;
			d ^= d >>> 18;
			pairs[i >> 1] = ((a >>> 5) * 67_108_864 + (b >>> 6)) / 9_007_199_254_740_992;
			pairs[(i >> 1) + 1] = ((c >>> 5) * 67_108_864 + (d >>> 6)) / 9_007_199_254_740_992;
		}
	}
}
