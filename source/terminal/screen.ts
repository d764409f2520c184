/**
 * The stream Ink draws into. Ink (in debug mode) writes each frame as a whole
 * string; the screen keeps the last frame sent as cells and sends the
 * terminal only the cells that changed (cells.ts), inside synchronized-update
 * marks, when the pacer lets it (pacing.ts): at most `fps` a second and never
 * while the terminal is behind. A newer frame replaces one that waits.
 *
 * `redraw()` clears the screen and sends the last frame whole: after a
 * resize, and when the process continues after a stop.
 */
import {EventEmitter} from 'node:events';
import ansiEscapes from 'ansi-escapes';
import type {Clock} from '../run/clock.js';
import {type Cell, clipCells, frameUpdate, parseLine} from './cells.js';
import type {FramePacer} from './pacing.js';

/** The terminal the screen writes to (process.stdout). */
export type Terminal = {
	write(data: string): unknown;
	readonly columns?: number;
	readonly rows?: number;
	on(event: 'resize', listener: () => void): unknown;
	off(event: 'resize', listener: () => void): unknown;
};

export class Screen extends EventEmitter {
	/** Ink reads these as it would from process.stdout. */
	readonly isTTY = true;
	private shown: Cell[][] = [];
	/** The text of each line shown: a line whose text is unchanged keeps its cells without parsing. */
	private shownLines: string[] = [];
	private lastFrame: string | undefined;
	/** The latest frame, not yet sent. */
	private pending: string | undefined;
	private timer: unknown;
	private drawing = false;
	/** A key was pressed: the next frame goes out without waiting for the frame rate. */
	private urgent = false;
	private waiters: Array<() => void> = [];
	private readonly resized = (): void => {
		this.redraw();
		this.emit('resize');
	};

	constructor(
		private readonly terminal: Terminal,
		private readonly pacer: FramePacer,
		private readonly clock: Clock,
	) {
		super();
	}

	get columns(): number {
		return this.terminal.columns || 80;
	}

	get rows(): number {
		return this.terminal.rows || 24;
	}

	/** Frames go to the terminal from now on (the terminal is ours: see modes.ts). */
	start(): void {
		this.drawing = true;
		this.terminal.on('resize', this.resized);
		this.send();
	}

	/** No more frames; a frame waiting is dropped. Safe to call twice. */
	stop(): void {
		this.drawing = false;
		this.terminal.off('resize', this.resized);
		this.cancelTimer();
	}

	/** Lets the next frame out without waiting for the frame rate: a key's effect shows at once. */
	expedite(): void {
		this.urgent = true;
	}

	/** The terminal answered a status request: it has caught up, a waiting frame may go. */
	answered(): void {
		this.pacer.answer(this.clock.now());
		if (this.pacer.outstanding === 0) {
			const waiters = this.waiters;
			this.waiters = [];
			for (const resolve of waiters) {
				resolve();
			}
		}

		this.send();
	}

	/**
	 * Resolves once the terminal has drawn everything sent (every status request
	 * answered), or after `ms`: before giving the terminal back, so that no late
	 * answer lands in the shell's input.
	 */
	async caughtUp(ms: number): Promise<void> {
		if (this.pacer.outstanding === 0) {
			return;
		}

		await new Promise<void>(resolve => {
			const timer = this.clock.setTimeout(resolve, ms);
			this.waiters.push(() => {
				this.clock.clearTimeout(timer);
				resolve();
			});
		});
	}

	/** Clears the screen and sends the last frame in full (after a resize, or a stop and continue). */
	redraw(): void {
		this.shown = [];
		this.shownLines = [];
		this.pacer.forget();
		this.pending ??= this.lastFrame;
		if (this.drawing) {
			this.terminal.write(ansiEscapes.eraseScreen);
			this.urgent = true;
			this.send();
		}
	}

	/** Ink's frame: the whole screen's text, lines separated by "\n". */
	write(frame: string): boolean {
		this.lastFrame = frame;
		this.pending = frame;
		this.send();
		return true;
	}

	/** Sends the waiting frame if the pacer lets it go now, else sets a timer for when it may. */
	private send(): void {
		if (!this.drawing || this.pending === undefined) {
			return;
		}

		const now = this.clock.now();
		const at = this.pacer.nextSendAt(now, this.urgent);
		if (at > now) {
			// Wait: for the frame rate, or for the terminal (an answer calls send() again; the timer is the fallback)
			this.cancelTimer();
			this.timer = this.clock.setTimeout(() => {
				this.timer = undefined;
				this.send();
			}, at - now);
			return;
		}

		this.cancelTimer();
		this.urgent = false;
		const frame = this.pending;
		this.pending = undefined;
		// Never more than the terminal holds: a line wider than it would wrap onto the next row, and the
		// terminal would no longer show what `shown` says (a frame of the old size, sent again after a resize)
		const {columns, rows} = this;
		const lines = frame.split('\n').slice(0, rows);
		const next = lines.map((line, row) =>
			line === this.shownLines[row] && this.shown[row] !== undefined
				? this.shown[row]
				: clipCells(parseLine(line), columns),
		);
		const body = frameUpdate(this.shown, next);
		this.shown = next;
		this.shownLines = lines;
		if (body !== '') {
			const probe = this.pacer.sent(now);
			this.terminal.write(ansiEscapes.beginSynchronizedOutput + body + ansiEscapes.endSynchronizedOutput + probe);
		}
	}

	private cancelTimer(): void {
		if (this.timer !== undefined) {
			this.clock.clearTimeout(this.timer);
			this.timer = undefined;
		}
	}
}
