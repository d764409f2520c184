/**
 * The screen against an independent terminal emulator (@xterm/headless): for
 * any sequence of frames, what a terminal shows after the screen's updates is
 * what it shows when each frame is drawn whole on a blank screen. And the
 * pacing: at most one frame in flight while the terminal has not answered.
 */
import {EventEmitter} from 'node:events';
import xterm from '@xterm/headless';
import {describe, expect, it} from 'vitest';
import {Rng} from '../../source/engine/rng.js';
import {FramePacer, statusRequest} from '../../source/terminal/pacing.js';
import {parseLine, quickCells, tokenizedCells} from '../../source/terminal/cells.js';
import {Screen, type Terminal} from '../../source/terminal/screen.js';
import {FakeClock} from '../helpers/fake-clock.js';

const {Terminal: XTerm} = xterm;
const columns = 40;
const rows = 12;

class FakeTerminal extends EventEmitter implements Terminal {
	readonly writes: string[] = [];
	columns = columns;
	rows = rows;

	write(data: string): boolean {
		this.writes.push(data);
		return true;
	}

	get output(): string {
		return this.writes.join('');
	}
}

async function emulate(data: string): Promise<InstanceType<typeof XTerm>> {
	const terminal = new XTerm({cols: columns, rows, allowProposedApi: true});
	await new Promise<void>(resolve => {
		terminal.write(data, resolve);
	});
	return terminal;
}

/**
 * Every cell as text with its foreground, background and bold: what a person
 * sees. A blank shows no foreground, bold or italic: only a background,
 * inverse, underline or strike-through make a blank cell look styled.
 */
function picture(terminal: InstanceType<typeof XTerm>): string[] {
	const buffer = terminal.buffer.active;
	const lines: string[] = [];
	for (let y = 0; y < rows; y++) {
		const line = buffer.getLine(y)!;
		let text = '';
		for (let x = 0; x < columns; x++) {
			const cell = line.getCell(x)!;
			const chars = cell.getChars() || ' ';
			const styled =
				chars === ' '
					? !cell.isBgDefault() || cell.isInverse() !== 0 || cell.isUnderline() !== 0 || cell.isStrikethrough() !== 0
					: !cell.isAttributeDefault();
			text += styled ? `[${chars}${cell.getFgColor()}/${cell.getBgColor()}${cell.isBold() ? 'b' : ''}]` : chars;
		}

		lines.push(text);
	}

	return lines;
}

const sgr = (codes: string): string => `\u001B[${codes}m`;
const styles = [
	['36', '39'],
	['35', '39'],
	['1', '22'],
	['1;33', '22;39'],
	['38;5;208', '39'],
	['48;5;17', '49'],
	['2', '22'],
] as const;
const glyphs = ' ░▒▓█─═╮╰┼│abcdef0123456789.+-';

/** A random frame like Ink's: lines of up to `columns - 1` cells, some spans styled. */
function randomFrame(rng: Rng): string {
	const height = 1 + Math.floor(rng.uniform() * (rows - 1));
	const lines: string[] = [];
	for (let y = 0; y < height; y++) {
		const width = Math.floor(rng.uniform() * columns);
		let line = '';
		let x = 0;
		while (x < width) {
			const span = 1 + Math.floor(rng.uniform() * Math.min(8, width - x));
			let text = '';
			for (let i = 0; i < span; i++) {
				text += glyphs[Math.floor(rng.uniform() * glyphs.length)];
			}

			const style = rng.uniform() < 0.4 ? styles[Math.floor(rng.uniform() * styles.length)]! : undefined;
			line += style ? sgr(style[0]) + text + sgr(style[1]) : text;
			x += span;
		}

		lines.push(line);
	}

	return lines.join('\n');
}

