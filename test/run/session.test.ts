import {describe, expect, it} from 'vitest';
import {slantedFaces} from '../../source/engine/data.js';
import {Rng} from '../../source/engine/rng.js';
import type {Trainer} from '../../source/engine/trainer.js';
import type {Speed} from '../../source/run/controls.js';
import {type SessionOptions, type View, Session, displayZs, rangeZs} from '../../source/run/session.js';
import {ScheduleError, parseSchedule} from '../../source/run/schedule.js';
import {Training, type TrainingSnapshot} from '../../source/run/training.js';
import {summaryLines} from '../../source/ui/summary.js';
import {keyControlActions} from '../helpers/actions.js';
import {expectClose} from '../helpers/close.js';
import {FakeClock} from '../helpers/fake-clock.js';
import {replaySchedule, trainedByHand, trainedFor} from '../helpers/training.js';

function session(options: Partial<SessionOptions> = {}, clock = new FakeClock()): {session: Session; clock: FakeClock} {
	const s = new Session({seed: 42, lr: 0.01, epochs: 1000, speed: 50, fps: 20, ...options}, clock);
	return {session: s, clock};
}

function plainTrainer(seed: number, lr: number, epochs: number): Trainer {
	return trainedFor(epochs, {seed, lr}).trainer;
}

/** A plain trainer's snapshot as a session without a schedule gives it. */
function plainSnapshot(seed: number, lr: number, epochs: number): TrainingSnapshot {
	return {...plainTrainer(seed, lr, epochs).snapshot(), schedule: []};
}

/** Every number anywhere in a value. */
function numbersIn(value: unknown, path = 'view'): Array<{path: string; value: number}> {
	if (typeof value === 'number') {
		return [{path, value}];
	}

	if (Array.isArray(value)) {
		return value.flatMap((item, i) => numbersIn(item, `${path}[${i}]`));
	}

	if (value !== null && typeof value === 'object') {
		return Object.entries(value).flatMap(([key, item]) => numbersIn(item, `${path}.${key}`));
	}

	return [];
}

