import {mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {defaultConfig} from '../../source/engine/trainer.js';
import {type Checkpoint, loadCheckpoint} from '../../source/run/checkpoint.js';
import {type StopSignal, exitCodes, signalExitCode} from '../../source/run/exit-codes.js';
import {type SignalSource, type Sink, catchSignals, runHeadless, timing} from '../../source/run/headless.js';
import {LossHistory} from '../../source/run/history.js';
import {checkpointOf, resume} from '../../source/run/resume.js';
import {parseSchedule} from '../../source/run/schedule.js';
import {Training} from '../../source/run/training.js';
import {bits} from '../helpers/checkpoints.js';
import {type Operation, failNext, faultPending, resetFaults} from '../helpers/faulty-fs.js';

// Node:fs as it is, but for a fault armed by failNext (the saves below that fail)
vi.mock('node:fs', async original => (await import('../helpers/faulty-fs.js')).faultyFs(await original()));

type WriteCallback = (error?: Error | null) => void;

/** A reader that takes a chunk, then holds the writer off until it asks for more ("drain"). */
class SlowReader implements Sink {
	readonly chunks: string[] = [];
	/** Characters written but not yet read, and the most that ever were. */
	unread = 0;
	mostUnread = 0;
	private drainListeners: Array<() => void> = [];
	private callbacks: WriteCallback[] = [];

	write(chunk: string, callback: WriteCallback): boolean {
		this.chunks.push(chunk);
		this.callbacks.push(callback);
		this.unread += chunk.length;
		this.mostUnread = Math.max(this.mostUnread, this.unread);
		return false; // Always "full": the writer must wait for drain
	}

	once(_event: 'drain', listener: () => void): void {
		this.drainListeners.push(listener);
	}

	/** Reads everything written so far, then lets the writer go on. */
	read(): void {
		this.unread = 0;
		const callbacks = this.callbacks;
		this.callbacks = [];
		for (const callback of callbacks) {
			callback();
		}

		const listeners = this.drainListeners;
		this.drainListeners = [];
		for (const listener of listeners) {
			listener();
		}
	}

	get waiting(): boolean {
		return this.drainListeners.length > 0 || this.callbacks.length > 0;
	}
}

/** A reader that takes everything at once, noting each chunk with the clock's time when it came. */
class FastReader implements Sink {
	readonly writes: Array<{chunk: string; at: number}> = [];
	constructor(private readonly now: () => number = () => 0) {}

	write(chunk: string, callback: WriteCallback): boolean {
		this.writes.push({chunk, at: this.now()});
		setImmediate(callback);
		return true;
	}

	once(): void {
		throw new Error('a reader that never falls behind never drains');
	}

	get lines(): string[] {
		return this.writes
			.map(write => write.chunk)
			.join('')
			.trimEnd()
			.split('\n');
	}
}

/** A clock that moves `step` ms each time it is read: time passes as the run works, the same on any machine. */
function steppingClock(step: number): () => number {
	let t = 0;
	return () => {
		t += step;
		return t;
	};
}

type Line = {type: string; epoch?: number; status?: string; signal?: string; samples?: unknown[]; params?: unknown};

function parse(lines: readonly string[]): Line[] {
	return lines.map(line => JSON.parse(line) as Line);
}

describe('runHeadless', () => {
	it('waits for the reader: never more than about one flush unread, however long the run', async () => {
		const reader = new SlowReader();
		const done = runHeadless({seed: 1, lr: 0.01, epochs: 20_000, every: 1}, reader, 'test');
		let finished = false;
		void done.then(() => {
			finished = true;
		});
		let reads = 0;
		while (!finished) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setImmediate(resolve);
			});
			if (reader.waiting) {
				reads++;
				reader.read();
			}
		}

		expect(await done).toBe(0);
		// 20,000 epoch lines of ~150 characters (3 MB) went out in many chunks, each waited for
		expect(reads).toBeGreaterThan(20);
		expect(reader.mostUnread).toBeLessThan(200_000);
		const lines = reader.chunks.join('').trimEnd().split('\n');
		expect(lines).toHaveLength(20_002);
		expect(JSON.parse(lines.at(-1)!).epoch).toBe(20_000);
	});

	it('writes nothing more while the reader has not drained, however many turns of the event loop pass', async () => {
		const reader = new SlowReader();
		const done = runHeadless({seed: 1, lr: 0.01, epochs: 20_000, every: 1}, reader, 'test');
		const turns = async (n: number): Promise<void> => {
			for (let i = 0; i < n; i++) {
				// eslint-disable-next-line no-await-in-loop
				await new Promise(resolve => {
					setImmediate(resolve);
				});
			}
		};

		await turns(50);
		expect(reader.chunks, 'only the start line, then a wait for drain').toHaveLength(1);
		reader.read();
		await turns(50);
		expect(reader.chunks, 'one batch more after one drain').toHaveLength(2);
		let finished = false;
		void done.then(() => {
			finished = true;
		});
		while (!finished) {
			reader.read();
			// eslint-disable-next-line no-await-in-loop
			await turns(1);
		}

		expect(await done).toBe(exitCodes.ok);
	});

	it('resolves once the end line is handed over, even to a sink that never calls back', async () => {
		const lines: string[] = [];
		const sink: Sink = {
			write(chunk) {
				lines.push(chunk);
				return true;
			},
			once() {
				throw new Error('never full');
			},
		};
		expect(await runHeadless({seed: 1, lr: 0.01, epochs: 5, every: 1}, sink, 'test')).toBe(exitCodes.ok);
		expect(lines.join('')).toMatch(/{"type":"end",[^\n]*\n$/);
	});

	it('writes the start line alone, before the first epoch is trained', async () => {
		const reader = new FastReader();
		expect(await runHeadless({seed: 1, lr: 0.01, epochs: 10, every: 1}, reader, 'test')).toBe(exitCodes.ok);
		expect(reader.writes[0]!.chunk).toMatch(/^{"type":"start",[^\n]*\n$/);
		expect(reader.lines).toHaveLength(12);
	});

	it('writes a line at most a flush interval and a slice after it is made, however few lines there are', async () => {
		// 100 epoch lines of ~150 characters: far below a full batch, so only the clock sends them
		const step = 5;
		const now = steppingClock(step);
		const reader = new FastReader(now);
		const code = await runHeadless({seed: 1, lr: 0.01, epochs: 400_000, every: 4000}, reader, 'test', {now});
		expect(code).toBe(exitCodes.ok);
		expect(reader.lines).toHaveLength(102);
		const epochWrites = reader.writes.slice(1, -1);
		expect(epochWrites.length, 'batches of epoch lines').toBeGreaterThan(3);
		for (const [i, write] of reader.writes.entries()) {
			if (i > 0) {
				const gap = write.at - reader.writes[i - 1]!.at;
				expect(gap, `clock time between writes ${i - 1} and ${i}`).toBeLessThanOrEqual(
					timing.flushMs + timing.sliceMs + 3 * step,
				);
			}
		}
	});

	it('lets the event loop turn while it trains, so timers (and signals) are heard', async () => {
		const now = steppingClock(1);
		let run = 'running';
		const done = runHeadless({seed: 1, lr: 0.01, epochs: 200_000, every: 0}, new FastReader(), 'test', {now}).then(
			() => {
				run = 'done';
			},
		);
		const seen = await new Promise<string>(resolve => {
			setTimeout(() => {
				resolve(run);
			}, 0);
		});
		await done;
		expect(seen, 'the state of the run when a timer set at its start fired').toBe('running');
	});

	it.each<[StopSignal, number]>([
		['SIGINT', 130],
		['SIGTERM', 143],
		['SIGHUP', 129],
	])('ends at the next slice after %s: every line made, then an interrupted end, exit %i', async (signal, code) => {
		const now = steppingClock(10);
		const reader = new FastReader(now);
		// The signal comes once the run has written a few batches
		const interrupted = (): StopSignal | undefined => (reader.writes.length >= 4 ? signal : undefined);
		const result = await runHeadless({seed: 3, lr: 0.01, epochs: 1e9, every: 1000}, reader, 'test', {
			interrupted,
			now,
		});
		expect(result).toBe(code);
		const events = parse(reader.lines);
		const epochs = events.slice(1, -1);
		expect(epochs.length).toBeGreaterThan(0);
		expect(epochs.map(event => event.epoch)).toEqual(epochs.map((_, i) => (i + 1) * 1000));
		const end = events.at(-1)!;
		expect(end).toMatchObject({type: 'end', status: 'interrupted', signal});
		expect(end.epoch).toBeGreaterThanOrEqual(epochs.at(-1)!.epoch!);
		expect(end.epoch! - epochs.at(-1)!.epoch!).toBeLessThan(1000);
		expect(end.samples).toHaveLength(4);
		expect(end.params).toBeDefined();
	});

	it('a finished run is not "interrupted" though the signal comes after its last epoch', async () => {
		let asked = 0;
		const result = await runHeadless({seed: 3, lr: 0.01, epochs: 10, every: 1}, new FastReader(), 'test', {
			interrupted() {
				asked++;
				return undefined;
			},
		});
		expect(result).toBe(exitCodes.ok);
		expect(asked).toBeGreaterThan(0);
	});

	it('rejects with the error of a failed write, and trains no more than a slice after it', async () => {
		const full = Object.assign(new Error('ENOSPC: no space left on device, write'), {code: 'ENOSPC', syscall: 'write'});
		let writes = 0;
		const sink: Sink = {
			write(_chunk, callback) {
				writes++;
				setImmediate(() => {
					callback(full);
				});
				return true;
			},
			once() {
				throw new Error('not used');
			},
		};
		// About 150 slices of training in all, were it to go on
		let slices = 0;
		const run = runHeadless({seed: 1, lr: 0.01, epochs: 3_000_000, every: 0}, sink, 'test', {
			now: steppingClock(10),
			interrupted() {
				slices++;
				return undefined;
			},
		});
		await expect(run).rejects.toBe(full);
		expect(writes).toBe(1);
		expect(slices).toBeLessThanOrEqual(2);
	});

	it('rejects when the write fails while it waits for drain', async () => {
		const broken = Object.assign(new Error('write EIO'), {code: 'EIO', syscall: 'write'});
		const sink: Sink = {
			write(_chunk, callback) {
				setImmediate(() => {
					callback(broken);
				});
				return false;
			},
			once() {
				// Never drains
			},
		};
		await expect(runHeadless({seed: 1, lr: 0.01, epochs: 1e9, every: 1}, sink, 'test')).rejects.toBe(broken);
	});
});

