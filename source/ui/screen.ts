/**
 * The full-screen terminal the dashboard draws on. Ink renders each frame
 * as a whole string into this stream (Ink's debug mode); the screen keeps
 * the last frame as cells and sends the terminal only what changed: for
 * each changed line, the span from its first to its last changed cell,
 * placed with absolute cursor moves on the alternate screen. Frames are
 * wrapped in synchronized-update marks and sent at most `fps` times a
 * second (a newer frame replaces a waiting one).
 *
 * Absolute placement means nothing depends on where the cursor was left,
 * so a resize, a height change or a scrolled terminal cannot leave stale
 * lines: after a resize the screen is cleared and drawn again in full.
 */
import {EventEmitter} from 'node:events';

const esc = '\u001B[';
export const sequences = {
	enterAlternateScreen: `${esc}?1049h`,
	leaveAlternateScreen: `${esc}?1049l`,
	hideCursor: `${esc}?25l`,
	showCursor: `${esc}?25h`,
	clear: `${esc}2J`,
	beginSynchronized: `${esc}?2026h`,
	endSynchronized: `${esc}?2026l`,
	reset: `${esc}0m`,
	clearToEndOfLine: `${esc}K`,
} as const;

/** One character cell: its text and the SGR sequence in force (empty for none). */
type Cell = {readonly text: string; readonly style: string};

/** The terminal the screen writes to (process.stdout). */
export type Terminal = {
	write(data: string): unknown;
	readonly columns?: number;
	readonly rows?: number;
	on(event: 'resize', listener: () => void): unknown;
	off(event: 'resize', listener: () => void): unknown;
};

export type Timers = {
	now(): number;
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
};

const systemTimers: Timers = {
	now: () => performance.now(),
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout(handle) {
		clearTimeout(handle as NodeJS.Timeout);
	},
};

export class Screen extends EventEmitter {
	/** Ink reads these as it would from process.stdout. */
	readonly isTTY = true;
	private shown: Cell[][] = [];
	private pending: string | undefined;
	private lastSent = Number.NEGATIVE_INFINITY;
	private timer: unknown;
	private active = false;
	/** A key was pressed: the next frame goes out at once. */
	private urgent = false;
	private readonly frameMs: number;
	private lastFrame = '';
	private readonly resized = (): void => {
		// Start from a blank screen; the app draws its new layout, or the last frame comes back
		this.shown = [];
		this.terminal.write(sequences.clear);
		this.pending = this.lastFrame;
		this.lastSent = Number.NEGATIVE_INFINITY;
		this.emit('resize');
		this.timers.setTimeout(() => {
			this.flush();
		}, 0);
	};

	constructor(
		private readonly terminal: Terminal,
		fps: number,
		private readonly timers: Timers = systemTimers,
	) {
		super();
		this.frameMs = 1000 / fps;
	}

	get columns(): number {
		return this.terminal.columns || 80;
	}

	get rows(): number {
		return this.terminal.rows || 24;
	}

	/** Takes over the terminal: alternate screen, cursor hidden, blank. */
	enter(): void {
		this.active = true;
		this.shown = [];
		this.terminal.write(sequences.enterAlternateScreen + sequences.hideCursor + sequences.clear);
		this.terminal.on('resize', this.resized);
	}

	/** Gives the terminal back as it was: main screen, cursor shown. Safe to call twice. */
	leave(): void {
		if (!this.active) {
			return;
		}

		this.active = false;
		this.terminal.off('resize', this.resized);
		if (this.timer !== undefined) {
			this.timers.clearTimeout(this.timer);
			this.timer = undefined;
		}

		this.terminal.write(sequences.reset + sequences.showCursor + sequences.leaveAlternateScreen);
	}

	/**
	 * Lets the next frame out at once, ahead of the frame rate: called as a key
	 * is handled, so the frame that shows its effect (drawn a moment later) does
	 * not wait for the next frame slot. A frame already waiting is replaced by it.
	 */
	expedite(): void {
		this.urgent = true;
	}

	/** Ink's frame: the whole screen's text, lines separated by "\n". */
	write(frame: string): boolean {
		if (!this.active) {
			return true;
		}

		this.lastFrame = frame;
		this.pending = frame;
		const wait = this.lastSent + this.frameMs - this.timers.now();
		if (wait <= 0 || this.urgent) {
			this.urgent = false;
			if (this.timer !== undefined) {
				this.timers.clearTimeout(this.timer);
				this.timer = undefined;
			}

			this.flush();
		} else {
			this.timer ??= this.timers.setTimeout(() => {
				this.timer = undefined;
				this.flush();
			}, wait);
		}

		return true;
	}