describe('Session pacing', () => {
	it('at speed 50 trains 50 epochs per simulated second', () => {
		const {session: s, clock} = session({speed: 50, epochs: 100_000});
		s.start();
		for (let second = 1; second <= 6; second++) {
			clock.advance(1000);
			expectClose(s.snapshot().epoch, 50 * second, 1, `epoch after ${second} s`);
			// The view is at most a frame (50 ms at 20 fps: 2.5 epochs) behind
			expect(s.getView().epoch).toBeLessThanOrEqual(s.snapshot().epoch);
			expect(s.getView().epoch).toBeGreaterThanOrEqual(s.snapshot().epoch - 3);
		}
	});

	it.each([1, 5, 20, 200, 1000])('at speed %d trains that many epochs a second', speed => {
		const {session: s, clock} = session({speed, epochs: 1_000_000});
		s.start();
		clock.advance(3000);
		expectClose(s.snapshot().epoch, 3 * speed, 1, 'epoch');
	});

	it('trains nothing before start()', () => {
		const {session: s, clock} = session();
		clock.advance(5000);
		expect(s.snapshot().epoch).toBe(0);
		expect(s.getView().status).toBe('running');
	});

	it('measures about the speed it trains at', () => {
		const {session: s, clock} = session({speed: 50, epochs: 100_000});
		s.start();
		clock.advance(3000);
		expect(s.getView().epochsPerSecond).toBeGreaterThan(45);
		expect(s.getView().epochsPerSecond).toBeLessThan(55);
	});

	it('stops at the target epoch as finished, with exactly that many epochs trained', () => {
		for (const [epochs, speed] of [
			[120, 50],
			[7, 1000],
			[1, 1],
			[333, 'max'],
		] as const) {
			const {session: s, clock} = session({epochs, speed}, new FakeClock({costPerNow: speed === 'max' ? 5 : 0}));
			s.start();
			clock.advance(epochs * 1000);
			expect(s.snapshot().epoch, `${epochs} at ${speed}`).toBe(epochs);
			expect(s.getView().epoch).toBe(epochs);
			expect(s.getView().status).toBe('finished');
			expect(s.state.finished).toBe(true);
			// Nothing left to do: the clock is idle
			expect(clock.pending).toBe(0);
			clock.advance(10_000);
			expect(s.snapshot().epoch).toBe(epochs);
		}
	});

	it('with 0 epochs starts finished and trains nothing', () => {
		const {session: s, clock} = session({epochs: 0});
		s.start();
		clock.advance(5000);
		expect(s.snapshot().epoch).toBe(0);
		expect(s.getView().status).toBe('finished');
	});

	it('space on a finished run trains on past the target', () => {
		const {session: s, clock} = session({epochs: 50, speed: 50});
		s.start();
		clock.advance(2000);
		expect(s.getView().status).toBe('finished');
		s.dispatch({type: 'toggle-pause'});
		expect(s.getView().status).toBe('running');
		expect(s.getView().target).toBeUndefined();
		clock.advance(1000);
		expectClose(s.snapshot().epoch, 100, 1, 'epoch');
		expect(s.getView().status).toBe('running');
	});

	it('toggle-pause freezes the epoch count while time passes, and resumes at the same pace', () => {
		const {session: s, clock} = session({speed: 50, epochs: 100_000});
		s.start();
		clock.advance(1000);
		s.dispatch({type: 'toggle-pause'});
		const frozen = s.snapshot().epoch;
		expect(s.getView().status).toBe('paused');
		expect(s.getView().epoch).toBe(frozen);
		clock.advance(10_000);
		expect(s.snapshot().epoch).toBe(frozen);
		expect(clock.pending).toBe(0);
		s.dispatch({type: 'toggle-pause'});
		expect(s.getView().status).toBe('running');
		clock.advance(1000);
		// No catching up on the paused time
		expectClose(s.snapshot().epoch - frozen, 50, 1, 'epochs since resuming');
	});

	it('step trains exactly one epoch and pauses', () => {
		const {session: s, clock} = session({speed: 50, epochs: 100_000});
		s.start();
		clock.advance(500);
		const before = s.snapshot().epoch;
		s.dispatch({type: 'step'});
		expect(s.snapshot().epoch).toBe(before + 1);
		expect(s.getView().epoch).toBe(before + 1);
		expect(s.getView().status).toBe('paused');
		clock.advance(5000);
		expect(s.snapshot().epoch).toBe(before + 1);
		for (let i = 2; i <= 5; i++) {
			s.dispatch({type: 'step'});
			expect(s.snapshot().epoch).toBe(before + i);
		}

		expect(s.getView().last?.epoch).toBe(before + 5);
	});

	it('step on a finished run trains one epoch past the target and stays paused', () => {
		const {session: s, clock} = session({epochs: 10, speed: 100});
		s.start();
		clock.advance(1000);
		expect(s.getView().status).toBe('finished');
		s.dispatch({type: 'step'});
		expect(s.snapshot().epoch).toBe(11);
		expect(s.getView().status).toBe('paused');
		clock.advance(1000);
		expect(s.snapshot().epoch).toBe(11);
	});

	it('stepping onto the target and resuming trains on past it, the target cleared', () => {
		const {session: s, clock} = session({epochs: 20, speed: 50});
		s.start();
		s.dispatch({type: 'toggle-pause'});
		for (let i = 0; i < 20; i++) {
			s.dispatch({type: 'step'});
		}

		expect(s.snapshot().epoch).toBe(20);
		expect(s.getView().status).toBe('paused');
		s.dispatch({type: 'toggle-pause'});
		clock.advance(1000);
		const view = s.getView();
		expect(view.status).toBe('running');
		expect(view.target).toBeUndefined();
		expect(view.epoch).toBeGreaterThanOrEqual(20 + 49);
	});

	it('measures epochs per second afresh after a pause (a pause is not a slow second)', () => {
		const {session: s, clock} = session({speed: 50, epochs: 100_000});
		s.start();
		clock.advance(2000);
		s.dispatch({type: 'toggle-pause'});
		expect(s.getView().epochsPerSecond).toBe(0);
		clock.advance(5000);
		s.dispatch({type: 'toggle-pause'});
		for (const ms of [100, 200, 300, 400, 500]) {
			clock.advance(100);
			const rate = s.getView().epochsPerSecond;
			expect(rate, `${ms} ms after resuming`).toBeGreaterThan(35);
			expect(rate, `${ms} ms after resuming`).toBeLessThan(65);
		}
	});

	it('never blocks a tick for long: a speed far above what the machine trains drops the backlog', () => {
		// Each now() costs 1 ms of simulated time, so a tick can tell how long it has trained
		const clock = new FakeClock({costPerNow: 1});
		const {session: s} = session({speed: 1e12, epochs: 1e15}, clock);
		s.start();
		clock.advance(200);
		const first = s.snapshot().epoch;
		expect(first).toBeGreaterThan(0);
		// A tick trains in batches of at most 8,192 epochs and stops at its time slice
		expect(first).toBeLessThan(1e6);
		s.dispatch({type: 'toggle-pause'});
		expect(s.getView().status).toBe('paused');
		clock.advance(1000);
		expect(s.snapshot().epoch).toBe(first);
	});

	it('faster up to max trains many more epochs than any numeric speed', () => {
		const clock = new FakeClock({costPerNow: 2});
		const {session: s} = session({speed: 50, epochs: 10_000_000}, clock);
		s.start();
		let presses = 0;
		while (s.state.speed !== 'max') {
			s.dispatch({type: 'faster'});
			presses++;
			expect(presses).toBeLessThan(50);
		}

		expect(s.getView().speed).toBe('max');
		const before = s.snapshot().epoch;
		const t0 = clock.time;
		clock.advance(1000);
		const trained = s.snapshot().epoch - before;
		const seconds = (clock.time - t0) / 1000;
		expect(trained / seconds).toBeGreaterThan(10_000);
		expect(s.getView().status).toBe('running');
		// And slower from max is a numeric pace again
		s.dispatch({type: 'slower'});
		expect(typeof s.state.speed).toBe('number');
	});

	it('a speed change takes effect from the moment of the key', () => {
		const {session: s, clock} = session({speed: 10, epochs: 100_000});
		s.start();
		clock.advance(1000);
		const at10 = s.snapshot().epoch;
		expectClose(at10, 10, 1, 'epochs at 10/s');
		s.dispatch({type: 'faster'}); // 20
		expect(s.state.speed).toBe(20);
		clock.advance(1000);
		expectClose(s.snapshot().epoch - at10, 20, 1, 'epochs at 20/s');
	});
});

