/**
 * A random number generator bit-compatible with numpy's legacy `np.random`
 * (`RandomState`): MT19937 seeded as `np.random.seed(n)`, 53-bit uniform
 * doubles as `random_sample`, and the legacy polar Box–Muller normal with its
 * cached second value.
 */

import {preciseLog} from './precise-log.js';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df | 0;
const UPPER_MASK = 0x80000000 | 0;
const LOWER_MASK = 0x7fffffff;
const TEMPER_B = 0x9d2c5680 | 0;
const TEMPER_C = 0xefc60000 | 0;
// The constants are int32 (| 0) and the twist branchless: with a double
// constant or a branch, V8's twist ran three times slower.

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
	private readonly key = new Int32Array(N);
	private pos = N;
	private hasGauss = false;
	private gauss = 0;

	private constructor() {}

	/** The classic `init_genrand`, as numpy's `mt19937_seed`. */
	seed(seed: number): void {
		const {key} = this;
		let s = seed >>> 0;
		for (let i = 0; i < N; i++) {
			key[i] = s;
			// S = 1812433253 · (s ^ (s >>> 30)) + i + 1, modulo 2^32
			s = (Math.imul(1_812_433_253, s ^ (s >>> 30)) + i + 1) >>> 0;
		}

		this.pos = N;
		this.hasGauss = false;
		this.gauss = 0;
	}

	/** The next tempered 32-bit output, as an unsigned integer. */
	nextUint32(): number {
		if (this.pos >= N) {
			this.twist();
		}

		let y = this.key[this.pos++]!;
		y ^= y >>> 11;
		y ^= (y << 7) & TEMPER_B;
		y ^= (y << 15) & TEMPER_C;
		y ^= y >>> 18;
		return y >>> 0;
	}

	/** A uniform double in [0, 1) with 53 random bits (`np.random.rand()`). */
	uniform(): number {
		const a = this.nextUint32() >>> 5;
		const b = this.nextUint32() >>> 6;
		return (a * 67_108_864 + b) / 9_007_199_254_740_992;
	}

	/**
	 * Writes the next `count` uniforms into `out[0 … count−1]`, exactly as
	 * `count` calls of `uniform()` would. One call per batch keeps the
	 * training loop's per-sample cost to an array read.
	 */
	fillUniforms(out: Float64Array, count: number): void {
		const {key} = this;
		let {pos} = this;
		for (let i = 0; i < count; i++) {
			if (pos >= N - 1) {
				this.pos = pos;
				out[i] = this.uniform();
				pos = this.pos;
				continue;
			}

			let a = key[pos]!;
			a ^= a >>> 11;
			a ^= (a << 7) & TEMPER_B;
			a ^= (a << 15) & TEMPER_C;
			a ^= a >>> 18;
			let b = key[pos + 1]!;
			b ^= b >>> 11;
			b ^= (b << 7) & TEMPER_B;
			b ^= (b << 15) & TEMPER_C;
			b ^= b >>> 18;
			pos += 2;
			out[i] = ((a >>> 5) * 67_108_864 + (b >>> 6)) / 9_007_199_254_740_992;
		}

		this.pos = pos;
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
		return {key: Array.from(this.key, word => word >>> 0), pos: this.pos, hasGauss: this.hasGauss, gauss: this.gauss};
	}

	restore(state: RngState): void {
		if (state.key.length !== N || !Number.isInteger(state.pos) || state.pos < 0 || state.pos > N) {
			throw new RangeError('not an MT19937 state: need 624 words and a position in 0 … 624');
		}

		for (let i = 0; i < N; i++) {
			this.key[i] = state.key[i]! | 0;
		}

		this.pos = state.pos;
		this.hasGauss = state.hasGauss;
		this.gauss = state.hasGauss ? state.gauss : 0;
	}

	/** Regenerates all 624 words (the reference `genrand_int32` refill). */
	private twist(): void {
		const {key} = this;
		let i = 0;
		let y: number;
		for (; i < N - M; i++) {
			y = (key[i]! & UPPER_MASK) | (key[i + 1]! & LOWER_MASK);
			key[i] = key[i + M]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
		}

		for (; i < N - 1; i++) {
			y = (key[i]! & UPPER_MASK) | (key[i + 1]! & LOWER_MASK);
			key[i] = key[i + M - N]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
		}

		y = (key[N - 1]! & UPPER_MASK) | (key[0]! & LOWER_MASK);
		key[N - 1] = key[M - 1]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
		this.pos = 0;
	}
}