describe('catchSignals', () => {
	class FakeProcess implements SignalSource {
		readonly listeners = new Map<string, Array<(signal: StopSignal) => void>>();
		readonly exits: number[] = [];
		on(event: StopSignal, listener: (signal: StopSignal) => void): void {
			this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
		}

		off(event: StopSignal, listener: (signal: StopSignal) => void): void {
			this.listeners.set(
				event,
				(this.listeners.get(event) ?? []).filter(other => other !== listener),
			);
		}

		exit(code: number): void {
			this.exits.push(code);
		}

		send(signal: StopSignal): void {
			for (const listener of this.listeners.get(signal) ?? []) {
				listener(signal);
			}
		}
	}

	it('notes the first signal and lets the run finish; a second one exits at once with its code', () => {
		const process = new FakeProcess();
		const signals = catchSignals(process);
		expect(signals.received()).toBeUndefined();
		process.send('SIGTERM');
		expect(signals.received()).toBe('SIGTERM');
		expect(process.exits).toEqual([]);
		process.send('SIGINT');
		expect(process.exits).toEqual([130]);
		expect(signals.received()).toBe('SIGTERM');
	});

	it('release removes every listener', () => {
		const process = new FakeProcess();
		const signals = catchSignals(process);
		expect([...process.listeners.keys()].sort()).toEqual(['SIGHUP', 'SIGINT', 'SIGTERM']);
		signals.release();
		expect([...process.listeners.values()].every(list => list.length === 0)).toBe(true);
	});
});

