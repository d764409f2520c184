/**
 * The headless run: NDJSON on a stream, one object per line, for scripts.
 *
 *   {"type":"start","version":…,"config":{"seed":…,"lr":…,"epochs":…[,"schedule":"E:key=value,…"]},"data":{["preset":NAME|"file":FILE,]"images":[[4]…]}[,"from":{"file":…,"epoch":E}],"params":…}
 *   {"type":"update","epoch":n,"sample":i,"step":"d-real"|"d-fake"|"g","z":…,"d":…,"loss":…,"gradient":{…},"params":…}
 *                                                                        with `updates`: each SGD update
 *   {"type":"epoch","epoch":n,"dLoss":…,"gLoss":…,"dReal":…,"dFake":…}   every K epochs
 *   {"type":"end","epoch":n,"status":…,"params":…,"samples":[{"z":…,"image":[4]}×4][,"saved":FILE],"elapsedMs":…}
 *
 * With `updates`, each epoch's updates (`SPEC.md`, "Updates") come before its epoch line,
 * all of them whatever K is: `d` is D's output before the update (D(x) for d-real, D(G(z))
 * otherwise), `loss` the loss the update minimises, `gradient` its gradient in the parameters of
 * the net it updates, and `params` all parameters after it (after = before − lr × gradient).
 *
 * The data names its preset or file (not for a loaded run: the checkpoint's images are the ones
 * it trains on) and lists its images. The config's schedule is there only when the run has one, written as
 * --schedule takes it. The end's status is "finished", "diverged" (with the reason; its numbers
 * are the last finite ones) or "interrupted" (with the signal).
 *
 * A run loaded from a checkpoint (`load`) continues it: the config is the
 * whole run's, as a straight run from epoch 0 to the same end would print it
 * (the checkpoint's seed and starting lr, its schedule and the added
 * changes); `from` says which file and epoch it went on from, `params` are
 * the parameters there, and the epoch lines go on from E+1.
 *
 * With `save`, the checkpoint of the run as it ends (finished, diverged or
 * interrupted) is written once every epoch line is out, before the end line,
 * which then says `"saved"`. A save that fails leaves the previous file as it
 * was; the end line says `"saveError"`, the same words go to `report` (stderr)
 * as one line, and the exit code is 74 whatever the run's own would be.
 *
 * The output is live: the start line leaves at once, and every later line at
 * most `timing.flushMs` (plus one slice) after it is made, in batches, or
 * sooner once a batch is big. Training runs in slices of at most
 * `timing.sliceMs`, and the event loop turns between them, so signals are
 * heard. Writes respect back-pressure, so memory stays bounded however slowly
 * the reader reads.
 */
import process from 'node:process';
import {defaultPreset} from '../engine/presets.js';
import {defaultConfig, type EpochStats} from '../engine/trainer.js';
import type {Update} from '../engine/updates.js';
import type {RunConfig} from './config.js';
import {monotonicMs} from './clock.js';
import {drive} from './driver.js';
import {type StopSignal, exitCodes, signalExitCode, stopSignals} from './exit-codes.js';
import {LossHistory} from './history.js';
import {checkpointOf, resume} from './resume.js';
import {formatSchedule} from './schedule.js';
import {Training} from './training.js';

/**
 * What the headless run needs of the run's configuration (no schedule: none; no save, no load:
 * neither). With `load`, its seed and lr are the checkpoint's, whatever `seed` and `lr` say.
 */
export type HeadlessConfig = Pick<RunConfig, 'seed' | 'lr' | 'epochs' | 'every'> &
	Partial<Pick<RunConfig, 'schedule' | 'save' | 'load' | 'loadFile' | 'data' | 'updates'>>;

/** The part of a writable stream the run needs (process.stdout in the CLI). */
export type Sink = {
	/** False asks the writer to wait for 'drain'; the callback hears when the chunk is written, or why not. */
	write(chunk: string, callback: (error?: Error | null) => void): boolean;
	once(event: 'drain', listener: () => void): unknown;
};

export type HeadlessOptions = {
	/** Asked between slices: a signal's name ends the run as interrupted. */
	readonly interrupted?: () => StopSignal | undefined;
	/** A monotonic clock in milliseconds (the system clock's by default). */
	readonly now?: () => number;
	/** Hears the one line (with its newline) of a failed save: stderr by default. */
	readonly report?: (line: string) => void;
};

