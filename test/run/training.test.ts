import {describe, expect, it} from 'vitest';
import {slantedFaces} from '../../source/engine/data.js';
import {Rng} from '../../source/engine/rng.js';
import {type EpochStats, Trainer} from '../../source/engine/trainer.js';
import {drive} from '../../source/run/driver.js';
import {ScheduleError, parseSchedule} from '../../source/run/schedule.js';
import {Training, type TrainingSnapshot} from '../../source/run/training.js';
import {replaySchedule, trainedByHand, trainedFor} from '../helpers/training.js';

const config = {seed: 42, lr: 0.01, faces: slantedFaces};
const schedule = parseSchedule(replaySchedule);
const frozen = {now: () => 0};

/** A training on the replay schedule, every epoch's stats kept. */
function scheduled(seed = 42): {training: Training; events: EpochStats[]; listen: (stats: EpochStats) => void} {
	const training = new Training({...config, seed}, schedule);
	const events: EpochStats[] = [];
	return {training, events, listen: stats => events.push(stats)};
}

/** The training's snapshot without its schedule: what a bare trainer's is. */
function trainerPart(snapshot: TrainingSnapshot): unknown {
	const {schedule: _, ...rest} = snapshot;
	return rest;
}

describe('a schedule replays exactly', () => {
	const byHand = trainedByHand(42);

	it(`run(1000) with ${replaySchedule} equals 300, configure, 200, configure, 200, configure, 300 by hand`, () => {
		const {training, events, listen} = scheduled();
		expect(training.run(1000, listen)).toBe(1000);
		expect(events).toEqual(byHand.events);
		expect(trainerPart(training.snapshot())).toEqual(byHand.trainer.snapshot());
		expect(training.settings).toEqual({lr: 0.02, loss: 'minimax', train: 'g'});
		expect(training.drawSamples(4)).toEqual(Trainer.fromSnapshot(byHand.trainer.snapshot()).drawSamples(4));
		// And the schedule made a difference: from epoch 301 on, the run is not the plain one
		const plain = trainedFor(1000).events;
		expect(byHand.events.slice(0, 300)).toEqual(plain.slice(0, 300));
		expect(byHand.events[300]).not.toEqual(plain[300]);
	});

	it('the same however it is paced: one step at a time, in random chunks, by the driver, with every', () => {
		const stepper = scheduled();
		for (let i = 0; i < 1000; i++) {
			const stats = stepper.training.step();
			expect(stats).toBeDefined();
			stepper.events.push(stats!);
		}

		expect(stepper.events).toEqual(byHand.events);

		const chunks = scheduled();
		const splitter = Rng.seeded(4);
		while (chunks.training.epoch < 1000) {
			const chunk = Math.min(1000 - chunks.training.epoch, 1 + Math.floor(splitter.uniform() * 257));
			expect(chunks.training.run(chunk, chunks.listen)).toBe(chunk);
		}

		expect(chunks.events).toEqual(byHand.events);

		for (const batch of [64, 1000, 7]) {
			const training = new Training(config, schedule);
			const heard: EpochStats[] = [];
			drive(training, frozen, {
				limit: Number.POSITIVE_INFINITY,
				target: 1000,
				ms: 10,
				batch,
				onEpoch: stats => heard.push(stats),
			});
			expect(heard).toEqual(byHand.events);
			expect(training.snapshot()).toEqual(chunks.training.snapshot());
		}

		const sparse = scheduled();
		sparse.training.run(1000, sparse.listen, 100);
		expect(sparse.events).toEqual(byHand.events.filter(stats => stats.epoch % 100 === 0));
		expect(sparse.training.last).toEqual(byHand.events.at(-1));
		expect(sparse.training.snapshot()).toEqual(chunks.training.snapshot());
	});

	it('each change applies from the epoch after its own: the settings at every boundary', () => {
		const training = new Training(config, schedule);
		const at = new Map<number, string>();
		for (let epoch = 0; epoch <= 1000; epoch++) {
			const {lr, loss, train} = training.settings;
			at.set(epoch, `${lr} ${loss} ${train}`);
			training.step();
		}

		expect(at.get(299)).toBe('0.01 nonsaturating both');
		expect(at.get(300)).toBe('0.02 nonsaturating both');
		expect(at.get(499)).toBe('0.02 nonsaturating both');
		expect(at.get(500)).toBe('0.02 minimax both');
		expect(at.get(699)).toBe('0.02 minimax both');
		expect(at.get(700)).toBe('0.02 minimax g');
		expect(at.get(1000)).toBe('0.02 minimax g');
	});

	it('changes at epoch 0 apply to the first epoch; several at one epoch apply in the order written', () => {
		const training = new Training(config, parseSchedule('0:lr=0.5,0:loss=minimax,0:lr=0.03,2:train=d,2:train=g'));
		expect(training.settings).toEqual({lr: 0.03, loss: 'minimax', train: 'both'});
		const trainer = new Trainer(config);
		trainer.configure({lr: 0.03, loss: 'minimax', train: 'both'});
		trainer.run(2);
		trainer.configure({lr: 0.03, loss: 'minimax', train: 'g'});
		trainer.run(3);
		training.run(5);
		expect(trainerPart(training.snapshot())).toEqual(trainer.snapshot());
	});

	it('with no schedule it is the bare trainer', () => {
		const training = new Training(config);
		training.run(1000);
		const trainer = new Trainer(config);
		trainer.run(1000);
		expect(trainerPart(training.snapshot())).toEqual(trainer.snapshot());
		expect(training.schedule).toEqual([]);
	});

	it('refuses a schedule that cannot be, with a ScheduleError', () => {
		expect(() => new Training(config, [{epoch: -1, key: 'lr', value: 0.1}])).toThrow(ScheduleError);
		expect(() => new Training(config, [{epoch: 1, key: 'lr', value: 0}])).toThrow(ScheduleError);
	});
});

