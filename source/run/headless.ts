/**
 * The headless run: NDJSON on a stream, one object per line, for scripts.
 *
 *   {"type":"start","version":…,"config":{"seed":…,"lr":…,"epochs":…},"params":…}
 *   {"type":"epoch","epoch":n,"dLoss":…,"gLoss":…,"dReal":…,"dFake":…}   every K epochs
 *   {"type":"end","epoch":n,"params":…,"samples":[{"z":…,"image":[4]}×4],"elapsedMs":…}
 *
 * A diverged run ends with `"status":"diverged"` and the reason; its numbers
 * are the last finite ones. Writes respect back-pressure, so memory stays
 * bounded however slowly the reader reads.
 */
import {Trainer, defaultConfig, type EpochStats} from '../engine/trainer.js';

export type HeadlessConfig = {
	readonly seed: number;
	readonly lr: number;
	readonly epochs: number;
	/** An epoch event every K epochs; 0 for none. */
	readonly every: number;
};

/** The part of a writable stream the run needs (process.stdout in the CLI). */
export type Sink = {
	write(chunk: string): boolean;
	once(event: 'drain', listener: () => void): unknown;
};

export const exitCodes = {ok: 0, diverged: 1, usage: 2} as const;

/** After the last epoch the tutorial shows G(z) for this many fresh draws of z. */
const sampleCount = 4;
const flushAt = 1 << 16;

export async function runHeadless(config: HeadlessConfig, sink: Sink, version: string): Promise<number> {
	const trainer = new Trainer({seed: config.seed, lr: config.lr, faces: defaultConfig.faces});
	const started = performance.now();
	let pending: string[] = [];
	let pendingLength = 0;

	const push = (line: string): void => {
		pending.push(line);
		pendingLength += line.length;
	};

	const flush = async (): Promise<void> => {
		if (pending.length === 0) {
			return;
		}

		const chunk = pending.join('');
		pending = [];
		pendingLength = 0;
		if (!sink.write(chunk)) {
			await new Promise<void>(resolve => {
				sink.once('drain', resolve);
			});
		}
	};

	push(
		JSON.stringify({
			type: 'start',
			version,
			config: {seed: config.seed, lr: config.lr, epochs: config.epochs},
			params: trainer.parameters(),
		}) + '\n',
	);

	const onEpoch = (stats: EpochStats): void => {
		push(epochLine(stats));
	};

	// Chunks small enough to flush often when every epoch is printed
	const chunk = config.every > 0 ? Math.max(1, Math.min(8192, config.every * 64)) : 1 << 20;
	while (trainer.epoch < config.epochs && !trainer.diverged) {
		trainer.run(Math.min(chunk, config.epochs - trainer.epoch), onEpoch, config.every);
		if (pendingLength >= flushAt) {
			// eslint-disable-next-line no-await-in-loop
			await flush();
		}
	}

	const {diverged} = trainer;
	const samples = trainer.drawSamples(sampleCount);
	push(
		JSON.stringify({
			type: 'end',
			epoch: trainer.epoch,
			status: diverged ? 'diverged' : 'finished',
			...(diverged ? {reason: `diverged in epoch ${diverged.epoch}: ${diverged.reason}`} : {}),
			params: trainer.parameters(),
			samples,
			elapsedMs: Math.round((performance.now() - started) * 1000) / 1000,
		}) + '\n',
	);
	await flush();
	return diverged ? exitCodes.diverged : exitCodes.ok;
}

function epochLine(s: EpochStats): string {
	// Built by hand: this runs once per epoch. Numbers print as JSON does (shortest round trip).
	return `{"type":"epoch","epoch":${s.epoch},"dLoss":${s.dLoss},"gLoss":${s.gLoss},"dReal":${s.dReal},"dFake":${s.dFake}}\n`;
}