function setup(options: {probe?: boolean; fps?: number} = {}) {
	const clock = new FakeClock();
	const terminal = new FakeTerminal();
	const pacer = new FramePacer({fps: options.fps ?? 10, probe: options.probe ?? false});
	const screen = new Screen(terminal, pacer, clock);
	screen.start();
	return {clock, terminal, pacer, screen};
}

describe('Screen against xterm', () => {
	it('after every update the terminal shows exactly the frame, drawn whole', async () => {
		const rng = Rng.seeded(7);
		const {clock, terminal, screen} = setup();
		for (let i = 0; i < 60; i++) {
			const frame = randomFrame(rng);
			// Often a small change of the previous frame, as the dashboard's frames are
			screen.write(frame);
			clock.advance(100);
			// eslint-disable-next-line no-await-in-loop
			const shown = picture(await emulate(terminal.output));
			// eslint-disable-next-line no-await-in-loop
			const whole = picture(await emulate(frame.replaceAll('\n', '\r\n')));
			expect(shown, `frame ${i}`).toEqual(whole);
		}
	});

	it('never sends more than the terminal holds: a frame too wide or too tall (the old size, after a resize) is clipped, and the next frame still lands exactly', async () => {
		const {clock, terminal, screen} = setup();
		const wide = Array.from({length: rows + 3}, (_, i) => `${i} ${'wide好'.repeat(12)}`).join('\n');
		screen.write(wide);
		clock.advance(100);
		const clipped = wide
			.split('\n')
			.slice(0, rows)
			.map(line =>
				parseLine(line)
					.slice(0, columns)
					.map(cell => cell.text)
					.join(''),
			);
		expect(picture(await emulate(terminal.output)).map(line => line.replaceAll(' ', ''))).toEqual(
			clipped.map(line => line.replaceAll(' ', '').replace(/好$/, '')),
		);
		const frame = ['short', 'lines', 'now'].join('\n');
		screen.write(frame);
		clock.advance(100);
		expect(picture(await emulate(terminal.output))).toEqual(picture(await emulate(frame.replaceAll('\n', '\r\n'))));
	});

	it('sends only what changed: one changed cell costs a few bytes', () => {
		const {clock, terminal, screen} = setup();
		const frame = ['tinygan  running  epoch 10', 'line two', 'line three'].join('\n');
		screen.write(frame);
		clock.advance(100);
		const before = terminal.output.length;
		screen.write(frame.replace('epoch 10', 'epoch 11'));
		clock.advance(100);
		const update = terminal.output.slice(before);
		expect(update).toContain('1');
		expect(update.length).toBeLessThan(40);
		expect(update).not.toContain('line');
	});

	it('changes far apart on one line go as separate runs, without the cells between', () => {
		const {clock, terminal, screen} = setup();
		const line = (a: string, b: string): string => `w ${a}0.123456  unchanged middle part  ${b}0.654321`;
		screen.write(line('+', '-'));
		clock.advance(100);
		const before = terminal.output.length;
		screen.write(line('-', '+'));
		clock.advance(100);
		const update = terminal.output.slice(before);
		expect(update).not.toContain('middle');
		expect(update.match(/\u001B\[1;\d+H/g)).toHaveLength(2);
	});

	it('redraw clears and draws the whole last frame', async () => {
		const {clock, terminal, screen} = setup();
		screen.write('first line\nsecond');
		clock.advance(100);
		const before = terminal.output.length;
		screen.redraw();
		clock.advance(100);
		const redrawn = terminal.output.slice(before);
		expect(redrawn).toContain('\u001B[2J');
		expect(redrawn).toContain('first line');
		expect(redrawn).toContain('second');
		// A terminal that lost everything (stopped, another program drew) shows the frame again
		const shown = picture(await emulate('garbage everywhere\r\nmore garbage' + redrawn));
		expect(shown.slice(0, 3).map(line => line.trimEnd())).toEqual(['first line', 'second', '']);
	});

	it('sends at most fps frames a second; a newer frame replaces a waiting one', () => {
		const {clock, terminal, screen} = setup({fps: 10});
		for (let i = 0; i < 100; i++) {
			screen.write(`epoch ${i}`);
			clock.advance(10);
		}

		clock.advance(100);
		const frames = terminal.output.split('\u001B[?2026h').length - 1;
		expect(frames).toBeGreaterThanOrEqual(10);
		expect(frames).toBeLessThanOrEqual(11);
		expect(terminal.output.endsWith('\u001B[?2026l')).toBe(true);
	});

	it('the last frame always gets out', async () => {
		const {clock, terminal, screen} = setup({fps: 10});
		for (let i = 0; i < 100; i++) {
			screen.write(`epoch ${i}`);
			clock.advance(10);
		}

		clock.advance(100);
		expect(picture(await emulate(terminal.output))[0]!.trimEnd()).toBe('epoch 99');
	});

	it('an expedited frame skips the frame-rate wait', () => {
		const {terminal, screen} = setup({fps: 1});
		screen.write('a');
		screen.expedite();
		screen.write('b');
		expect(terminal.output).toContain('b');
	});

	it('writes nothing once stopped', () => {
		const {clock, terminal, screen} = setup();
		screen.stop();
		screen.write('hidden');
		clock.advance(1000);
		expect(terminal.output).toBe('');
	});
});

describe('pacing by the terminal answers', () => {
	it('follows each frame with a status request and sends nothing more until the answer', () => {
		const {clock, terminal, screen} = setup({probe: true});
		screen.write('frame 1');
		expect(terminal.output.endsWith(statusRequest)).toBe(true);
		const sent = terminal.writes.length;
		for (let i = 2; i <= 8; i++) {
			screen.write(`frame ${i}`);
			clock.advance(100);
		}

		expect(terminal.writes.length).toBe(sent);
		screen.answered();
		expect(terminal.writes.length).toBe(sent + 1);
		// The newest frame, not the ones in between
		expect(terminal.writes.at(-1)).toContain('8');
		expect(terminal.writes.at(-1)).not.toContain('frame 2');
	});

	it('a key does not jump the queue past an unanswered frame', () => {
		const {terminal, screen} = setup({probe: true});
		screen.write('frame 1');
		const sent = terminal.writes.length;
		screen.expedite();
		screen.write('paused');
		expect(terminal.writes.length).toBe(sent);
		screen.answered();
		expect(terminal.writes.at(-1)).toContain('paused');
	});

	it('a terminal that never answers still gets frames, then is paced by the frame rate alone', () => {
		const {clock, terminal, screen, pacer} = setup({probe: true, fps: 10});
		for (let i = 0; i < 100; i++) {
			screen.write(`epoch ${i}`);
			clock.advance(100);
		}

		// 10 s: about one frame a second for the first 5 s, then ten a second
		const frames = terminal.output.split('\u001B[?2026h').length - 1;
		expect(pacer.probes).toBe(false);
		expect(frames).toBeGreaterThan(40);
		expect(frames).toBeLessThan(60);
	});

	it('caughtUp waits for the answer, or gives up after the time given', async () => {
		const {clock, screen} = setup({probe: true});
		screen.write('frame');
		let done = false;
		const waiting = screen.caughtUp(2000).then(() => {
			done = true;
		});
		await Promise.resolve();
		expect(done).toBe(false);
		screen.answered();
		await waiting;
		expect(done).toBe(true);

		screen.write('another');
		clock.advance(2000);
		const late = screen.caughtUp(500);
		clock.advance(500);
		await late;
	});
});

/**
 * A link of `bytesPerSecond` behind a deep buffer (an SSH channel): the far
 * terminal gets bytes at that rate and answers each status request as it
 * reaches it.
 */
describe('over a slow link', () => {
	it('the far screen is never more than a frame behind, and a key shows within two frames', () => {
		const bytesPerSecond = 2000;
		const {clock, terminal, screen} = setup({probe: true, fps: 10});
		let delivered = 0; // Characters of terminal.output the far end has processed
		let searchedTo = 0; // Status requests before this point have been answered
		let maxInFlight = 0;
		const tickMs = 10;
		let frameNumber = 0;
		let pressedAt: number | undefined;
		let shownAt: number | undefined;
		for (let t = 0; t < 20_000; t += tickMs) {
			if (t % 100 === 0) {
				frameNumber++;
				// Every cell changes: about 450 bytes a frame, 4.5 KB/s at 10 frames a second
				const lines = Array.from({length: 10}, (_, row) => `${row} ${String(frameNumber % 10).repeat(36)}`);
				if (pressedAt !== undefined) {
					lines[0] = 'paused';
				}

				screen.write(lines.join('\n'));
			}

			if (t === 15_000) {
				pressedAt = t;
				screen.expedite();
				screen.write('paused\nnow');
			}

			clock.advance(tickMs);
			const {output} = terminal;
			delivered = Math.min(output.length, delivered + (bytesPerSecond * tickMs) / 1000);
			for (
				let i = output.indexOf(statusRequest, searchedTo);
				i !== -1 && i + statusRequest.length <= delivered;
				i = output.indexOf(statusRequest, searchedTo)
			) {
				searchedTo = i + statusRequest.length;
				screen.answered();
			}

			if (pressedAt !== undefined && shownAt === undefined && output.slice(0, delivered).includes('paused')) {
				shownAt = clock.time;
			}

			maxInFlight = Math.max(maxInFlight, terminal.output.length - delivered);
		}

		// One full frame here is about 450 bytes: never more than about one frame waits on the link
		expect(maxInFlight).toBeLessThan(1000);
		expect(shownAt).toBeDefined();
		expect(shownAt! - pressedAt!).toBeLessThan(1000);
	});
});

/** A cell's style as the set of SGR codes in it: the two parses may order them differently. */
function codeSets(cells: ReadonlyArray<{text: string; style: string}>): Array<{text: string; codes: string[]}> {
	return cells.map(({text, style}) => ({
		text,
		codes: [...style.matchAll(/\u001B\[([\d;]*)m/g)].map(match => match[1]!).toSorted(),
	}));
}

describe('parseLine: the quick parse of one-column lines', () => {
	it('gives the cells the tokenizer gives, for random lines of one-column glyphs and SGR codes', () => {
		const rng = Rng.seeded(11);
		let quick = 0;
		for (let i = 0; i < 500; i++) {
			const line = randomFrame(rng).split('\n')[0]!.replaceAll('好', '·');
			const cells = quickCells(line);
			expect(cells, line).toBeDefined();
			quick++;
			expect(codeSets(cells!), JSON.stringify(line)).toEqual(codeSets(tokenizedCells(line)));
		}

		expect(quick).toBe(500);
	});

	it('leaves to the tokenizer what it does not know: wide and combining characters, emoji, other escapes and codes', () => {
		for (const line of [
			'好 wide',
			'e\u0301',
			'a ⌚ watch',
			'ok \u001B]8;;https://x\u0007link',
			'\u001B[38;5m',
			'\u001B[6mblink',
			'x\u001B[2K',
		]) {
			expect(quickCells(line), JSON.stringify(line)).toBeUndefined();
		}
	});

	it('either way, drops trailing unstyled blanks and keeps blanks that show a style', () => {
		expect(
			parseLine('ab   ')
				.map(cell => cell.text)
				.join(''),
		).toBe('ab');
		const underlined = parseLine('a\u001B[4m  \u001B[24m ');
		expect(underlined.map(cell => cell.text).join('')).toBe('a  ');
		expect(underlined[1]!.style).toBe('\u001B[4m');
		// A foreground colour does not show on a blank
		expect(parseLine('a\u001B[36m b\u001B[39m')[1]!.style).toBe('');
	});
});