	private flush(): void {
		const frame = this.pending;
		this.pending = undefined;
		if (frame === undefined || !this.active) {
			return;
		}

		this.lastSent = this.timers.now();
		const next = frame.split('\n').map(line => parseCells(line));
		const out: string[] = [];
		const height = Math.max(next.length, this.shown.length);
		for (let row = 0; row < height; row++) {
			out.push(lineUpdate(row, this.shown[row] ?? [], next[row] ?? []));
		}

		this.shown = next;
		const body = out.join('');
		if (body !== '') {
			this.terminal.write(sequences.beginSynchronized + body + sequences.endSynchronized);
		}
	}
}

/** What turns line `before` into `after` on screen row `row` (0-based): nothing if they match. */
export function lineUpdate(row: number, before: readonly Cell[], after: readonly Cell[]): string {
	let first = 0;
	const shorter = Math.min(before.length, after.length);
	while (first < shorter && sameCell(before[first]!, after[first]!)) {
		first++;
	}

	if (first === before.length && first === after.length) {
		return '';
	}

	let end = after.length;
	if (before.length === after.length) {
		while (end > first && sameCell(before[end - 1]!, after[end - 1]!)) {
			end--;
		}
	}

	let text = `${esc}${row + 1};${first + 1}H`;
	let style = '';
	for (let i = first; i < end; i++) {
		const cell = after[i]!;
		if (cell.style !== style) {
			text += sequences.reset + cell.style;
			style = cell.style;
		}

		text += cell.text;
	}

	if (style !== '') {
		text += sequences.reset;
	}

	if (after.length < before.length) {
		text += sequences.clearToEndOfLine;
	}

	return text;
}

function sameCell(a: Cell, b: Cell): boolean {
	return a.text === b.text && a.style === b.style;
}

// Select Graphic Rendition: the attributes a code sets, and which codes clear them
const sgr = /\u001B\[([\d;]*)m/y;
type Attribute = 'fg' | 'bg' | 'weight' | 'italic' | 'underline' | 'inverse' | 'strike';
type Attributes = Partial<Record<Attribute, string>>;

/** The attribute each plain code sets (colours are ranges, below). */
const sets: Readonly<Record<number, Attribute>> = {
	1: 'weight',
	2: 'weight',
	3: 'italic',
	4: 'underline',
	7: 'inverse',
	9: 'strike',
};
/** The attribute each code clears. */
const clears: Readonly<Record<number, Attribute>> = {
	22: 'weight',
	23: 'italic',
	24: 'underline',
	27: 'inverse',
	29: 'strike',
	39: 'fg',
	49: 'bg',
};

function apply(attributes: Attributes, parameters: string): void {
	const codes = parameters === '' ? ['0'] : parameters.split(';');
	for (let i = 0; i < codes.length; i++) {
		const code = Number(codes[i]);
		if (code === 38 || code === 48) {
			// Extended colour: 38;5;n or 38;2;r;g;b
			const length = codes[i + 1] === '5' ? 3 : 5;
			attributes[code === 38 ? 'fg' : 'bg'] = codes.slice(i, i + length).join(';');
			i += length - 1;
		} else if (code === 0) {
			for (const key of Object.keys(attributes) as Attribute[]) {
				delete attributes[key];
			}
		} else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) {
			attributes.fg = String(code);
		} else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) {
			attributes.bg = String(code);
		} else if (sets[code]) {
			attributes[sets[code]] = String(code);
		} else if (clears[code]) {
			delete attributes[clears[code]];
		}
	}
}

function styleOf(attributes: Attributes): string {
	const codes = Object.values(attributes).filter(Boolean);
	return codes.length === 0 ? '' : `${esc}${codes.join(';')}m`;
}

/** Splits a line of text with SGR sequences into cells (one per code point). */
export function parseCells(line: string): Cell[] {
	const cells: Cell[] = [];
	const attributes: Attributes = {};
	let style = '';
	let i = 0;
	while (i < line.length) {
		if (line.charCodeAt(i) === 0x1b) {
			sgr.lastIndex = i;
			const match = sgr.exec(line);
			if (match) {
				apply(attributes, match[1]!);
				style = styleOf(attributes);
				i = sgr.lastIndex;
				continue;
			}

			// Any other escape sequence has no place in a frame: drop the ESC
			i++;
			continue;
		}

		const codePoint = line.codePointAt(i)!;
		const text = String.fromCodePoint(codePoint);
		cells.push({text, style});
		i += text.length;
	}

	// Trailing unstyled blanks look like nothing: drop them
	while (cells.length > 0 && cells.at(-1)!.text === ' ' && cells.at(-1)!.style === '') {
		cells.pop();
	}

	return cells;
}
