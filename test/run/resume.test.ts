/**
 * A run as a checkpoint and back (source/run/resume.ts): trained part of the
 * way, written as a file's text, read back and trained on, it is the run
 * that never stopped, bit for bit: parameters, RNG, settings, schedule,
 * every epoch's numbers and the loss history.
 */
import {describe, expect, it} from 'vitest';
import {type EpochStats, defaultConfig} from '../../source/engine/trainer.js';
import {decodeCheckpoint, encodeCheckpoint} from '../../source/run/checkpoint.js';
import {LossHistory} from '../../source/run/history.js';
import {checkpointOf, resume} from '../../source/run/resume.js';
import {type Schedule, ScheduleError, parseSchedule} from '../../source/run/schedule.js';
import {Training} from '../../source/run/training.js';
import {bits} from '../helpers/checkpoints.js';

/** A run from epoch 0: its training, its history fed every epoch, and every epoch's numbers. */
function straight(epochs: number, schedule: Schedule, seed = 42) {
	const training = new Training({seed, ...defaultConfig}, schedule);
	const history = new LossHistory();
	const events: EpochStats[] = [];
	training.run(epochs, stats => {
		history.add(stats);
		events.push(stats);
	});
	return {training, history, events};
}

/** `from` epochs, through a file's text, then on to `to`, with `more` added to the schedule at the load. */
function resumed(from: number, to: number, schedule: Schedule, more: Schedule = [], seed = 42) {
	const first = straight(from, schedule, seed);
	const text = encodeCheckpoint(checkpointOf(first.training, first.history));
	const {training, history} = resume(decodeCheckpoint(text, 'test.json'), more);
	const events: EpochStats[] = [];
	training.run(to - from, stats => {
		history.add(stats);
		events.push(stats);
	});
	return {training, history, events};
}

function expectSameRun(actual: ReturnType<typeof straight>, expected: ReturnType<typeof straight>, from: number) {
	// The snapshot holds the epoch, the parameters, the RNG's words, position and cached normal, the settings, the schedule
	expect(bits(actual.training.snapshot())).toEqual(bits(expected.training.snapshot()));
	expect(bits(actual.history.state())).toEqual(bits(expected.history.state()));
	expect(bits(actual.events)).toEqual(bits(expected.events.slice(from)));
	// And the draws after the last epoch
	expect(bits(actual.training.drawSamples(4))).toEqual(bits(expected.training.drawSamples(4)));
}

const schedule = parseSchedule('100:lr=0.02,500:loss=minimax,700:train=g');

describe('resume(checkpointOf(…)) trains on as the run that never stopped', () => {
	it('300 epochs with a schedule, saved as text, loaded, trained to 1000: the straight 1000', () => {
		const run = resumed(300, 1000, schedule);
		expect(run.training.epoch).toBe(1000);
		expect(run.events.map(stats => stats.epoch)).toEqual(Array.from({length: 700}, (_, i) => 301 + i));
		expectSameRun(run, straight(1000, schedule), 300);
	});

	it('changes added at the load (after its epoch) give the straight run with all of them', () => {
		const more = parseSchedule('800:lr=0.005');
		expectSameRun(resumed(300, 1000, schedule, more), straight(1000, [...schedule, ...more]), 300);
	});

	it('a change at the checkpoint epoch itself, not yet trained with, is carried and applied', () => {
		const atTheEdge = parseSchedule('300:loss=minimax,301:train=d');
		expectSameRun(resumed(300, 600, atTheEdge), straight(600, atTheEdge), 300);
	});

	it('a history that has merged its points (past 1024 epochs) goes on merging as it would have', () => {
		const long = parseSchedule('1500:lr=0.02,3000:loss=minimax');
		const run = resumed(2051, 5000, long, [], 7);
		const expected = straight(5000, long, 7);
		expect(expected.history.state().stride).toBeGreaterThan(1);
		expectSameRun(run, expected, 2051);
	});

	it('from epoch 0 too', () => {
		expectSameRun(resumed(0, 400, schedule), straight(400, schedule), 0);
	});
});

describe('a loaded run only adds to its schedule after its epoch', () => {
	const text = (() => {
		const {training, history} = straight(300, schedule);
		return encodeCheckpoint(checkpointOf(training, history));
	})();

	it.each(['300:lr=0.5', '299:train=d', '0:loss=minimax'])('%s is refused: the past is fixed', item => {
		expect(() => resume(decodeCheckpoint(text, 'test.json'), parseSchedule(item))).toThrow(ScheduleError);
		expect(() => resume(decodeCheckpoint(text, 'test.json'), parseSchedule(item))).toThrow(
			/not after the checkpoint's epoch 300/,
		);
	});

	it('301:… is taken, in its place among the changes to come; at one epoch, after the checkpoint’s', () => {
		const {training} = resume(decodeCheckpoint(text, 'test.json'), parseSchedule('500:lr=0.5,301:lr=0.03'));
		expect(training.schedule).toEqual([
			{epoch: 100, key: 'lr', value: 0.02},
			{epoch: 301, key: 'lr', value: 0.03},
			{epoch: 500, key: 'loss', value: 'minimax'},
			{epoch: 500, key: 'lr', value: 0.5},
			{epoch: 700, key: 'train', value: 'g'},
		]);
	});
});
