import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {Rng} from '../../../source/engine/rng.js';
import {Screen, type Terminal, lineUpdate, parseCells, sequences} from '../../../source/ui/screen.js';
import {FakeClock} from '../../helpers/fake-clock.js';

const esc = '\u001B[';
const beginSync = `${esc}?2026h`;
const endSync = `${esc}?2026l`;

// ---- Fakes ---------------------------------------------------------------------

class FakeTerminal extends EventEmitter implements Terminal {
	readonly writes: string[] = [];
	columns = 100;
	rows = 40;

	write(data: string): boolean {
		this.writes.push(data);
		return true;
	}

	get output(): string {
		return this.writes.join('');
	}

	/** Everything written since the given count of writes. */
	since(count: number): string {
		return this.writes.slice(count).join('');
	}
}

// ---- A tiny terminal emulator ---------------------------------------------------------

type Style = {
	fg: string;
	bg: string;
	bold: boolean;
	italic: boolean;
	underline: boolean;
	inverse: boolean;
	strike: boolean;
};
type EmulatedCell = {char: string; style: string};

const plainStyle = (): Style => ({
	fg: '',
	bg: '',
	bold: false,
	italic: false,
	underline: false,
	inverse: false,
	strike: false,
});
const styleKey = (style: Style): string =>
	[
		style.fg,
		style.bg,
		style.bold ? 'b' : '',
		style.italic ? 'i' : '',
		style.underline ? 'u' : '',
		style.inverse ? 'r' : '',
		style.strike ? 's' : '',
	].join('|');
const plainKey = styleKey(plainStyle());

/** SGR as a terminal applies it: the subset the tests' frames use. */
function applySgr(style: Style, parameters: string): void {
	const codes = parameters === '' ? [0] : parameters.split(';').map(Number);
	for (let i = 0; i < codes.length; i++) {
		const code = codes[i]!;
		if (code === 38 || code === 48) {
			const length = codes[i + 1] === 5 ? 3 : 5;
			const value = codes.slice(i, i + length).join(';');
			if (code === 38) {
				style.fg = value;
			} else {
				style.bg = value;
			}

			i += length - 1;
		} else if (code === 0) {
			Object.assign(style, plainStyle());
		} else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) {
			style.fg = String(code);
		} else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) {
			style.bg = String(code);
		} else if (code === 39) {
			style.fg = '';
		} else if (code === 49) {
			style.bg = '';
		} else if (code === 1) {
			style.bold = true;
		} else if (code === 22) {
			style.bold = false;
		} else if (code === 3 || code === 23) {
			style.italic = code === 3;
		} else if (code === 4 || code === 24) {
			style.underline = code === 4;
		} else if (code === 7 || code === 27) {
			style.inverse = code === 7;
		} else if (code === 9 || code === 29) {
			style.strike = code === 9;
		} else {
			throw new Error(`the emulator does not know SGR ${code}`);
		}
	}
}

/**
 * Understands only what a screen that places everything absolutely needs:
 * ESC[row;colH, ESC[K, ESC[2J, SGR, and private modes (ignored). Anything
 * else, a newline included, is an error: the screen must not rely on it.
 */
class Emulator {
	grid: EmulatedCell[][] = [];
	private row = 0;
	private column = 0;
	private readonly style = plainStyle();

