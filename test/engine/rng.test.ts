import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {preciseLog} from '../../source/engine/precise-log.js';
import {Rng, type RngState} from '../../source/engine/rng.js';

type NumpyStream = {
	seed: number;
	key_head: number[];
	key_tail: number[];
	uniforms: number[];
	normals: number[];
	normal_from_correctly_rounded_log: boolean[];
	pos_after: number;
	has_gauss_after: number;
	gauss_after: number;
	uniform_after: number;
};

const fixture = JSON.parse(readFileSync(new URL('../fixtures/numpy-streams.json', import.meta.url), 'utf8')) as {
	numpy: string;
	streams: NumpyStream[];
};

// ---- Bit-level helpers ----------------------------------------------------

const view = new DataView(new ArrayBuffer(8));

function bitsOf(x: number): bigint {
	view.setFloat64(0, x);
	return view.getBigInt64(0);
}

function fromBits(bits: bigint): number {
	view.setBigInt64(0, bits);
	return view.getFloat64(0);
}

/** How many doubles apart a and b are (both finite, same sign). */
function ulpDistance(a: number, b: number): number {
	const d = bitsOf(a) - bitsOf(b);
	return Number(d < 0n ? -d : d);
}

/** The neighbouring doubles of a finite, non-zero x: [below, above]. */
function neighbours(x: number): [number, number] {
	const bits = bitsOf(x);
	const away = fromBits(bits + 1n);
	const toward = fromBits(bits - 1n);
	return x > 0 ? [toward, away] : [away, toward];
}

/** The spacing of doubles at |y|. */
function ulpOf(y: number): number {
	const a = Math.abs(y);
	return fromBits(bitsOf(a) + 1n) - a;
}

// ---- An independent, exact-enough logarithm in BigInt fixed point --------
// Ln(x) = k·ln 2 + 2·atanh((m − 1)/(m + 1)), x = m·2^k, m in [1, 2), evaluated
// with 320 fractional bits. Its error (~100 truncations of 2^-320) is far
// below half an ulp of any double log, so it decides correct rounding.

const fractionBits = 320n;

/** Atanh(num/den)·2^320 for 0 ≤ num/den ≤ 1/3. */
function atanhFixed(num: bigint, den: bigint): bigint {
	const s = (num << fractionBits) / den;
	const s2 = (s * s) >> fractionBits;
	let term = s;
	let sum = 0n;
	for (let k = 1n; term !== 0n; k += 2n) {
		sum += term / k;
		term = (term * s2) >> fractionBits;
	}

	return sum;
}

const ln2Fixed = 2n * atanhFixed(1n, 3n);

/** Exactly: x = sign·mantissa·2^exponent. */
function decompose(x: number): {sign: bigint; mantissa: bigint; exponent: number} {
	const bits = bitsOf(x);
	const sign = bits < 0n ? -1n : 1n;
	const biased = Number((bits >> 52n) & 0x7ffn);
	const fraction = bits & ((1n << 52n) - 1n);
	return biased === 0
		? {sign, mantissa: fraction, exponent: -1074}
		: {sign, mantissa: fraction | (1n << 52n), exponent: biased - 1075};
}

/** A finite double, exactly, in 2^-320 fixed point. */
function toFixed(y: number): bigint {
	const {sign, mantissa, exponent} = decompose(y);
	const shift = BigInt(exponent) + fractionBits;
	if (shift < 0n) {
		throw new Error(`${y} is too small for the fixed-point check`);
	}

	return sign * (mantissa << shift);
}

/** Ln(x)·2^320 for finite x > 0. */
function lnFixed(x: number): bigint {
	const {mantissa, exponent} = decompose(x);
	const top = BigInt(mantissa.toString(2).length - 1);
	const one = 1n << top; // M = mantissa/one in [1, 2)
	const k = BigInt(exponent) + top;
	return k * ln2Fixed + 2n * atanhFixed(mantissa - one, mantissa + one);
}

function abs(a: bigint): bigint {
	return a < 0n ? -a : a;
}