describe('Session reset', () => {
	it('returns to epoch 0 and repeats the first run exactly', () => {
		const {session: s, clock} = session({epochs: 80, speed: 100});
		const initial = s.getView().parameters;
		s.start();
		clock.advance(2000);
		expect(s.getView().status).toBe('finished');
		const first = s.snapshot();
		const firstHistory = s.getView().history;

		s.dispatch({type: 'reset'});
		expect(s.snapshot().epoch).toBe(0);
		expect(s.getView().epoch).toBe(0);
		expect(s.getView().parameters).toEqual(initial);
		expect(s.getView().history.d).toEqual([]);
		expect(s.getView().last).toBeUndefined();
		expect(s.getView().status).toBe('running');
		expect(s.getView().target).toBe(80);

		clock.advance(2000);
		expect(s.getView().status).toBe('finished');
		expect(s.snapshot()).toEqual(first);
		expect(s.getView().history).toEqual(firstHistory);
	});

	it('in the middle of a run, then paced differently, gives the same run', () => {
		const {session: s, clock} = session({epochs: 60, speed: 20});
		s.start();
		clock.advance(1500);
		s.dispatch({type: 'reset'});
		s.dispatch({type: 'faster'});
		s.dispatch({type: 'faster'});
		clock.advance(5000);
		expect(s.snapshot()).toEqual(plainSnapshot(42, 0.01, 60));
	});

	it('a paused run stays paused at epoch 0', () => {
		const {session: s, clock} = session({epochs: 60, speed: 20});
		s.start();
		clock.advance(500);
		s.dispatch({type: 'toggle-pause'});
		s.dispatch({type: 'reset'});
		expect(s.snapshot().epoch).toBe(0);
		expect(s.getView().status).toBe('paused');
		clock.advance(2000);
		expect(s.snapshot().epoch).toBe(0);
	});
});