	feed(data: string): void {
		let i = 0;
		while (i < data.length) {
			if (data[i] === '\u001B') {
				const match = /^\u001B\[(\??)([\d;]*)([A-Za-z])/.exec(data.slice(i, i + 40));
				if (!match) {
					throw new Error(`unknown escape at ${JSON.stringify(data.slice(i, i + 12))}`);
				}

				const [whole, isPrivate, parameters, final] = match as unknown as [string, string, string, string];
				i += whole.length;
				if (isPrivate === '?') {
					if (final !== 'h' && final !== 'l') {
						throw new Error(`unknown private sequence ${JSON.stringify(whole)}`);
					}

					continue;
				}

				switch (final) {
					case 'H': {
						const [row, column] = parameters.split(';').map(value => (value === '' ? 1 : Number(value)));
						this.row = (row ?? 1) - 1;
						this.column = (column ?? 1) - 1;
						break;
					}

					case 'K': {
						if (parameters !== '' && parameters !== '0') {
							throw new Error(`unexpected ${JSON.stringify(whole)}`);
						}

						const line = this.grid[this.row];
						if (line) {
							// Erased cells take the current background, as terminals do
							const blank = {char: ' ', style: styleKey({...plainStyle(), bg: this.style.bg})};
							for (let c = this.column; c < line.length; c++) {
								line[c] = {...blank};
							}
						}

						break;
					}

					case 'J': {
						if (parameters !== '2') {
							throw new Error(`unexpected ${JSON.stringify(whole)}`);
						}

						this.grid = [];
						break;
					}

					case 'm': {
						applySgr(this.style, parameters);
						break;
					}

					default: {
						throw new Error(`unknown sequence ${JSON.stringify(whole)}`);
					}
				}

				continue;
			}

			const char = String.fromCodePoint(data.codePointAt(i)!);
			if (char === '\n' || char === '\r') {
				throw new Error('the screen wrote a line break');
			}

			i += char.length;
			this.grid[this.row] ??= [];
			const line = this.grid[this.row]!;
			while (line.length < this.column) {
				line.push({char: ' ', style: plainKey});
			}

			line[this.column] = {char, style: styleKey(this.style)};
			this.column++;
		}
	}

	/** Each row as plain text, trailing blanks dropped (styles are compared by cells()). */
	text(): string[] {
		const lines = rows(this.grid).map(line =>
			line
				.map(cell => cell.char)
				.join('')
				.trimEnd(),
		);
		while (lines.length > 0 && lines.at(-1) === '') {
			lines.pop();
		}

		return lines;
	}

	cells(): EmulatedCell[][] {
		return rows(this.grid);
	}
}

/** What a frame looks like on a terminal, by the same rules: cells with their style, unstyled trailing blanks dropped. */
function expectedCells(frame: string): EmulatedCell[][] {
	return rows(
		frame.split('\n').map(line => {
			const style = plainStyle();
			const cells: EmulatedCell[] = [];
			let i = 0;
			while (i < line.length) {
				const match = /^\u001B\[([\d;]*)m/.exec(line.slice(i, i + 40));
				if (match) {
					applySgr(style, match[1]!);
					i += match[0].length;
					continue;
				}

				const char = String.fromCodePoint(line.codePointAt(i)!);
				cells.push({char, style: styleKey(style)});
				i += char.length;
			}

			return cells;
		}),
	);
}

function rows(grid: ReadonlyArray<EmulatedCell[] | undefined>): EmulatedCell[][] {
	const out = Array.from(grid, line => {
		const cells = [...(line ?? [])];
		while (cells.length > 0 && cells.at(-1)!.char === ' ' && cells.at(-1)!.style === plainKey) {
			cells.pop();
		}

		return cells;
	});
	while (out.length > 0 && out.at(-1)!.length === 0) {
		out.pop();
	}

	return out;
}

const stripSgr = (text: string): string => text.replaceAll(/\u001B\[[\d;]*m/g, '');

function plainLines(frame: string): string[] {
	const lines = frame.split('\n').map(line => stripSgr(line).trimEnd());
	while (lines.length > 0 && lines.at(-1) === '') {
		lines.pop();
	}

	return lines;
}

/** The screen's timers: a fake clock that starts at 1000 ms, not at 0. */
const fakeTimers = (): FakeClock => new FakeClock({start: 1000});

function setup(fps = 20): {terminal: FakeTerminal; timers: FakeClock; screen: Screen} {
	const terminal = new FakeTerminal();
	const timers = fakeTimers();
	const screen = new Screen(terminal, fps, timers);
	return {terminal, timers, screen};
}

// ---- parseCells --------------------------------------------------------------------

describe('parseCells', () => {
	it('plain text: one unstyled cell per character', () => {
		expect(parseCells('ab c')).toEqual([
			{text: 'a', style: ''},
			{text: 'b', style: ''},
			{text: ' ', style: ''},
			{text: 'c', style: ''},
		]);
	});

	it('one cell per code point, box drawing and astral characters included', () => {
		expect(parseCells('─═█𝑥').map(cell => cell.text)).toEqual(['─', '═', '█', '𝑥']);
	});

	it('a colour applies to the cells it covers and ends at ESC[39m', () => {
		const cells = parseCells('a\u001B[36mbc\u001B[39md');
		expect(cells.map(cell => cell.text)).toEqual(['a', 'b', 'c', 'd']);
		expect(cells[0]!.style).toBe('');
		expect(cells[1]!.style).not.toBe('');
		expect(cells[1]!.style.slice(2, -1).split(';')).toContain('36');
		expect(cells[1]!.style).toMatch(/^\u001B\[[\d;]+m$/);
		expect(cells[2]!.style).toBe(cells[1]!.style);
		expect(cells[3]!.style).toBe('');
	});

	it('bold and colour together make one style, and end separately', () => {
		const cells = parseCells('\u001B[1m\u001B[31mX\u001B[39mY\u001B[22mZ');
		const [x, y, z] = cells as [(typeof cells)[number], (typeof cells)[number], (typeof cells)[number]];
		expect(x.style).toMatch(/^\u001B\[[\d;]+m$/);
		const codes = (style: string): string[] => style.slice(2, -1).split(';');
		expect(codes(x.style).sort()).toEqual(['1', '31']);
		expect(codes(y.style)).toEqual(['1']);
		expect(z.style).toBe('');
		// Applying the style on a clean terminal gives the same attributes
		const direct = parseCells('\u001B[1;31mX');
		expect(codes(direct[0]!.style).sort()).toEqual(['1', '31']);
	});

	it('256-colour and truecolour foregrounds keep all their parameters', () => {
		const cells = parseCells('\u001B[38;5;208mA\u001B[38;2;10;20;30mB\u001B[48;5;17mC\u001B[0mD');
		expect(cells[0]!.style).toBe(`${esc}38;5;208m`);
		expect(cells[1]!.style).toBe(`${esc}38;2;10;20;30m`);
		expect(cells[2]!.style.slice(2, -1).split(';').join(' ')).toContain('48 5 17');
		expect(cells[2]!.style).toContain('38;2;10;20;30');
		expect(cells[3]!.style).toBe('');
	});

	it('reset (ESC[0m and ESC[m) clears every attribute', () => {
		for (const reset of [`${esc}0m`, `${esc}m`]) {
			const cells = parseCells(`${esc}1;4;7;35;44ma${reset}b`);
			expect(cells[0]!.style).not.toBe('');
			expect(cells[1]!.style).toBe('');
		}
	});

	it('drops trailing unstyled blanks, keeps styled ones and inner blanks', () => {
		expect(parseCells('ab   ').map(cell => cell.text)).toEqual(['a', 'b']);
		expect(parseCells('a b')).toHaveLength(3);
		expect(parseCells('   ')).toEqual([]);
		expect(parseCells('')).toEqual([]);
		const styled = parseCells(`ab${esc}44m  ${esc}49m  `);
		expect(styled.map(cell => cell.text)).toEqual(['a', 'b', ' ', ' ']);
		expect(styled[3]!.style).not.toBe('');
	});

	it('a style that is switched on and off again leaves no style', () => {
		expect(parseCells(`${esc}1m${esc}22mx`)[0]!.style).toBe('');
		expect(parseCells(`${esc}31m${esc}39mx`)[0]!.style).toBe('');
	});
});

// ---- lineUpdate ------------------------------------------------------------------------

describe('lineUpdate', () => {
	it('identical lines need nothing', () => {
		expect(lineUpdate(0, parseCells('hello'), parseCells('hello'))).toBe('');
		expect(lineUpdate(5, [], [])).toBe('');
		const styled = `x${esc}32mgreen${esc}39m y`;
		expect(lineUpdate(3, parseCells(styled), parseCells(styled))).toBe('');
	});

	it('a change in the middle writes only the changed span, at its row and column', () => {
		const update = lineUpdate(3, parseCells('abcdefgh'), parseCells('abcXYfgh'));
		expect(update).toBe(`${esc}4;4HXY`);
	});

	it('a change spanning unchanged cells writes from the first to the last change', () => {
		const update = lineUpdate(0, parseCells('abcdefgh'), parseCells('aBcdeFgh'));
		expect(update).toBe(`${esc}1;2HBcdeF`);
	});

	it('a longer new line writes from the first change to its end', () => {
		expect(lineUpdate(1, parseCells('abc'), parseCells('abcdef'))).toBe(`${esc}2;4Hdef`);
	});

	it('a shorter new line ends with clear-to-end-of-line', () => {
		const update = lineUpdate(7, parseCells('abcdef'), parseCells('abX'));
		expect(update.startsWith(`${esc}8;3H`)).toBe(true);
		expect(update.endsWith(sequences.clearToEndOfLine)).toBe(true);
		expect(stripSgr(update.slice(`${esc}8;3H`.length, -sequences.clearToEndOfLine.length))).toBe('X');
		expect(lineUpdate(0, parseCells('abcdef'), parseCells('abc'))).toBe(`${esc}1;4H${esc}K`);
		expect(lineUpdate(2, parseCells('abc'), [])).toBe(`${esc}3;1H${esc}K`);
	});

	it('re-establishes the style after the cursor move and resets at the end', () => {
		const before = parseCells(`${esc}31mabcdef${esc}39m`);
		const after = parseCells(`${esc}31mabcXef${esc}39m`);
		const update = lineUpdate(0, before, after);
		expect(update.startsWith(`${esc}1;4H`)).toBe(true);
		const body = update.slice(`${esc}1;4H`.length);
		// The style comes before the text, the line ends unstyled
		expect(body.indexOf(after[3]!.style)).toBeGreaterThanOrEqual(0);
		expect(body.indexOf(after[3]!.style)).toBeLessThan(body.indexOf('X'));
		expect(body.endsWith(sequences.reset)).toBe(true);
		const emulator = new Emulator();
		emulator.feed(`${esc}31mabcdef${esc}0m`);
		emulator.feed(update);
		expect(emulator.cells()).toEqual(expectedCells(`${esc}31mabcXef${esc}39m`));
	});

	it('a style change alone is an update', () => {
		const update = lineUpdate(0, parseCells('abc'), parseCells(`a${esc}1mb${esc}22mc`));
		expect(update).not.toBe('');
		const emulator = new Emulator();
		emulator.feed('abc');
		emulator.feed(update);
		expect(emulator.cells()).toEqual(expectedCells(`a${esc}1mb${esc}22mc`));
	});
});

// ---- Screen --------------------------------------------------------------------------

describe('Screen', () => {
	it('enter() takes the alternate screen and hides the cursor', () => {
		const {terminal, screen} = setup();
		screen.enter();
		expect(terminal.output).toContain(sequences.enterAlternateScreen);
		expect(terminal.output).toContain(sequences.hideCursor);
		expect(terminal.output).not.toContain(sequences.showCursor);
	});

	it('reports the terminal size, with defaults when unknown', () => {
		const {terminal, screen} = setup();
		terminal.columns = 132;
		terminal.rows = 50;
		expect(screen.columns).toBe(132);
		expect(screen.rows).toBe(50);
		const bare = new Screen({write: () => true, on: () => undefined, off: () => undefined}, 20, fakeTimers());
		expect(bare.columns).toBeGreaterThan(0);
		expect(bare.rows).toBeGreaterThan(0);
	});

	it('ignores frames before enter()', () => {
		const {terminal, screen} = setup();
		expect(screen.write('early')).toBe(true);
		expect(terminal.writes).toEqual([]);
	});

	it('writes the first frame in full inside one synchronized update', () => {
		const {terminal, screen} = setup();
		screen.enter();
		const before = terminal.writes.length;
		screen.write('first line\nsecond\n\nfourth');
		const sent = terminal.writes.slice(before);
		expect(sent).toHaveLength(1);
		expect(sent[0]!.startsWith(beginSync)).toBe(true);
		expect(sent[0]!.endsWith(endSync)).toBe(true);
		for (const text of ['first line', 'second', 'fourth']) {
			expect(sent[0]).toContain(text);
		}

		const emulator = new Emulator();
		emulator.feed(terminal.output);
		expect(emulator.text()).toEqual(['first line', 'second', '', 'fourth']);
	});

	it('sends nothing for a frame identical to the one shown', () => {
		const {terminal, timers, screen} = setup();
		screen.enter();
		screen.write('same\nframe');
		timers.advance(1000);
		const before = terminal.writes.length;
		screen.write('same\nframe');
		timers.advance(1000);
		expect(terminal.writes.length).toBe(before);
	});

	it('sends only the changed line of a new frame', () => {
		const {terminal, timers, screen} = setup();
		screen.enter();
		screen.write('header\nepoch 1\nfooter');
		timers.advance(1000);
		const before = terminal.writes.length;
		screen.write('header\nepoch 2\nfooter');
		const sent = terminal.since(before);
		expect(sent).toBe(`${beginSync}${esc}2;7H2${endSync}`);
	});

	it('coalesces frames faster than fps: only the latest is sent when the timer fires', () => {
		const {terminal, timers, screen} = setup(20);
		screen.enter();
		screen.write('frame A');
		const afterFirst = terminal.writes.length;
		timers.advance(10);
		screen.write('frame B');
		timers.advance(10);
		screen.write('frame C');
		timers.advance(10);
		// 30 ms after the first frame: nothing yet
		expect(terminal.writes.length).toBe(afterFirst);
		expect(timers.pending).toBe(1);
		timers.advance(20);
		const sent = terminal.since(afterFirst);
		expect(terminal.writes.length).toBe(afterFirst + 1);
		expect(sent).not.toContain('B');
		expect(sent).toContain('C');
		const emulator = new Emulator();
		emulator.feed(terminal.output);
		expect(emulator.text()).toEqual(['frame C']);
	});

	it('sends frames at most fps times a second when frames come continuously', () => {
		for (const fps of [1, 7, 20, 60]) {
			const {terminal, timers, screen} = setup(fps);
			const sentAt: number[] = [];
			const write = terminal.write.bind(terminal);
			terminal.write = (data: string) => {
				if (data.startsWith(beginSync)) {
					sentAt.push(timers.now());
				}

				return write(data);
			};

			screen.enter();
			for (let i = 0; i < 3000; i++) {
				screen.write(`frame ${i}`);
				timers.advance(1);
			}

			timers.advance(2000);
			for (let i = 1; i < sentAt.length; i++) {
				expect(sentAt[i]! - sentAt[i - 1]!, `fps ${fps}`).toBeGreaterThanOrEqual(1000 / fps - 1e-9);
			}

			expect(sentAt.length, `fps ${fps}`).toBeGreaterThanOrEqual(Math.floor((3000 * fps) / 1000));
			expect(sentAt.length, `fps ${fps}`).toBeLessThanOrEqual(Math.ceil((3000 * fps) / 1000) + 1);
			const emulator = new Emulator();
			emulator.feed(terminal.output);
			expect(emulator.text()).toEqual(['frame 2999']);
		}
	});

	it("after expedite() the next frame (the key's effect) goes out at once, replacing a waiting one", () => {
		const {terminal, timers, screen} = setup(20);
		screen.enter();
		screen.write('frame A');
		timers.advance(5);
		screen.write('frame B (stale, waiting for its slot)');
		const before = terminal.writes.length;
		screen.expedite();
		// Expediting sends nothing by itself: the frame with the key's effect is still to come
		expect(terminal.writes.length).toBe(before);
		screen.write('frame C');
		expect(terminal.writes.length).toBe(before + 1);
		expect(terminal.since(before)).toContain('C');
		expect(terminal.since(before)).not.toContain('stale');
		expect(timers.pending).toBe(0);
		timers.advance(1000);
		expect(terminal.writes.length).toBe(before + 1);
		const emulator = new Emulator();
		emulator.feed(terminal.output);
		expect(emulator.text()).toEqual(['frame C']);
	});

	it('expedite() with nothing waiting lets the next frame out at once, then the pace holds again', () => {
		const {terminal, timers, screen} = setup(20);
		screen.enter();
		screen.write('frame A');
		timers.advance(5);
		screen.expedite();
		const before = terminal.writes.length;
		screen.write('frame B');
		expect(terminal.writes.length).toBe(before + 1);
		timers.advance(5);
		screen.write('frame C');
		expect(terminal.writes.length).toBe(before + 1);
		timers.advance(50);
		expect(terminal.writes.length).toBe(before + 2);
		const emulator = new Emulator();
		emulator.feed(terminal.output);
		expect(emulator.text()).toEqual(['frame C']);
	});

	it('leave() shows the cursor and leaves the alternate screen, once', () => {
		const {terminal, screen} = setup();
		screen.enter();
		screen.write('x');
		const before = terminal.writes.length;
		screen.leave();
		const sent = terminal.since(before);
		expect(sent).toContain(sequences.showCursor);
		expect(sent).toContain(sequences.leaveAlternateScreen);
		expect(sent.indexOf(sequences.showCursor)).toBeGreaterThanOrEqual(0);
		const count = terminal.writes.length;
		screen.leave();
		expect(terminal.writes.length).toBe(count);
	});

	it('leave() before enter() writes nothing', () => {
		const {terminal, screen} = setup();
		screen.leave();
		expect(terminal.writes).toEqual([]);
	});

	it('after leave() a waiting frame is dropped and new frames are ignored', () => {
		const {terminal, timers, screen} = setup(20);
		screen.enter();
		screen.write('one');
		timers.advance(5);
		screen.write('two');
		screen.leave();
		const count = terminal.writes.length;
		screen.write('three');
		timers.advance(1000);
		expect(terminal.writes.length).toBe(count);
		expect(terminal.output).not.toContain('two');
	});

	it('stops listening for resize after leave()', () => {
		const {terminal, screen} = setup();
		screen.enter();
		expect(terminal.listenerCount('resize')).toBe(1);
		screen.leave();
		expect(terminal.listenerCount('resize')).toBe(0);
	});

	it('on resize clears, emits resize, and draws the last frame again in full', () => {
		const {terminal, timers, screen} = setup();
		let resizes = 0;
		screen.on('resize', () => {
			resizes++;
		});
		screen.enter();
		screen.write('alpha\nbeta\ngamma');
		timers.advance(1000);
		const before = terminal.writes.length;
		terminal.emit('resize');
		expect(resizes).toBe(1);
		timers.advance(100);
		const sent = terminal.since(before);
		expect(sent).toContain(sequences.clear);
		const afterClear = sent.slice(sent.indexOf(sequences.clear));
		for (const text of ['alpha', 'beta', 'gamma']) {
			expect(afterClear).toContain(text);
		}

		const emulator = new Emulator();
		emulator.feed(terminal.output);
		expect(emulator.text()).toEqual(['alpha', 'beta', 'gamma']);
	});

	it('after a resize the next frame is written in full, even lines that did not change', () => {
		const {terminal, timers, screen} = setup();
		screen.on('resize', () => {
			// The app redraws its new layout at once
			screen.write('alpha\nBETA\ngamma');
		});
		screen.enter();
		screen.write('alpha\nbeta\ngamma');
		timers.advance(1000);
		const before = terminal.writes.length;
		terminal.emit('resize');
		timers.advance(100);
		const sent = terminal.since(before);
		const afterClear = sent.slice(sent.indexOf(sequences.clear));
		for (const text of ['alpha', 'BETA', 'gamma']) {
			expect(afterClear).toContain(text);
		}

		const emulator = new Emulator();
		emulator.feed(terminal.output);
		expect(emulator.text()).toEqual(['alpha', 'BETA', 'gamma']);
	});

	it('(the emulator notices a line left too long)', () => {
		const {terminal, timers, screen} = setup();
		screen.enter();
		screen.write('abcdef\nxyz');
		timers.advance(1000);
		screen.write('abc\nxyz');
		timers.advance(1000);
		const good = new Emulator();
		good.feed(terminal.output);
		expect(good.text()).toEqual(['abc', 'xyz']);
		const broken = new Emulator();
		broken.feed(terminal.output.replaceAll(sequences.clearToEndOfLine, ''));
		expect(broken.text()).toEqual(['abcdef', 'xyz']);
	});

	// ---- The key property: what the terminal shows is the last frame ------------------

	const alphabet = 'abcdefghijklmnopqrstuvwxyz ABCDEF 0123456789 .,:-+=│─═╔╗█░▒▓';
	const colours = ['31', '32', '33', '36', '90', '97', '38;5;208', '38;2;1;2;3'];
	const backgrounds = ['41', '44', '48;5;17', '100'];

	function randomText(rng: Rng, length: number): string {
		let text = '';
		for (let i = 0; i < length; i++) {
			text += alphabet[Math.floor(rng.uniform() * alphabet.length)]!;
		}

		return text;
	}

	/** A line of random text, some of it coloured, bold or underlined as chalk writes it. */
	function randomLine(rng: Rng, styled: boolean): string {
		const length = Math.floor(rng.uniform() * 70);
		if (!styled || rng.uniform() < 0.3) {
			return randomText(rng, length);
		}

		let line = '';
		let left = length;
		while (left > 0) {
			const part = 1 + Math.floor(rng.uniform() * Math.min(left, 12));
			left -= part;
			const text = randomText(rng, part);
			const pick = rng.uniform();
			if (pick < 0.35) {
				line += text;
			} else if (pick < 0.6) {
				line += `${esc}${colours[Math.floor(rng.uniform() * colours.length)]!}m${text}${esc}39m`;
			} else if (pick < 0.75) {
				line += `${esc}1m${esc}${colours[Math.floor(rng.uniform() * colours.length)]!}m${text}${esc}39m${esc}22m`;
			} else if (pick < 0.85) {
				line += `${esc}${backgrounds[Math.floor(rng.uniform() * backgrounds.length)]!}m${text}${esc}49m`;
			} else if (pick < 0.93) {
				line += `${esc}4m${text}${esc}24m`;
			} else {
				line += `${esc}7;3m${text}${esc}0m`;
			}
		}

		return line;
	}

	/** The next frame: most lines kept, some changed a little, some replaced, lines added or dropped. */
	function nextFrame(rng: Rng, previous: string[], styled: boolean): string[] {
		const next: string[] = [];
		for (const line of previous) {
			const pick = rng.uniform();
			if (pick < 0.55) {
				next.push(line);
			} else if (pick < 0.7 && !line.includes('\u001B')) {
				const at = Math.floor(rng.uniform() * (line.length + 1));
				const cut = Math.floor(rng.uniform() * 4);
				next.push(line.slice(0, at) + randomText(rng, Math.floor(rng.uniform() * 4)) + line.slice(at + cut));
			} else if (pick < 0.78) {
				// Shorter: cut plain text anywhere, styled text only between its parts (never inside an escape)
				const cuts = line.includes('\u001B') ? [...line.matchAll(/\u001B\[[\d;]*m/g)].map(match => match.index) : [0];
				const cut = line.includes('\u001B')
					? cuts[Math.floor(rng.uniform() * cuts.length)]!
					: Math.floor(rng.uniform() * line.length);
				next.push(line.slice(0, cut));
			} else if (pick < 0.82) {
				next.push('');
			} else {
				next.push(randomLine(rng, styled));
			}
		}

		const change = rng.uniform();
		if (change < 0.15) {
			next.push(...Array.from({length: 1 + Math.floor(rng.uniform() * 5)}, () => randomLine(rng, styled)));
		} else if (change < 0.3) {
			next.length = Math.max(0, next.length - 1 - Math.floor(rng.uniform() * 5));
		}

		return next;
	}

	function replay(seed: number, styled: boolean, options: {late: boolean; resizes: boolean}): void {
		const rng = Rng.seeded(seed);
		const fps = [1, 10, 20, 60][seed % 4]!;
		const {terminal, timers, screen} = setup(fps);
		if (options.resizes && rng.uniform() < 0.5) {
			screen.on('resize', () => {
				// Sometimes the app answers a resize with a new frame at once
				if (rng.uniform() < 0.5) {
					frame = nextFrame(rng, frame, styled);
					screen.write(frame.join('\n'));
				}
			});
		}

		const emulator = new Emulator();
		screen.enter();
		let frame = Array.from({length: 1 + Math.floor(rng.uniform() * 25)}, () => randomLine(rng, styled));
		let fed = 0;
		const check = (context: string): void => {
			emulator.feed(terminal.since(fed));
			fed = terminal.writes.length;
			expect(emulator.text(), `${context}: text`).toEqual(plainLines(frame.join('\n')));
			if (styled) {
				expect(emulator.cells(), `${context}: styles`).toEqual(expectedCells(frame.join('\n')));
			}
		};

		for (let step = 0; step < 120; step++) {
			frame = nextFrame(rng, frame, styled);
			screen.write(frame.join('\n') + (rng.uniform() < 0.1 ? '\n' : ''));
			const pick = rng.uniform();
			if (options.resizes && pick < 0.05) {
				terminal.emit('resize');
			} else if (pick < 0.1) {
				screen.expedite();
			}

			if (options.late && rng.uniform() < 0.2) {
				timers.stall(Math.floor(rng.uniform() * 120));
			} else {
				timers.advance(Math.floor(rng.uniform() * 80));
			}

			if (rng.uniform() < 0.1) {
				// Let everything out, then the terminal must show exactly the last frame
				timers.advance(2000);
				check(`seed ${seed}, step ${step}`);
			}
		}

		timers.advance(2000);
		check(`seed ${seed}, end`);
		screen.leave();
	}

	it('replaying all bytes on a terminal gives exactly the last frame (plain text, random frames)', () => {
		for (let seed = 1; seed <= 40; seed++) {
			replay(seed, false, {late: false, resizes: false});
		}
	});

	it('replaying all bytes on a terminal gives exactly the last frame, styles included', () => {
		for (let seed = 100; seed < 140; seed++) {
			replay(seed, true, {late: false, resizes: false});
		}
	});

	it('… and still after resizes', () => {
		for (let seed = 200; seed < 240; seed++) {
			replay(seed, seed % 2 === 0, {late: false, resizes: true});
		}
	});

	it('… and still when timers fire late (a busy event loop)', () => {
		for (let seed = 300; seed < 340; seed++) {
			replay(seed, seed % 2 === 0, {late: true, resizes: true});
		}
	});

	it('every write after enter() is one whole synchronized update, clear or a leave', () => {
		const {terminal, timers, screen} = setup(30);
		screen.enter();
		const rng = Rng.seeded(9);
		let frame = ['start'];
		for (let i = 0; i < 200; i++) {
			frame = nextFrame(rng, frame, true);
			screen.write(frame.join('\n'));
			if (i % 50 === 49) {
				terminal.emit('resize');
			}

			timers.advance(Math.floor(rng.uniform() * 50));
		}

		screen.leave();
		const [first, ...rest] = terminal.writes;
		expect(first).toContain(sequences.enterAlternateScreen);
		for (const write of rest.slice(0, -1)) {
			if (write !== sequences.clear) {
				expect(write.startsWith(beginSync) && write.endsWith(endSync), JSON.stringify(write.slice(0, 30))).toBe(true);
				expect(write.slice(beginSync.length, -endSync.length)).not.toContain('?2026');
			}
		}

		expect(rest.at(-1)).toContain(sequences.leaveAlternateScreen);
	});
});