/** Whether y is a double nearest to ln(x). */
function isCorrectlyRoundedLog(x: number, y: number): boolean {
	const exact = lnFixed(x);
	if (y === 0) {
		return exact === 0n;
	}

	const error = abs(toFixed(y) - exact);
	return neighbours(y).every(other => error <= abs(toFixed(other) - exact));
}

// ---- numpy streams --------------------------------------------------------

describe('Rng against numpy legacy RandomState streams', () => {
	it('the fixture covers several seeds, each with its full record', () => {
		expect(fixture.streams.length).toBeGreaterThanOrEqual(6);
		for (const stream of fixture.streams) {
			expect(stream.uniforms).toHaveLength(2000);
			expect(stream.normals).toHaveLength(1001);
			expect(stream.normal_from_correctly_rounded_log).toHaveLength(1001);
		}
	});

	describe.each(fixture.streams.map(stream => [stream.seed, stream] as const))('seed %d', (_seed, stream) => {
		it('seeds the key as numpy does', () => {
			const {key, pos, hasGauss} = Rng.seeded(stream.seed).state();
			expect(key).toHaveLength(624);
			expect(key.slice(0, stream.key_head.length)).toEqual(stream.key_head);
			expect(key.slice(-stream.key_tail.length)).toEqual(stream.key_tail);
			expect(pos).toBe(624);
			expect(hasGauss).toBe(false);
		});

		it("gives numpy's uniforms, normals and final state", () => {
			const rng = Rng.seeded(stream.seed);
			for (let i = 0; i < stream.uniforms.length; i++) {
				const u = rng.uniform();
				if (u !== stream.uniforms[i]) {
					expect.fail(`uniform ${i}: ${u} !== numpy's ${stream.uniforms[i]}`);
				}
			}

			let logMismatches = 0;
			for (let i = 0; i < stream.normals.length; i++) {
				const ours = rng.normal();
				const numpys = stream.normals[i]!;
				if (stream.normal_from_correctly_rounded_log[i]) {
					if (ours !== numpys) {
						expect.fail(`normal ${i}: ${ours} !== numpy's ${numpys}`);
					}
				} else {
					// numpy's C log was off by an ulp here; ours is correctly rounded
					logMismatches++;
					expect(Math.sign(ours)).toBe(Math.sign(numpys));
					expect(ulpDistance(ours, numpys)).toBeLessThanOrEqual(2);
					expect(Math.abs(ours - numpys)).toBeLessThanOrEqual(5e-16 * Math.abs(numpys));
				}
			}

			expect(logMismatches).toBeLessThanOrEqual(2);

			const state = rng.state();
			expect(state.pos).toBe(stream.pos_after);
			expect(state.hasGauss).toBe(stream.has_gauss_after === 1);
			expect(state.gauss).toBe(stream.gauss_after);
			expect(rng.uniform()).toBe(stream.uniform_after);
		});
	});

	it("marks numpy's log slips rarely, as the fixture says", () => {
		const slips = fixture.streams.reduce((n, s) => n + s.normal_from_correctly_rounded_log.filter(ok => !ok).length, 0);
		expect(slips).toBeLessThan((fixture.streams.length * 1001) / 100);
	});
});

describe("numpy's documented first outputs", () => {
	it('seed 0: the first rand() is 0.5488135039273248', () => {
		expect(Rng.seeded(0).uniform()).toBe(0.548_813_503_927_324_8);
	});

	it('seed 42: the first normal() is 0.4967141530112327', () => {
		expect(Rng.seeded(42).normal()).toBe(0.496_714_153_011_232_7);
	});
});

// ---- against a textbook MT19937 -------------------------------------------
// The reference `genrand_int32`, word by word with indices mod 624, and
// numpy's `random_sample`: written for clarity, sharing no code with rng.ts
// (whose twist makes four words at a time and tempers them into uniforms).

class TextbookMt {
	readonly key: number[];
	pos: number;

	constructor(state: RngState) {
		this.key = [...state.key];
		this.pos = state.pos;
	}