describe('Session views', () => {
	it('getView returns the same object between publishes and a new one at each', () => {
		const {session: s, clock} = session({speed: 50, epochs: 200, fps: 20});
		const seen: View[] = [];
		s.subscribe(() => {
			seen.push(s.getView());
		});
		s.start();
		let current = s.getView();
		let published = 0;
		for (let t = 0; t < 6000; t++) {
			clock.advance(1);
			if (t === 1500) {
				s.dispatch({type: 'faster'});
			}

			if (t === 2500) {
				s.dispatch({type: 'step'});
			}

			if (t === 3000) {
				s.dispatch({type: 'toggle-pause'});
			}

			const view = s.getView();
			expect(s.getView()).toBe(view);
			if (seen.length === published) {
				expect(view, `t = ${t}: a new view without a publish`).toBe(current);
			} else {
				expect(view).not.toBe(current);
				expect(seen.at(-1)).toBe(view);
				published = seen.length;
				current = view;
			}
		}

		for (let i = 1; i < seen.length; i++) {
			expect(seen[i]).not.toBe(seen[i - 1]);
		}

		expect(published).toBeGreaterThan(10);
	});

	it('publishes at most fps frames a second while running', () => {
		for (const fps of [5, 20, 60]) {
			const {session: s, clock} = session({speed: 1000, epochs: 1_000_000, fps});
			let count = 0;
			s.subscribe(() => {
				count++;
			});
			s.start();
			clock.advance(5000);
			expect(count, `fps ${fps}`).toBeLessThanOrEqual(5 * fps + 1);
			expect(count, `fps ${fps}`).toBeGreaterThanOrEqual(5 * Math.min(fps, 100 / 2));
		}
	});

	it('publishes at once after a key, and not at all while idle', () => {
		const {session: s, clock} = session({speed: 50, epochs: 100_000});
		let count = 0;
		const unsubscribe = s.subscribe(() => {
			count++;
		});
		s.start();
		clock.advance(300);
		const running = count;
		s.dispatch({type: 'toggle-pause'});
		expect(count).toBe(running + 1);
		expect(s.getView().status).toBe('paused');
		// A tick already on the clock may still publish once; then all is quiet
		clock.advance(100);
		const paused = count;
		expect(paused - running).toBeLessThanOrEqual(2);
		expect(clock.pending).toBe(0);
		clock.advance(10_000);
		expect(count).toBe(paused);
		s.dispatch({type: 'faster'});
		expect(count).toBe(paused + 1);
		expect(s.getView().speed).toBe(100);
		// A speed change while paused draws once and leaves the clock idle
		expect(clock.pending).toBe(0);
		unsubscribe();
		s.dispatch({type: 'slower'});
		expect(count).toBe(paused + 1);
		expect(s.getView().speed).toBe(50);
	});

	it('a published view is never changed afterwards', () => {
		const {session: s, clock} = session({speed: 50, epochs: 100_000});
		s.start();
		clock.advance(500);
		const view = s.getView();
		const copy = structuredClone(view);
		clock.advance(2000);
		s.dispatch({type: 'step'});
		s.dispatch({type: 'reset'});
		expect(view).toEqual(copy);
	});

	it('numbers its views: frame counts the publishes, from 0, one a publish', () => {
		const {session: s, clock} = session({speed: 50, epochs: 100_000, fps: 20});
		expect(s.getView().frame).toBe(0);
		const frames: number[] = [];
		s.subscribe(() => {
			frames.push(s.getView().frame);
		});
		s.start();
		clock.advance(1000);
		s.dispatch({type: 'step'});
		s.dispatch({type: 'faster'});
		clock.advance(1000);
		expect(frames.length).toBeGreaterThan(10);
		expect(frames).toEqual(Array.from({length: frames.length}, (_, i) => i + 1));
		// Between publishes the view, frame number and all, stays as it is
		expect(s.getView().frame).toBe(frames.length);
	});

	it("trains on the run's dataset: real samples are its images, and training is the trainer's on them", () => {
		const faces = [
			[0.2, 0.7, 0.1, 0.9],
			[1, 0, 0.5, 0.5],
		] as const;
		const {session: s, clock} = session({seed: 7, speed: 50, epochs: 100_000, data: {source: {file: 'x.json'}, faces}});
		s.start();
		clock.advance(1000);
		s.dispatch({type: 'toggle-pause'});
		const view = s.getView();
		expect(view.epoch).toBeGreaterThan(0);
		expect(view.real.map(sample => sample.image)).toEqual(faces.map(face => [...face]));
		expect(view.parameters).toEqual(trainedFor(view.epoch, {seed: 7, lr: 0.01, faces}).trainer.parameters());
	});

	it('fake samples are G at the fixed display zs, and real ones are the faces, with D of each', () => {
		const {session: s, clock} = session({seed: 7, speed: 50, epochs: 100_000});
		const zsAtStart = s.getView().fake.map(sample => sample.z);
		expect(zsAtStart).toEqual([...displayZs]);
		s.start();
		clock.advance(1000);
		s.dispatch({type: 'toggle-pause'});
		const view = s.getView();
		expect(view.fake.map(sample => sample.z)).toEqual([...displayZs]);
		const reference = plainTrainer(7, 0.01, view.epoch);
		for (const sample of view.fake) {
			expect(sample.image).toEqual(reference.generate(sample.z));
			expect(sample.d).toBe(reference.discriminate(sample.image));
		}

		expect(view.real.map(sample => sample.image)).toEqual(slantedFaces.map(face => [...face]));
		for (const sample of view.real) {
			expect(sample.d).toBe(reference.discriminate(sample.image));
		}

		expect(view.parameters).toEqual(reference.parameters());
	});

	it("G's range is G(z) for six z evenly from 0 to 1, with D of each, of the epoch on show; drawing it draws no random number", () => {
		expect(rangeZs).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
		const {session: s} = session({seed: 7});
		for (let i = 0; i < 5; i++) {
			s.dispatch({type: 'step'});
		}

		s.dispatch({type: 'back'});
		s.dispatch({type: 'back'});
		const view = s.getView();
		expect(view.epoch).toBe(3);
		const shown = plainTrainer(7, 0.01, 3);
		expect(view.range.map(sample => sample.z)).toEqual([...rangeZs]);
		for (const sample of view.range) {
			expect(sample.image).toEqual(shown.generate(sample.z));
			expect(sample.d).toBe(shown.discriminate(sample.image));
		}

		// The run goes on exactly as a plain trainer's: the views drew nothing from its RNG
		s.dispatch({type: 'latest'});
		s.dispatch({type: 'step'});
		expect(s.getView().parameters).toEqual(plainTrainer(7, 0.01, 6).parameters());
	});

	it('the loss history has a point per epoch, matching the trainer', () => {
		const {session: s, clock} = session({seed: 3, speed: 100, epochs: 30});
		s.start();
		clock.advance(1000);
		const {history, last} = s.getView();
		expect(history.stride).toBe(1);
		expect(history.d).toHaveLength(30);
		expect(history.d.at(-1)).toBe(last!.dLoss);
		expect(history.g.at(-1)).toBe(last!.gLoss);
		const {events} = trainedFor(30, {seed: 3, lr: 0.01});
		expect(history.d).toEqual(events.map(stats => stats.dLoss));
		expect(history.g).toEqual(events.map(stats => stats.gLoss));
	});
});