export const timing = {
	/** The longest stretch of training between two turns of the event loop. */
	sliceMs: 50,
	/** The longest a line waits to be written, apart from the slice it was made in. */
	flushMs: 100,
	/** A batch this big (in characters) is written at once. */
	flushSize: 1 << 16,
} as const;

/** After the last epoch the tutorial shows G(z) for this many fresh draws of z. */
const sampleCount = 4;

/**
 * Trains and prints the run. Resolves with the exit code once the end line is
 * handed to the sink (the caller waits for it to be written: see cli.tsx);
 * rejects with the sink's error if a write fails.
 */
export async function runHeadless(
	config: HeadlessConfig,
	sink: Sink,
	version: string,
	{interrupted = () => undefined, now = monotonicMs, report = line => process.stderr.write(line)}: HeadlessOptions = {},
): Promise<number> {
	const {load, save, every} = config;
	// Loaded only to save (node:crypto, node:fs): before the run, since the save at its end is synchronous
	const checkpoints = save === undefined ? undefined : await import('./checkpoint.js');
	const {training, history} = load
		? resume(load, config.schedule)
		: {
				training: new Training(
					{seed: config.seed, lr: config.lr, faces: config.data?.faces ?? defaultConfig.faces},
					config.schedule,
				),
				history: new LossHistory(),
			};
	const {schedule} = training;
	const clock = {now};
	const started = now();
	const output = new Batches(sink, now);

	output.push(
		JSON.stringify({
			type: 'start',
			version,
			config: {
				seed: training.config.seed,
				lr: training.config.lr,
				epochs: config.epochs,
				...(schedule.length > 0 ? {schedule: formatSchedule(schedule)} : {}),
			},
			data: {...(load ? {} : (config.data?.source ?? {preset: defaultPreset})), images: training.config.faces},
			...(load ? {from: {...(config.loadFile === undefined ? {} : {file: config.loadFile}), epoch: load.epoch}} : {}),
			params: training.parameters(),
		}) + '\n',
	);
	await output.flush();

	const print = (stats: EpochStats): void => {
		output.push(epochLine(stats));
	};

	// A checkpoint holds the loss history, fed every epoch as the dashboard's is; without one to save, none is kept
	const onEpoch =
		save === undefined
			? print
			: (stats: EpochStats): void => {
					history.add(stats);
					if (every > 0 && stats.epoch % every === 0) {
						print(stats);
					}
				};

	// Chunks between looks at the clock: small enough when every epoch is printed that a batch stays near its size
	const chunk = every > 0 ? Math.max(1, Math.min(4096, every * 64)) : 4096;
	const going = (): boolean => training.epoch < config.epochs && !training.diverged;
	let signal: StopSignal | undefined;
	while (going()) {
		signal = interrupted();
		if (signal) {
			break;
		}

		if (config.updates) {
			// Epoch by epoch: its updates, made on a copy, then the epoch itself, trained from where it began
			const deadline = now() + timing.sliceMs;
			do {
				const updates = training.updates();
				for (let update = updates.next(); update !== undefined; update = updates.next()) {
					output.push(updateLine(update));
				}

				training.run(1, onEpoch, save === undefined ? every : 1);
			} while (going() && now() < deadline && output.size < timing.flushSize);
		} else {
			drive(training, clock, {
				limit: Number.POSITIVE_INFINITY,
				target: config.epochs,
				ms: timing.sliceMs,
				onEpoch,
				every: save === undefined ? every : 1,
				batch: chunk,
				enough: () => output.size >= timing.flushSize,
			});
		}

		if (output.due()) {
			// eslint-disable-next-line no-await-in-loop
			await output.flush();
		}

		// eslint-disable-next-line no-await-in-loop
		await nextTurn();
		output.throwIfFailed();
	}

	// Every epoch line is out before the checkpoint is written
	await output.flush();
	// Before the samples are drawn: they move the RNG, and the checkpoint is the run between epochs
	const saved =
		save === undefined || checkpoints === undefined ? undefined : saveRun(checkpoints, save, training, history);
	const {diverged} = training;
	const samples = training.drawSamples(sampleCount);
	output.push(
		JSON.stringify({
			type: 'end',
			epoch: training.epoch,
			status: diverged ? 'diverged' : signal ? 'interrupted' : 'finished',
			...(diverged ? {reason: `diverged in epoch ${diverged.epoch}: ${diverged.reason}`} : {}),
			...(signal ? {signal} : {}),
			params: training.parameters(),
			samples,
			...(saved === undefined ? {} : saved.error === undefined ? {saved: save} : {saveError: saved.error}),
			elapsedMs: Math.round((now() - started) * 1000) / 1000,
		}) + '\n',
	);
	await output.flush();
	if (saved?.error !== undefined) {
		report(`tinygan: ${saved.error}\n`);
		return exitCodes.ioError;
	}

	return diverged ? exitCodes.diverged : signal ? signalExitCode(signal) : exitCodes.ok;
}

