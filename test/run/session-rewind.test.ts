/**
 * Rewinding a dashboard session (`←` `→` Home End, space at a past epoch),
 * live changes of the settings (`[` `]` `l` `t`), and the session as a
 * checkpoint. The reference is always a straight run: a Training made from
 * the same seed and the session's resulting schedule, trained by hand.
 */
import {describe, expect, it} from 'vitest';
import {slantedFaces} from '../../source/engine/data.js';
import {decodeCheckpoint, encodeCheckpoint} from '../../source/run/checkpoint.js';
import {type SessionOptions, Session} from '../../source/run/session.js';
import {parseSchedule} from '../../source/run/schedule.js';
import {Training} from '../../source/run/training.js';
import {FakeClock} from '../helpers/fake-clock.js';

function session(options: Partial<SessionOptions> = {}): {session: Session; clock: FakeClock} {
	// Every reading of the clock takes 1 ms: a "max" slice ends
	const clock = new FakeClock({costPerNow: 1});
	const s = new Session({seed: 42, lr: 0.01, epochs: 100_000, speed: 'max', fps: 20, ...options}, clock);
	return {session: s, clock};
}

/** Runs the session on its clock until it has trained at least `epochs`, then pauses it. */
function trainTo(s: Session, clock: FakeClock, epochs: number): void {
	s.start();
	while (s.snapshot().epoch < epochs) {
		clock.advance(5);
	}

	s.dispatch({type: 'toggle-pause'});
}

/** A straight run of `epochs` under `schedule` (the session's): its snapshot. */
function straight(epochs: number, schedule = parseSchedule(''), lr = 0.01) {
	const training = new Training({seed: 42, lr, faces: slantedFaces}, schedule);
	training.run(epochs);
	return training;
}