describe('Session trajectory', () => {
	/** The actions a key sends (the session's own, such as 'diverged', come from the session). */
	const actions = keyControlActions;

	/** A random interleaving of keys and time; returns the session at its end. */
	function randomSchedule(seed: number): {session: Session; options: SessionOptions} {
		const rng = Rng.seeded(seed);
		const speeds: Speed[] = [1, 10, 50, 200, 1000, 'max'];
		const options: SessionOptions = {
			seed: seed * 7919,
			lr: [0.01, 0.05, 0.2][seed % 3]!,
			epochs: 50 + Math.floor(rng.uniform() * 400),
			speed: speeds[Math.floor(rng.uniform() * speeds.length)]!,
			fps: 1 + Math.floor(rng.uniform() * 60),
		};
		const clock = new FakeClock({costPerNow: 5});
		const s = new Session(options, clock);
		s.start();
		const steps = 20 + Math.floor(rng.uniform() * 40);
		for (let i = 0; i < steps; i++) {
			const pick = rng.uniform();
			if (pick < 0.5) {
				clock.advance(Math.floor(rng.uniform() * 400));
			} else {
				const action = actions[Math.floor(rng.uniform() * actions.length)]!;
				// Keep "max" runs short: a reset or a step is more interesting than a long stretch
				if (action.type === 'faster' && s.state.speed === 10_000) {
					continue;
				}

				s.dispatch(action);
			}
		}

		clock.advance(Math.floor(rng.uniform() * 300));
		s.stop();
		return {session: s, options};
	}

	it.each(Array.from({length: 16}, (_, i) => i + 1))(
		'schedule %d: the run equals a plain trainer run for as many epochs',
		seed => {
			const {session: s, options} = randomSchedule(seed);
			const snapshot = s.snapshot();
			const reference = plainTrainer(options.seed, options.lr, snapshot.epoch);
			// The view may be up to a frame behind a running session
			expect(s.getView().epoch).toBeLessThanOrEqual(snapshot.epoch);
			expect(snapshot.parameters).toEqual(reference.parameters());
			expect(snapshot.rng).toEqual(reference.snapshot().rng);
			expect(snapshot).toEqual({...reference.snapshot(), schedule: []});
			expect(summaryLines(snapshot)).toEqual(summaryLines(reference.snapshot()));
		},
	);

	it('many views built along the way do not move the training RNG', () => {
		const clock = new FakeClock();
		const s = new Session({seed: 5, lr: 0.01, epochs: 1000, speed: 1000, fps: 60}, clock);
		let views = 0;
		s.subscribe(() => {
			views++;
			// A UI reads everything in the view
			JSON.stringify(s.getView());
		});
		s.start();
		clock.advance(700);
		s.stop();
		expect(views).toBeGreaterThan(10);
		expect(s.snapshot()).toEqual(plainSnapshot(5, 0.01, s.snapshot().epoch));
	});
});