describe('exit codes', () => {
	it('are one table, and a signal n gives 128 + n', () => {
		expect(exitCodes).toEqual({ok: 0, diverged: 1, usage: 2, software: 70, ioError: 74});
		expect(signalExitCode('SIGHUP')).toBe(129);
		expect(signalExitCode('SIGINT')).toBe(130);
		expect(signalExitCode('SIGTERM')).toBe(143);
	});
});

type Event = Line & {from?: unknown; saved?: string; saveError?: string; config?: Record<string, unknown>};

describe('--save and --load in the headless run', () => {
	let folder: string;
	beforeAll(() => {
		folder = mkdtempSync(join(tmpdir(), 'tinygan-headless-'));
	});
	afterAll(() => {
		rmSync(folder, {recursive: true, force: true});
	});
	afterEach(() => {
		resetFaults();
	});

	const schedule = parseSchedule('100:lr=0.02,500:loss=minimax,700:train=g');

	/** The checkpoint of the straight run at `epochs`: its history fed every epoch, as a run's is. */
	function straightCheckpoint(epochs: number, seed = 42, changes = schedule): Checkpoint {
		const training = new Training({seed, ...defaultConfig}, changes);
		const history = new LossHistory();
		training.run(epochs, stats => {
			history.add(stats);
		});
		return checkpointOf(training, history);
	}

	async function headless(config: Parameters<typeof runHeadless>[0], interrupted?: () => StopSignal | undefined) {
		const reader = new FastReader();
		const reports: string[] = [];
		const code = await runHeadless(config, reader, 'test', {
			report(line) {
				reports.push(line);
			},
			...(interrupted ? {interrupted} : {}),
		});
		return {code, reports, events: parse(reader.lines) as Event[], lines: reader.lines};
	}

	it('saves the whole run as it ends, its history fed every epoch though only every 100th is printed', async () => {
		const file = join(folder, 'finished.json');
		const {code, events, reports} = await headless({seed: 42, lr: 0.01, epochs: 300, every: 100, schedule, save: file});
		expect(code).toBe(exitCodes.ok);
		expect(reports).toEqual([]);
		expect(events.at(-1)).toMatchObject({type: 'end', status: 'finished', epoch: 300, saved: file});
		expect(bits(loadCheckpoint(file))).toEqual(bits(straightCheckpoint(300)));
	});

	it('the checkpoint is the run before the end line’s samples are drawn: loaded, it draws the same', async () => {
		const file = join(folder, 'samples.json');
		const {events} = await headless({seed: 5, lr: 0.01, epochs: 50, every: 0, save: file});
		const {training} = resume(loadCheckpoint(file));
		expect(training.drawSamples(4)).toEqual(events.at(-1)!.samples);
	});

	it('stopped by a signal: saved at the epoch it ended at, which its last epoch line shows', async () => {
		const file = join(folder, 'stopped.json');
		let asked = 0;
		const {code, events} = await headless({seed: 3, lr: 0.01, epochs: 1e9, every: 1, save: file}, () =>
			++asked > 3 ? 'SIGINT' : undefined,
		);
		expect(code).toBe(130);
		const end = events.at(-1)!;
		expect(end).toMatchObject({status: 'interrupted', signal: 'SIGINT', saved: file});
		expect(events.at(-2)).toMatchObject({type: 'epoch', epoch: end.epoch});
		const checkpoint = loadCheckpoint(file);
		expect(checkpoint.epoch).toBe(end.epoch);
		expect(bits(checkpoint)).toEqual(bits(straightCheckpoint(end.epoch!, 3, [])));
	});

	it('--load: goes on from the checkpoint, says from where, numbers its epochs on from it', async () => {
		const checkpoint = straightCheckpoint(300);
		const {code, events} = await headless({
			seed: 1,
			lr: 0.5,
			epochs: 302,
			every: 1,
			load: checkpoint,
			loadFile: 'a.json',
			schedule: parseSchedule('301:lr=0.03'),
		});
		expect(code).toBe(exitCodes.ok);
		expect(events[0]).toMatchObject({
			type: 'start',
			config: {seed: 42, lr: 0.01, epochs: 302, schedule: '100:lr=0.02,301:lr=0.03,500:loss=minimax,700:train=g'},
			from: {file: 'a.json', epoch: 300},
			params: checkpoint.parameters,
		});
		expect(events.slice(1, -1).map(event => event.epoch)).toEqual([301, 302]);
	});

	it('without --save nothing is written and the end line says nothing of it', async () => {
		const {events} = await headless({seed: 1, lr: 0.01, epochs: 3, every: 1});
		expect(events.at(-1)).not.toHaveProperty('saved');
		expect(events.at(-1)).not.toHaveProperty('saveError');
	});

	it.each<[Operation, string, string]>([
		['write', 'ENOSPC', 'no space left on device'],
		['open', 'EDQUOT', 'disk quota exceeded'],
		['fsync', 'EIO', 'input/output error'],
		['rename', 'EACCES', 'permission denied'],
	])(
		'a failed save (%s: %s): the end line first, then one line, exit 74; the previous file as it was, nothing else',
		async (operation, code, words) => {
			const dir = mkdtempSync(join(folder, 'fail-'));
			const file = join(dir, 'a.json');
			await headless({seed: 42, lr: 0.01, epochs: 5, every: 0, save: file});
			const before = readFileSync(file, 'utf8');

			const order: string[] = [];
			const sink: Sink = {
				write(chunk, callback) {
					order.push(
						...chunk
							.trimEnd()
							.split('\n')
							.map(line => (JSON.parse(line) as Line).type),
					);
					setImmediate(callback);
					return true;
				},
				once() {
					throw new Error('never full');
				},
			};
			failNext(operation, code);
			const result = await runHeadless({seed: 42, lr: 0.01, epochs: 1000, every: 500, save: file}, sink, 'test', {
				report(line) {
					order.push(line);
				},
			});
			expect(faultPending()).toBe(false);
			expect(result).toBe(exitCodes.ioError);
			const line = `tinygan: cannot save ${file}: ${words}\n`;
			expect(order).toEqual(['start', 'epoch', 'epoch', 'end', line]);
			expect(readFileSync(file, 'utf8')).toBe(before);
			expect(readdirSync(dir)).toEqual(['a.json']);
		},
	);

	it('a failed save says so in the end line too, and wins over the exit code of a diverged or stopped run', async () => {
		const file = join(folder, 'diverged.json');
		failNext('write', 'ENOSPC');
		const diverged = await headless({seed: 1, lr: 1e6, epochs: 1000, every: 0, save: file});
		expect(diverged.code).toBe(exitCodes.ioError);
		expect(diverged.events.at(-1)).toMatchObject({
			status: 'diverged',
			saveError: `cannot save ${file}: no space left on device`,
		});
		expect(diverged.events.at(-1)).not.toHaveProperty('saved');
		expect(diverged.reports).toEqual([`tinygan: cannot save ${file}: no space left on device\n`]);

		failNext('rename', 'EIO');
		const stopped = await headless({seed: 1, lr: 0.01, epochs: 1e9, every: 0, save: file}, () => 'SIGTERM');
		expect(stopped.code).toBe(exitCodes.ioError);
		expect(stopped.events.at(-1)).toMatchObject({status: 'interrupted', signal: 'SIGTERM'});
	});
});