	next(): number {
		if (this.pos >= 624) {
			for (let i = 0; i < 624; i++) {
				const y = ((this.key[i]! & 0x80000000) | (this.key[(i + 1) % 624]! & 0x7fffffff)) >>> 0;
				this.key[i] = (this.key[(i + 397) % 624]! ^ (y >>> 1) ^ (y % 2 === 1 ? 0x9908b0df : 0)) >>> 0;
			}

			this.pos = 0;
		}

		let y = this.key[this.pos++]!;
		y ^= y >>> 11;
		y ^= (y << 7) & 0x9d2c5680;
		y ^= (y << 15) & 0xefc60000;
		y ^= y >>> 18;
		return y >>> 0;
	}

	uniform(): number {
		const a = this.next() >>> 5;
		const b = this.next() >>> 6;
		return (a * 67_108_864 + b) / 9_007_199_254_740_992;
	}
}

describe('Rng against a textbook MT19937', () => {
	it.each([0, 1, 5489, 2 ** 31, 2 ** 32 - 1])('seed %d: 100 twists of uniforms and the key after each', seed => {
		const rng = Rng.seeded(seed);
		const reference = new TextbookMt(rng.state());
		const out = new Float64Array(5);
		for (let twist = 0; twist < 100; twist++) {
			// 62 batches of 5 and 2 single draws: 624 words, the batches across every offset in turn
			for (let batch = 0; batch < 62; batch++) {
				rng.fillUniforms(out, 5);
				for (let i = 0; i < 5; i++) {
					const expected = reference.uniform();
					if (out[i] !== expected) {
						expect.fail(`twist ${twist}, batch ${batch}, uniform ${i}: ${out[i]} !== ${expected}`);
					}
				}
			}

			expect(rng.uniform()).toBe(reference.uniform());
			expect(rng.uniform()).toBe(reference.uniform());
			const {key, pos} = rng.state();
			expect(pos).toBe(reference.pos);
			expect(key).toEqual(reference.key);
		}
	});

	it('from an odd position, and from states restored at every position of a twist', () => {
		const rng = Rng.seeded(12_345);
		const reference = new TextbookMt(rng.state());
		expect(rng.nextUint32()).toBe(reference.next()); // Odd from here on
		for (let i = 0; i < 2000; i++) {
			expect(rng.uniform()).toBe(reference.uniform());
		}

		for (let pos = 0; pos <= 624; pos++) {
			const state = {...rng.state(), pos};
			const restored = Rng.fromState(JSON.parse(JSON.stringify(state)) as RngState);
			const fresh = new TextbookMt(state);
			for (let i = 0; i < 5; i++) {
				const [ours, theirs] = [restored.uniform(), fresh.uniform()];
				if (ours !== theirs) {
					expect.fail(`restored at ${pos}, uniform ${i}: ${ours} !== ${theirs}`);
				}
			}
		}
	});
});

// ---- fillUniforms ---------------------------------------------------------

function uniformsByCalls(rng: Rng, count: number): number[] {
	return Array.from({length: count}, () => rng.uniform());
}

function uniformsByFill(rng: Rng, count: number): number[] {
	// A larger buffer with a sentinel: fill must write exactly count entries
	const out = new Float64Array(count + 1).fill(-1);
	rng.fillUniforms(out, count);
	expect(out[count]).toBe(-1);
	return Array.from(out.subarray(0, count));
}