describe('Session divergence', () => {
	it('a huge learning rate ends diverged, with no NaN or infinity anywhere in the view', () => {
		for (const lr of [1e6, 1e3, 50]) {
			const {session: s, clock} = session({lr, seed: 1, speed: 200, epochs: 100_000});
			s.start();
			clock.advance(10_000);
			const view = s.getView();
			expect(view.status, `lr ${lr}`).toBe('diverged');
			expect(view.divergence).toBeDefined();
			const bad = numbersIn(view).filter(entry => !Number.isFinite(entry.value));
			expect(bad, `lr ${lr}`).toEqual([]);
			expect(clock.pending).toBe(0);
		}
	});

	it('once diverged, pause and step change nothing; reset starts again', () => {
		const {session: s, clock} = session({lr: 1e6, seed: 1, speed: 200, epochs: 100_000});
		s.start();
		clock.advance(2000);
		expect(s.getView().status).toBe('diverged');
		const epoch = s.snapshot().epoch;
		const snapshot = s.snapshot();
		s.dispatch({type: 'toggle-pause'});
		s.dispatch({type: 'step'});
		clock.advance(2000);
		expect(s.getView().status).toBe('diverged');
		expect(s.snapshot().epoch).toBe(epoch);
		expect(s.snapshot()).toEqual(snapshot);
		s.dispatch({type: 'reset'});
		expect(s.snapshot().epoch).toBe(0);
		expect(s.getView().divergence).toBeUndefined();
		expect(s.getView().status).not.toBe('diverged');
		clock.advance(2000);
		// The same run diverges again, at the same epoch
		expect(s.getView().status).toBe('diverged');
		expect(s.snapshot()).toEqual(snapshot);
	});
});