describe('Session rewind', () => {
	it('← walks back one epoch at a time through the last 1,000, each exactly the straight run at that epoch', () => {
		const {session: s, clock} = session();
		trainTo(s, clock, 2500);
		const latest = s.snapshot().epoch;
		for (let back = 1; back <= 1000; back++) {
			s.dispatch({type: 'back'});
			const view = s.getView();
			expect(view.status).toBe('rewound');
			expect(view.epoch).toBe(latest - back);
			expect(view.latest).toBe(latest);
			if (back % 97 === 1 || back === 1000) {
				const reference = straight(latest - back);
				expect(view.parameters, `epoch ${view.epoch}`).toEqual(reference.parameters());
				expect(view.last).toEqual(reference.last);
			}
		}

		// The run itself has not moved
		expect(s.snapshot().epoch).toBe(latest);
	});

	it('older epochs: ← keeps going back, at most 1% of the run per step, to epoch 0; Home goes there at once', () => {
		const {session: s, clock} = session();
		trainTo(s, clock, 30_000);
		const latest = s.snapshot().epoch;
		const seen: number[] = [];
		let epoch = latest;
		for (let i = 0; i < 5000 && epoch > 0; i++) {
			s.dispatch({type: 'back'});
			epoch = s.getView().epoch;
			seen.push(epoch);
		}

		expect(seen.at(-1)).toBe(0);
		for (let i = 1; i < seen.length; i++) {
			expect(seen[i - 1]! - seen[i]!).toBeGreaterThan(0);
			expect(seen[i - 1]! - seen[i]!).toBeLessThanOrEqual(Math.max(1, latest / 100));
		}

		s.dispatch({type: 'latest'});
		expect(s.getView().status).toBe('paused');
		s.dispatch({type: 'first'});
		expect(s.getView().epoch).toBe(0);
		expect(s.getView().parameters).toEqual(straight(0).parameters());
	});

	it('→ (step) while rewound goes forward through the kept epochs without training, and back to the live run at the end', () => {
		const {session: s, clock} = session();
		trainTo(s, clock, 1200);
		const latest = s.snapshot().epoch;
		for (let i = 0; i < 3; i++) {
			s.dispatch({type: 'back'});
		}

		s.dispatch({type: 'step'});
		expect(s.getView().epoch).toBe(latest - 2);
		s.dispatch({type: 'step'});
		s.dispatch({type: 'step'});
		expect(s.getView().status).toBe('paused');
		expect(s.getView().epoch).toBe(latest);
		// At the latest, a step trains one
		s.dispatch({type: 'step'});
		expect(s.snapshot().epoch).toBe(latest + 1);
	});

	it('space at a past epoch goes on from exactly there: later epochs, chart points and schedule entries are dropped', () => {
		const {session: s, clock} = session({schedule: parseSchedule('1400:lr=0.02')});
		trainTo(s, clock, 1600);
		const pointsAt1600 = s.getView().history.d.length;
		while (s.getView().epoch !== 1100 && s.getView().epoch !== 0) {
			s.dispatch({type: 'back'});
		}

		expect(s.getView().epoch).toBe(1100);
		s.dispatch({type: 'toggle-pause'});
		expect(s.snapshot().epoch).toBe(1100);
		expect(s.snapshot().schedule).toEqual([]);
		expect(s.getView().history.d.length).toBeLessThan(pointsAt1600);
		expect(s.snapshot()).toEqual({...straight(1100).snapshot()});
	});

	it('rewind, change the lr there, resume: equal to a headless replay of the resulting schedule', () => {
		const {session: s, clock} = session({schedule: parseSchedule('300:loss=minimax')});
		trainTo(s, clock, 2000);
		while (s.getView().epoch > 1500) {
			s.dispatch({type: 'back'});
		}

		const at = s.getView().epoch;
		s.adjust({type: 'double-lr'});
		s.adjust({type: 'cycle-train'});
		expect(s.getView().status).toBe('paused');
		expect(s.getView().latest).toBe(at);
		expect(s.snapshot().schedule).toEqual([
			{epoch: 300, key: 'loss', value: 'minimax'},
			{epoch: at, key: 'lr', value: 0.02},
			{epoch: at, key: 'train', value: 'd'},
		]);
		s.dispatch({type: 'toggle-pause'});
		while (s.snapshot().epoch < 3000) {
			clock.advance(5);
		}

		s.dispatch({type: 'toggle-pause'});
		const {epoch, schedule} = s.snapshot();
		expect(s.snapshot()).toEqual(straight(epoch, schedule).snapshot());
		// And the chart's history is the straight run's too
		expect(s.checkpoint().history.d.length).toBeGreaterThan(0);
	});

	it('an epoch after a live change is replayed with that change (made after the snapshot it is replayed from)', () => {
		const {session: s, clock} = session();
		trainTo(s, clock, 1100);
		s.adjust({type: 'double-lr'});
		s.dispatch({type: 'toggle-pause'});
		while (s.snapshot().epoch < 1500) {
			clock.advance(5);
		}

		s.dispatch({type: 'toggle-pause'});
		const {schedule} = s.snapshot();
		expect(schedule).toHaveLength(1);
		while (s.getView().epoch > schedule[0]!.epoch + 100) {
			s.dispatch({type: 'back'});
		}

		const {epoch, parameters} = s.getView();
		expect(parameters).toEqual(straight(epoch, schedule).parameters());
	});

	it('live changes apply from the next epoch and show in the view', () => {
		const {session: s, clock} = session();
		trainTo(s, clock, 10);
		const epoch = s.snapshot().epoch;
		s.adjust({type: 'halve-lr'});
		s.adjust({type: 'switch-loss'});
		expect(s.getView().settings).toEqual({lr: 0.005, loss: 'minimax', train: 'both'});
		s.dispatch({type: 'step'});
		expect(s.snapshot().schedule).toEqual([
			{epoch, key: 'lr', value: 0.005},
			{epoch, key: 'loss', value: 'minimax'},
		]);
		expect(s.snapshot()).toEqual(straight(epoch + 1, s.snapshot().schedule).snapshot());
	});

	it('the rewind history stays bounded over a long run', () => {
		const {session: s, clock} = session({epochs: 1_000_000});
		trainTo(s, clock, 300_000);
		expect(s.rewindMemory.snapshots).toBeLessThanOrEqual(203);
		expect(s.rewindMemory.bytes).toBeLessThan(1_000_000);
	});
});

describe('Session checkpoints', () => {
	it('a checkpoint loaded into a new session trains on exactly as the first would have', () => {
		const {session: first, clock} = session({schedule: parseSchedule('200:lr=0.02,900:train=g')});
		trainTo(first, clock, 500);
		const text = encodeCheckpoint(first.checkpoint());
		const loaded = session({load: decodeCheckpoint(text, 'run.json')});
		expect(loaded.session.getView().epoch).toBe(first.snapshot().epoch);
		expect(loaded.session.getView().history).toEqual(first.getView().history);
		// Nothing before the checkpoint to go back to
		loaded.session.dispatch({type: 'back'});
		expect(loaded.session.getView().epoch).toBe(first.snapshot().epoch);
		loaded.session.dispatch({type: 'step'});
		trainTo(loaded.session, loaded.clock, 1200);
		const {epoch, schedule} = loaded.session.snapshot();
		expect(schedule).toEqual(parseSchedule('200:lr=0.02,900:train=g'));
		expect(loaded.session.snapshot()).toEqual(straight(epoch, schedule).snapshot());
	});
});
