/**
 * One SGD update at a time in a dashboard session (`u`): the view shows each
 * update and the parameters it left; 3 × (images) updates finish the epoch
 * exactly as a straight run; space, a step, a change, ← and a reset leave the
 * epoch in progress, and a run resumed mid-epoch is the uninterrupted run.
 * The reference is always a straight run, trained by hand.
 */
import {describe, expect, it} from 'vitest';
import {slantedFaces} from '../../source/engine/data.js';
import type {Image} from '../../source/engine/model.js';
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

/** Runs the session on its clock until it has trained at least `epochs`, then pauses it; returns the epoch. */
function trainTo(s: Session, clock: FakeClock, epochs: number): number {
	s.start();
	while (s.snapshot().epoch < epochs) {
		clock.advance(5);
	}

	s.dispatch({type: 'toggle-pause'});
	return s.snapshot().epoch;
}

function straight(epochs: number, schedule = parseSchedule(''), faces: readonly Image[] = slantedFaces): Training {
	const training = new Training({seed: 42, lr: 0.01, faces}, schedule);
	training.run(epochs);
	return training;
}

function press(s: Session, times: number): void {
	for (let i = 0; i < times; i++) {
		s.dispatch({type: 'update'});
	}
}

describe('Session, one update at a time', () => {
	it('u pauses and makes one update; the view shows it and the parameters it left; the run waits at the epoch start', () => {
		const {session: s, clock} = session();
		s.start();
		clock.advance(50);
		s.dispatch({type: 'update'});
		const epoch = s.snapshot().epoch;
		const view = s.getView();
		expect(view.status).toBe('paused');
		expect(view.update).toMatchObject({epoch: epoch + 1, sample: 0, step: 'd-real', index: 1, count: 15});
		expect(view.parameters).toEqual(view.update!.after);
		expect(view.update!.before).toEqual(straight(epoch).parameters());
		// The samples panel is drawn with them too
		expect(view.real[0]!.d).not.toBe(straight(epoch).discriminate(slantedFaces[0]!));
		// Time passing does not train
		clock.advance(1000);
		expect(s.snapshot().epoch).toBe(epoch);
	});

	it('15 presses finish the epoch: every panel then equals a run stopped at that epoch', () => {
		const {session: s, clock} = session();
		const epoch = trainTo(s, clock, 300);
		press(s, 14);
		expect(s.snapshot().epoch).toBe(epoch);
		expect(s.getView().update?.index).toBe(14);
		press(s, 1);
		const view = s.getView();
		expect(s.snapshot().epoch).toBe(epoch + 1);
		expect(view.epoch).toBe(epoch + 1);
		expect(view.update).toMatchObject({index: 15, count: 15, sample: 4, step: 'g'});
		const reference = straight(epoch + 1);
		expect(view.parameters).toEqual(reference.parameters());
		expect(view.last).toEqual(reference.last);
		expect(view.real).toEqual(reference.config.faces.map(image => ({image, d: reference.discriminate(image)})));
		// The next press starts the next epoch
		press(s, 1);
		expect(s.getView().update).toMatchObject({epoch: epoch + 2, index: 1});
	});

	it('space mid-epoch goes on from exactly there: the run equals the uninterrupted one', () => {
		const {session: s, clock} = session({epochs: 2000});
		const epoch = trainTo(s, clock, 500);
		press(s, 7);
		s.dispatch({type: 'toggle-pause'});
		expect(s.getView().update).toBeUndefined();
		while (s.state.running) {
			clock.advance(5);
		}

		expect(s.snapshot().epoch).toBe(2000);
		expect(s.snapshot()).toEqual(straight(2000).snapshot());
		expect(epoch).toBeLessThan(2000);
	});

	it('a step mid-epoch finishes the epoch; ← goes back to its start; a reset leaves it', () => {
		const {session: s, clock} = session();
		const epoch = trainTo(s, clock, 200);
		press(s, 4);
		s.dispatch({type: 'step'});
		expect(s.snapshot()).toEqual(straight(epoch + 1).snapshot());
		expect(s.getView().update).toBeUndefined();

		press(s, 4);
		s.dispatch({type: 'back'});
		const view = s.getView();
		expect(view.status).toBe('paused');
		expect(view.update).toBeUndefined();
		expect(view.epoch).toBe(epoch + 1);
		expect(view.parameters).toEqual(straight(epoch + 1).parameters());
		// Then ← is rewind as ever
		s.dispatch({type: 'back'});
		expect(s.getView()).toMatchObject({status: 'rewound', epoch});

		s.dispatch({type: 'latest'});
		press(s, 2);
		s.dispatch({type: 'reset'});
		expect(s.getView().update).toBeUndefined();
		expect(s.getView().parameters).toEqual(straight(0).parameters());
	});

	it('a change mid-epoch starts the epoch again under the new settings, and the updates follow them', () => {
		const {session: s, clock} = session();
		const epoch = trainTo(s, clock, 100);
		press(s, 5);
		s.adjust({type: 'cycle-train'}); // Both → D only
		expect(s.getView().update).toBeUndefined();
		expect(s.getView().parameters).toEqual(straight(epoch).parameters());
		// D only: 2 updates an image, 10 an epoch, none of them G's
		press(s, 1);
		expect(s.getView().update).toMatchObject({index: 1, count: 10, step: 'd-real', epoch: epoch + 1});
		press(s, 9);
		const schedule = parseSchedule(`${epoch}:train=d`);
		expect(s.snapshot()).toEqual(straight(epoch + 1, schedule).snapshot());
	});

	it('u at a past epoch goes on from there, one update, and drops what came after', () => {
		const {session: s, clock} = session();
		const epoch = trainTo(s, clock, 400);
		s.dispatch({type: 'back'});
		s.dispatch({type: 'back'});
		s.dispatch({type: 'update'});
		const view = s.getView();
		expect(view.status).toBe('paused');
		expect(view.latest).toBe(epoch - 2);
		expect(view.update).toMatchObject({epoch: epoch - 1, index: 1});
		expect(view.update!.before).toEqual(straight(epoch - 2).parameters());
	});

	it('a frozen net’s updates are skipped: with G only, 5 presses finish an epoch of the slanted faces', () => {
		const {session: s, clock} = session({schedule: parseSchedule('0:train=g')});
		const epoch = trainTo(s, clock, 50);
		press(s, 5);
		expect(s.snapshot().epoch).toBe(epoch + 1);
		expect(s.snapshot()).toEqual(straight(epoch + 1, parseSchedule('0:train=g')).snapshot());
	});
});