describe('Session schedule and live changes', () => {
	const byHand = trainedByHand(42);
	const schedule = parseSchedule(replaySchedule);

	it('replays the schedule of its options: the run by hand, at any speed, with steps and pauses', () => {
		for (const speed of [50, 1000, 'max'] as const) {
			const {session: s, clock} = session({schedule, speed, epochs: 1000});
			s.start();
			if (speed !== 'max') {
				// Into the run (before its target), then a pause, seven steps, and on
				clock.advance(290_000 / speed);
				s.dispatch({type: 'toggle-pause'});
				for (let i = 0; i < 7; i++) {
					s.dispatch({type: 'step'});
				}

				s.dispatch({type: 'toggle-pause'});
			}

			clock.advance(100_000);
			expect(s.getView().status).toBe('finished');
			const {schedule: recorded, ...snapshot} = s.snapshot();
			expect(snapshot).toEqual(byHand.trainer.snapshot());
			expect(recorded).toEqual(schedule);
			expect(s.getView().settings).toEqual({lr: 0.02, loss: 'minimax', train: 'g'});
		}
	});

	it('the view carries the settings in force, changing at the schedule boundaries', () => {
		const {session: s} = session({schedule, speed: 1, epochs: 1000});
		expect(s.getView().settings).toEqual({lr: 0.01, loss: 'nonsaturating', train: 'both'});
		for (let i = 0; i < 300; i++) {
			s.dispatch({type: 'step'});
		}

		expect(s.getView().epoch).toBe(300);
		expect(s.getView().settings).toEqual({lr: 0.02, loss: 'nonsaturating', train: 'both'});
	});

	it('change() records a live change, in force from the next epoch, shown at once', () => {
		const {session: s, clock} = session({speed: 100, epochs: 1000});
		s.start();
		clock.advance(3000);
		s.dispatch({type: 'toggle-pause'});
		const epoch = s.snapshot().epoch;
		s.change('loss', 'minimax');
		s.change('lr', 0.02);
		expect(s.getView().settings).toEqual({lr: 0.02, loss: 'minimax', train: 'both'});
		expect(s.snapshot().schedule).toEqual([
			{epoch, key: 'loss', value: 'minimax'},
			{epoch, key: 'lr', value: 0.02},
		]);
		s.dispatch({type: 'toggle-pause'});
		clock.advance(100_000);

		// The same run as the schedule recorded, replayed from the start
		const replayed = new Training({seed: 42, lr: 0.01, faces: slantedFaces}, s.snapshot().schedule);
		replayed.run(1000);
		expect(s.snapshot()).toEqual(replayed.snapshot());
		expect(() => {
			s.change('lr', -1);
		}).toThrow(ScheduleError);
	});

	it('the summary reproduces a scheduled run: its command carries the schedule', () => {
		const {session: s, clock} = session({schedule, speed: 'max', epochs: 1000});
		s.start();
		clock.advance(100_000);
		const lines = summaryLines(s.snapshot());
		expect(lines.at(-1)).toBe(`tinygan --seed 42 --lr 0.01 --schedule ${replaySchedule} --epochs 1000 --json`);
	});
});
