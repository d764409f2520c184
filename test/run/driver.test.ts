import {describe, expect, it} from 'vitest';
import {slantedFaces} from '../../source/engine/data.js';
import {Trainer} from '../../source/engine/trainer.js';
import {drive} from '../../source/run/driver.js';

const trainer = (lr = 0.01): Trainer => new Trainer({seed: 42, lr, faces: slantedFaces});
/** A clock that never moves: only the limit, the target or divergence ends a slice. */
const frozen = {now: () => 0};

describe('drive', () => {
	it('trains up to the limit, or to the target, whichever comes first, and says which', () => {
		const t = trainer();
		expect(drive(t, frozen, {limit: 100, target: 1000, ms: 10})).toEqual({
			trained: 100,
			reachedTarget: false,
			diverged: false,
		});
		expect(drive(t, frozen, {limit: 5000, target: 1000, ms: 10})).toEqual({
			trained: 900,
			reachedTarget: true,
			diverged: false,
		});
		expect(t.epoch).toBe(1000);
		expect(drive(t, frozen, {limit: 10, target: 1000, ms: 10}).trained).toBe(0);
	});

	it('stops at a divergence', () => {
		const t = trainer(1e6);
		const driven = drive(t, frozen, {limit: 1e6, target: undefined, ms: 10});
		expect(driven.diverged).toBe(true);
		expect(driven.trained).toBe(t.epoch);
		expect(driven.trained).toBeLessThan(1e6);
	});

	it('stops when the time is up, checking the clock between batches', () => {
		let time = 0;
		const clock = {now: () => time};
		const t = trainer();
		const driven = drive(t, clock, {
			limit: Number.POSITIVE_INFINITY,
			target: undefined,
			ms: 10,
			onEpoch() {
				time += 0.01;
			},
		});
		// 1,000 epochs make 10 ms; the batch under way when time ran out finishes
		expect(driven.trained).toBeGreaterThanOrEqual(1000);
		expect(driven.trained).toBeLessThan(1000 + 8192);
	});

	it('a fixed batch: the clock and `enough` are asked after each batch of that size', () => {
		const t = trainer();
		let asked = 0;
		const driven = drive(t, frozen, {
			limit: 1000,
			target: undefined,
			ms: 10,
			batch: 64,
			enough: () => ++asked === 3,
		});
		expect(driven.trained).toBe(192);
	});

	it('hears every `every`-th epoch, the same epochs as training straight through', () => {
		const heard: number[] = [];
		drive(trainer(), frozen, {
			limit: 50,
			target: undefined,
			ms: 10,
			every: 7,
			onEpoch: stats => heard.push(stats.epoch),
		});
		expect(heard).toEqual([7, 14, 21, 28, 35, 42, 49]);
		const straight = trainer();
		drive(straight, frozen, {limit: 50, target: undefined, ms: 10});
		const other = trainer();
		other.run(50);
		expect(straight.parameters()).toEqual(other.parameters());
	});
});