describe('fillUniforms', () => {
	it('equals n calls of uniform() from a fresh seed', () => {
		const a = Rng.seeded(7);
		const b = Rng.seeded(7);
		expect(uniformsByFill(a, 1000)).toEqual(uniformsByCalls(b, 1000));
		expect(a.state()).toEqual(b.state());
		expect(a.uniform()).toBe(b.uniform());
	});

	it('equals uniform() across a twist boundary, whatever the word offset', () => {
		// 311 uniforms use 622 of 624 words; odd offsets leave a single word before the twist
		for (let offset = 0; offset < 4; offset++) {
			for (const before of [309, 310, 311, 312, 623]) {
				const a = Rng.seeded(2024);
				const b = Rng.seeded(2024);
				for (let i = 0; i < offset; i++) {
					expect(a.nextUint32()).toBe(b.nextUint32());
				}

				expect(uniformsByCalls(a, before)).toEqual(uniformsByCalls(b, before));
				expect(uniformsByFill(a, 5)).toEqual(uniformsByCalls(b, 5));
				expect(a.state()).toEqual(b.state());
				expect(uniformsByFill(a, 700)).toEqual(uniformsByCalls(b, 700));
				expect(a.state()).toEqual(b.state());
			}
		}
	});

	it('equals uniform() from a state restored mid-stream', () => {
		const source = Rng.seeded(99);
		uniformsByCalls(source, 450);
		source.normal(); // leaves a cached gauss
		const state = JSON.parse(JSON.stringify(source.state())) as RngState;
		const a = Rng.fromState(state);
		const b = Rng.fromState(state);
		expect(uniformsByFill(a, 400)).toEqual(uniformsByCalls(b, 400));
		expect(a.normal()).toBe(b.normal()); // The cached gauss survives fillUniforms
		expect(a.state()).toEqual(b.state());
	});

	it('with count 0 draws nothing', () => {
		const a = Rng.seeded(5);
		const before = a.state();
		a.fillUniforms(new Float64Array(3), 0);
		expect(a.state()).toEqual(before);
	});
});

// ---- state and restore ----------------------------------------------------

describe('state() and restore', () => {
	it('round-trips through JSON and continues identically, cached gauss included', () => {
		const original = Rng.seeded(31_337);
		uniformsByCalls(original, 500);
		original.normal(); // Odd count: a gauss is cached
		const state = original.state();
		expect(state.hasGauss).toBe(true);

		const copy = Rng.fromState(JSON.parse(JSON.stringify(state)) as RngState);
		expect(copy.state()).toEqual(state);
		for (let i = 0; i < 1500; i++) {
			expect(copy.normal()).toBe(original.normal());
			expect(copy.uniform()).toBe(original.uniform());
		}

		expect(copy.state()).toEqual(original.state());
	});

	it('round-trips a state without a cached gauss', () => {
		const original = Rng.seeded(8);
		original.normal();
		original.normal();
		const state = original.state();
		expect(state.hasGauss).toBe(false);
		const copy = Rng.fromState(JSON.parse(JSON.stringify(state)) as RngState);
		for (let i = 0; i < 10; i++) {
			expect(copy.normal()).toBe(original.normal());
		}
	});

	it('the state is a copy: drawing afterwards does not change it', () => {
		const rng = Rng.seeded(3);
		const state = rng.state();
		const frozen = JSON.stringify(state);
		uniformsByCalls(rng, 700);
		expect(JSON.stringify(state)).toBe(frozen);
	});

	it('restore() replaces the stream of an existing generator', () => {
		const a = Rng.seeded(1);
		const b = Rng.seeded(2);
		uniformsByCalls(b, 17);
		a.restore(b.state());
		expect(uniformsByCalls(a, 50)).toEqual(uniformsByCalls(b, 50));
	});

	it('rejects a state with a wrong key length or position', () => {
		const good = Rng.seeded(4).state();
		const bad: RngState[] = [
			{...good, key: good.key.slice(0, 623)},
			{...good, key: [...good.key, 0]},
			{...good, key: []},
			{...good, pos: -1},
			{...good, pos: 625},
			{...good, pos: 1.5},
			{...good, pos: Number.NaN},
		];
		for (const state of bad) {
			expect(() => Rng.fromState(state)).toThrow(RangeError);
			expect(() => Rng.seeded(4).restore(state)).toThrow(RangeError);
		}

		expect(() => Rng.fromState({...good, pos: 0})).not.toThrow();
		expect(() => Rng.fromState({...good, pos: 624})).not.toThrow();
	});
});

describe('Rng.seeded', () => {
	it.each([-1, 1.5, 2 ** 32, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s', seed => {
		expect(() => Rng.seeded(seed)).toThrow(RangeError);
	});

	it('accepts the ends of the range', () => {
		expect(() => Rng.seeded(0)).not.toThrow();
		expect(() => Rng.seeded(2 ** 32 - 1)).not.toThrow();
	});
});

