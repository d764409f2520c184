/**
 * Shared pieces of the component tests: a clock advanced by hand (from
 * test/helpers/fake-clock.ts), realistic props from a real trainer or
 * session, and frame helpers. Not a test file (vitest runs `*.test.tsx` only).
 */
import type {EpochStats} from '../../../source/engine/trainer.js';
import {Trainer} from '../../../source/engine/trainer.js';
import {slantedFaces} from '../../../source/engine/data.js';
import type {HistoryPoints} from '../../../source/run/history.js';
import {Session, type SessionOptions, type View} from '../../../source/run/session.js';
import {FakeClock} from '../../helpers/fake-clock.js';

export {FakeClock} from '../../helpers/fake-clock.js';

/** The escape character that starts every colour and style code: the one helper the tests check for it with. */
export const esc = '\u001B';

/** The characters of `line` outside printable ASCII (0x20–0x7e), each with its code point: [] when all are in it. */
export function notPrintableAscii(line: string): string[] {
	return [...line]
		.filter(char => char < ' ' || char > '~')
		.map(char => `${JSON.stringify(char)} U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

export const sessionOptions: SessionOptions = {seed: 42, lr: 0.01, epochs: 1000, speed: 50, fps: 20};

/** A session on a fake clock, never started, stepped `epochs` times by hand (so it is paused when epochs > 0). */
export function steppedView(epochs: number, options: Partial<SessionOptions> = {}): View {
	const session = new Session({...sessionOptions, ...options}, new FakeClock());
	for (let i = 0; i < epochs; i++) {
		session.dispatch({type: 'step'});
	}

	return session.getView();
}

/** A real run's full loss history, one point per epoch (no downsampling, no compaction). */
export function trainedHistory(
	epochs: number,
	seed = 42,
	lr = 0.01,
): {readonly trainer: Trainer; readonly history: HistoryPoints; readonly last: EpochStats | undefined} {
	const trainer = new Trainer({seed, lr, faces: slantedFaces});
	const d: number[] = [];
	const g: number[] = [];
	trainer.run(epochs, stats => {
		d.push(stats.dLoss);
		g.push(stats.gLoss);
	});
	return {trainer, history: {d, g, stride: 1}, last: trainer.last};
}

export function linesOf(frame: string | undefined): string[] {
	if (frame === undefined) {
		throw new Error('nothing rendered');
	}

	return frame.split('\n');
}

/** Terminal cells of a line: every glyph these panels draw is one cell wide. */
export function cells(line: string): number {
	return [...line].length;
}
