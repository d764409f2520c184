/**
 * When the next frame may go to the terminal: at most `fps` a second, and
 * never while the terminal is still behind.
 *
 * Over SSH writes never block (the channel buffers megabytes), so how fast
 * the program can write says nothing about how far behind the far screen is.
 * Instead each frame is followed by a status request (`ESC [ 5 n`); a
 * terminal answers it (`ESC [ 0 n`) only once it has drawn everything sent
 * before it. While an answer is outstanding no new frame is sent: newer frames
 * replace the waiting one, so on any link at most one frame is in flight and
 * the far screen is never more than one frame behind.
 *
 * A terminal that does not answer must not stall the dashboard: without an
 * answer for a while the next frame goes anyway (before the first answer after
 * `firstAnswerTimeoutMs`; later after three times the slowest recent round trip,
 * at least `answerTimeoutMs`), and a terminal that has never answered within
 * `silentAfterMs` is paced by the frame rate alone.
 */
export const statusRequest = '\u001B[5n';

export type PacerOptions = {
	readonly fps: number;
	/** Ask for status answers (stdin is a terminal whose answers reach us). */
	readonly probe: boolean;
	/** How long to wait for the first answer before sending anyway. */
	readonly firstAnswerTimeoutMs?: number;
	/** The least time to wait for a later answer before sending anyway. */
	readonly answerTimeoutMs?: number;
	/** A terminal that has not answered at all this long after the first request is taken not to answer. */
	readonly silentAfterMs?: number;
};

export class FramePacer {
	readonly frameMs: number;
	private probing: boolean;
	private readonly firstAnswerTimeoutMs: number;
	private readonly answerTimeoutMs: number;
	private readonly silentAfterMs: number;
	/** When each unanswered request was sent, oldest first. */
	private readonly requestTimes: number[] = [];
	/** The slowest round trip of the last answers (halved at each answer, so it follows the link). */
	private slowestRoundTrip = 0;
	private everAnswered = false;
	private firstRequestAt: number | undefined;
	private lastSent = Number.NEGATIVE_INFINITY;
	/** The last time the terminal showed progress (an answer) or we gave up waiting for one. */
	private lastProgress = Number.NEGATIVE_INFINITY;

	constructor(options: PacerOptions) {
		this.frameMs = 1000 / options.fps;
		this.probing = options.probe;
		this.firstAnswerTimeoutMs = options.firstAnswerTimeoutMs ?? 1000;
		this.answerTimeoutMs = options.answerTimeoutMs ?? 2000;
		this.silentAfterMs = options.silentAfterMs ?? 5000;
	}

	/** Status requests sent that the terminal has not answered yet. */
	get outstanding(): number {
		return this.requestTimes.length;
	}

	/** Whether frames are paced by the terminal's answers. */
	get probes(): boolean {
		return this.probing;
	}

	/**
	 * The earliest time a frame may be sent (≤ now: at once; Infinity: when an answer comes).
	 * `urgent` (a key's frame) skips the frame-rate wait but not the wait for the terminal.
	 */
	nextSendAt(now: number, urgent: boolean): number {
		const byRate = urgent ? now : this.lastSent + this.frameMs;
		if (!this.probing || this.outstanding === 0) {
			return byRate;
		}

		this.checkSilent(now);
		if (!this.probing) {
			return byRate;
		}

		const timeout = this.everAnswered
			? Math.max(this.answerTimeoutMs, 3 * this.slowestRoundTrip)
			: this.firstAnswerTimeoutMs;
		return Math.max(byRate, this.lastProgress + timeout);
	}

	/**
	 * A frame is being sent at `now`: returns what must follow it (the status
	 * request, or nothing when not probing).
	 */
	sent(now: number): string {
		this.lastSent = now;
		if (!this.probing) {
			return '';
		}

		// The wait for an answer counts from here (also when this frame went without one: timed out)
		this.lastProgress = now;
		this.firstRequestAt ??= now;
		this.requestTimes.push(now);
		return statusRequest;
	}

	/** The terminal answered a status request. */
	answer(now: number): void {
		this.everAnswered = true;
		const requestedAt = this.requestTimes.shift();
		if (requestedAt !== undefined) {
			this.slowestRoundTrip = Math.max(this.slowestRoundTrip / 2, now - requestedAt);
		}

		this.lastProgress = now;
	}

	/** After a suspend or a resize: forget what was in flight (answers may have been lost). */
	forget(): void {
		this.requestTimes.length = 0;
		this.lastSent = Number.NEGATIVE_INFINITY;
	}

	private checkSilent(now: number): void {
		if (!this.everAnswered && this.firstRequestAt !== undefined && now - this.firstRequestAt >= this.silentAfterMs) {
			this.probing = false;
		}
	}
}