// ---- preciseLog -----------------------------------------------------------

describe('the BigInt reference logarithm used below', () => {
	it('agrees with Math.log within an ulp and knows ln 2, ln 1', () => {
		// Math.LN2 is ln 2 rounded to nearest: within half an ulp (2^-54)
		expect(abs(toFixed(Math.LN2) - ln2Fixed) <= 1n << (fractionBits - 54n)).toBe(true);
		expect(lnFixed(1)).toBe(0n);
		for (const x of [0.1, 0.5, 3, 10, 1e-300, 1e300]) {
			const y = Math.log(x);
			expect(Math.abs(Number(toFixed(y) - lnFixed(x)) / 2 ** 320)).toBeLessThanOrEqual(ulpOf(y));
		}
	});

	it('can tell a correctly rounded log from its neighbours', () => {
		const y = Math.log(3);
		const [below, above] = neighbours(y);
		const verdicts = [below, y, above].map(candidate => isCorrectlyRoundedLog(3, candidate));
		expect(verdicts.filter(Boolean)).toHaveLength(1);
	});
});

describe('preciseLog', () => {
	it('is 0 at 1 and follows Math.log outside (0, ∞)', () => {
		expect(preciseLog(1)).toBe(0);
		expect(preciseLog(0)).toBe(Number.NEGATIVE_INFINITY);
		expect(preciseLog(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
		expect(preciseLog(-1)).toBeNaN();
		expect(preciseLog(Number.NaN)).toBeNaN();
	});

	it('gives ln(Math.E) ≈ 1 within an ulp, correctly rounded', () => {
		expect(Math.abs(preciseLog(Math.E) - 1)).toBeLessThanOrEqual(ulpOf(1));
		expect(isCorrectlyRoundedLog(Math.E, preciseLog(Math.E))).toBe(true);
	});

	it('is correctly rounded at every power of two, subnormals included', () => {
		for (let k = -1074; k <= 1023; k++) {
			if (k === 0) {
				continue;
			}

			const x = 2 ** k;
			const y = preciseLog(x);
			if (!isCorrectlyRoundedLog(x, y)) {
				expect.fail(`preciseLog(2^${k}) = ${y} is not correctly rounded`);
			}
		}
	});

	it('is correctly rounded next to 1, where the log is tiny', () => {
		for (let n = 1; n <= 64; n++) {
			for (const x of [1 + n * 2 ** -52, 1 - n * 2 ** -53, 1 + n * 2 ** -30, 1 - n * 2 ** -30]) {
				const y = preciseLog(x);
				if (!isCorrectlyRoundedLog(x, y)) {
					expect.fail(`preciseLog(${x}) = ${y} is not correctly rounded`);
				}
			}
		}
	});

	it('is within an ulp of Math.log and correctly rounded for 10,000 random x in (0, 1)', () => {
		const rng = Rng.seeded(20_240_601);
		let checked = 0;
		while (checked < 10_000) {
			const x = rng.uniform();
			if (x === 0) {
				continue;
			}

			checked++;
			const y = preciseLog(x);
			const m = Math.log(x);
			if (Math.abs(y - m) > ulpOf(y)) {
				expect.fail(`preciseLog(${x}) = ${y}, Math.log = ${m}: more than an ulp apart`);
			}

			if (!isCorrectlyRoundedLog(x, y)) {
				expect.fail(`preciseLog(${x}) = ${y} is not correctly rounded`);
			}
		}
	});

	it('is correctly rounded across the whole exponent range', () => {
		const rng = Rng.seeded(77);
		for (let i = 0; i < 2000; i++) {
			const u = rng.uniform() + 0.5; // [0.5, 1.5)
			const k = Math.floor(rng.uniform() * 2098) - 1074;
			const x = u * 2 ** k;
			if (!(x > 0) || !Number.isFinite(x) || x === 1) {
				continue;
			}

			const y = preciseLog(x);
			if (!isCorrectlyRoundedLog(x, y)) {
				expect.fail(`preciseLog(${x}) = ${y} is not correctly rounded`);
			}
		}
	});
});