describe('live changes', () => {
	const byHand = trainedByHand(42);

	it('made at 300, 500 and 700 give the run the schedule gives, and are recorded as that schedule', () => {
		const training = new Training(config);
		const events: EpochStats[] = [];
		const listen = (stats: EpochStats): void => {
			events.push(stats);
		};

		training.run(300, listen);
		training.change('lr', 0.02);
		expect(training.settings.lr).toBe(0.02);
		training.run(200, listen);
		training.change('loss', 'minimax');
		training.run(200, listen);
		training.change('train', 'g');
		training.run(300, listen);
		expect(events).toEqual(byHand.events);
		expect(training.schedule).toEqual(schedule);
	});

	it('go after the changes already at their epoch and before those to come', () => {
		const training = new Training(config, parseSchedule('0:lr=0.02,10:lr=0.1,20:loss=minimax'));
		training.run(10);
		expect(training.settings.lr).toBe(0.1);
		training.change('lr', 0.3);
		expect(training.settings.lr).toBe(0.3);
		training.run(5);
		training.change('train', 'd');
		expect(training.schedule).toEqual(parseSchedule('0:lr=0.02,10:lr=0.1,10:lr=0.3,15:train=d,20:loss=minimax'));
		training.run(10);
		expect(training.settings).toEqual({lr: 0.3, loss: 'minimax', train: 'd'});

		// Replayed from the start, the recorded schedule gives the same run
		const replayed = new Training(config, training.schedule);
		replayed.run(25);
		expect(replayed.snapshot()).toEqual(training.snapshot());
	});

	it('a value the key does not take is refused, and nothing changes', () => {
		const training = new Training(config, schedule);
		training.run(10);
		const before = training.snapshot();
		expect(() => training.change('lr', 0)).toThrow(ScheduleError);
		expect(() => training.change('lr', Number.NaN)).toThrow(ScheduleError);
		expect(() => training.change('loss', 'x' as never)).toThrow(ScheduleError);
		expect(() => training.change('train', 'both ' as never)).toThrow(ScheduleError);
		expect(training.snapshot()).toEqual(before);
	});
});

describe('truncateAfter, reset, snapshots', () => {
	it('truncateAfter(E) drops the changes after E and keeps the rest', () => {
		const training = new Training(config, schedule);
		training.truncateAfter(500);
		expect(training.schedule).toEqual(parseSchedule('300:lr=0.02,500:loss=minimax'));
		training.truncateAfter(499);
		expect(training.schedule).toEqual(parseSchedule('300:lr=0.02'));
	});

	it('a rewind: restore the snapshot at E, truncate after E, and train on as a run that never had the later changes', () => {
		const training = new Training(config, schedule);
		training.run(400);
		const at400 = training.snapshot();
		training.run(400);
		training.restore(at400);
		training.truncateAfter(400);
		training.change('train', 'd');
		training.run(600);

		const straight = new Training(config, parseSchedule('300:lr=0.02,400:train=d'));
		straight.run(1000);
		expect(training.snapshot()).toEqual(straight.snapshot());
	});

	it('a snapshot carries the schedule: through JSON, fromSnapshot continues across the boundaries to come', () => {
		const whole = new Training(config, schedule);
		whole.run(450);
		whole.change('lr', 0.015);
		const snapshot = JSON.parse(JSON.stringify(whole.snapshot())) as TrainingSnapshot;
		expect(snapshot.schedule).toHaveLength(4);
		whole.run(550);

		const resumed = Training.fromSnapshot(snapshot);
		expect(resumed.epoch).toBe(450);
		expect(resumed.settings).toEqual({lr: 0.015, loss: 'nonsaturating', train: 'both'});
		resumed.run(550);
		expect(resumed.snapshot()).toEqual(whole.snapshot());

		// restore() in another training of the same configuration takes the schedule along
		const other = new Training(config);
		other.restore(snapshot);
		expect(other.schedule).toEqual(snapshot.schedule);
		other.run(550);
		expect(other.snapshot()).toEqual(whole.snapshot());
	});

	it('restore refuses a snapshot whose schedule cannot be, and keeps its own', () => {
		const training = new Training(config, schedule);
		training.run(10);
		const before = training.snapshot();
		const bad = {...before, epoch: 0, schedule: [{epoch: 1, key: 'lr', value: -1}]} as unknown as TrainingSnapshot;
		expect(() => training.restore(bad)).toThrow(ScheduleError);
		expect(training.snapshot()).toEqual(before);
	});

	it('reset() goes back to epoch 0 and the schedule the run started with', () => {
		const training = new Training(config, schedule);
		const start = training.snapshot();
		training.run(350);
		training.change('loss', 'minimax');
		training.reset();
		expect(training.snapshot()).toEqual(start);
		training.run(1000);
		expect(trainerPart(training.snapshot())).toEqual(trainedByHand(42).trainer.snapshot());
	});

	it('a divergence stops the run at its epoch, even between two changes', () => {
		const training = new Training(config, parseSchedule('100:lr=1000,200:lr=0.01'));
		const done = training.run(1000);
		expect(done).toBeGreaterThanOrEqual(100);
		expect(done).toBeLessThan(200);
		expect(training.diverged?.epoch).toBe(done + 1);
		expect(training.run(10)).toBe(0);
		expect(training.step()).toBeUndefined();
	});
});