/**
 * Writes the run's checkpoint. Synchronously: the process is on its way out,
 * and a second signal (which exits at once) cannot cut in between the
 * temporary file and the rename. A failure is its line without "tinygan: ".
 */
function saveRun(
	{CheckpointError, saveCheckpointSync}: typeof import('./checkpoint.js'),
	file: string,
	training: Training,
	history: LossHistory,
): {readonly error?: string} {
	try {
		saveCheckpointSync(file, checkpointOf(training, history));
		return {};
	} catch (error) {
		if (error instanceof CheckpointError) {
			return {error: error.message.replace(/^tinygan: /, '')};
		}

		throw error;
	}
}

/**
 * Catches SIGINT, SIGTERM and SIGHUP for a headless run: the first ends the
 * run at the next slice (`received` names it). A second one, for when the
 * first cannot finish (a reader that no longer reads), exits at once and
 * drops what is unwritten.
 */
export function catchSignals(process: SignalSource): {received: () => StopSignal | undefined; release: () => void} {
	let received: StopSignal | undefined;
	const listener = (signal: StopSignal): void => {
		if (received) {
			process.exit(signalExitCode(signal));
			return;
		}

		received = signal;
	};

	for (const signal of stopSignals) {
		process.on(signal, listener);
	}

	return {
		received: () => received,
		release() {
			for (const signal of stopSignals) {
				process.off(signal, listener);
			}
		},
	};
}

/** The part of `process` that delivers signals. */
export type SignalSource = {
	on(event: StopSignal, listener: (signal: StopSignal) => void): unknown;
	off(event: StopSignal, listener: (signal: StopSignal) => void): unknown;
	exit(code: number): void;
};

/** Lines waiting to be written, as one batch. */
class Batches {
	size = 0;
	private lines: string[] = [];
	/** When the batch's first line was made. */
	private since = 0;
	private failure: Error | undefined;

	constructor(
		private readonly sink: Sink,
		private readonly now: () => number,
	) {}

	push(line: string): void {
		if (this.lines.length === 0) {
			this.since = this.now();
		}

		this.lines.push(line);
		this.size += line.length;
	}

	/** The batch is big, or its first line has waited long enough. */
	due(): boolean {
		return this.size >= timing.flushSize || (this.lines.length > 0 && this.now() - this.since >= timing.flushMs);
	}

	/** A write that failed after it was accepted shows here. */
	throwIfFailed(): void {
		if (this.failure) {
			throw this.failure;
		}
	}

	/**
	 * Writes the batch. Resolves once the sink takes more (at once, or at
	 * 'drain'); rejects if this or an earlier write failed.
	 */
	async flush(): Promise<void> {
		this.throwIfFailed();

		const chunk = this.lines.join('');
		this.lines = [];
		this.size = 0;
		await new Promise<void>((resolve, reject) => {
			let waiting = true;
			const settle = (error?: Error): void => {
				if (waiting) {
					waiting = false;
					if (error) {
						reject(error);
					} else {
						resolve();
					}
				}
			};

			const accepted = this.sink.write(chunk, error => {
				if (error) {
					this.failure ??= error;
					settle(error);
				}
			});
			if (accepted) {
				settle();
			} else {
				this.sink.once('drain', () => {
					settle();
				});
			}
		});
	}
}

/** Lets the event loop turn once (timers, signals, I/O), then goes on. */
async function nextTurn(): Promise<void> {
	return new Promise(resolve => {
		setImmediate(resolve);
	});
}

function updateLine(u: Update): string {
	const {epoch, sample, step, z, output: d, loss, gradient, after: params} = u;
	return JSON.stringify({type: 'update', epoch, sample, step, z, d, loss, gradient, params}) + '\n';
}

function epochLine(s: EpochStats): string {
	// Built by hand: this runs once per epoch. Numbers print as JSON does (shortest round trip).
	return `{"type":"epoch","epoch":${s.epoch},"dLoss":${s.dLoss},"gLoss":${s.gLoss},"dReal":${s.dReal},"dFake":${s.dFake}}\n`;
}
