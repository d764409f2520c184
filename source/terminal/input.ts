/**
 * What the terminal sends, as a sequence of keys and terminal answers.
 *
 * One read from a terminal can hold many keys (typing fast, a held key, a
 * paste, an SSH packet): every character is its own key, in order, and an
 * escape sequence (`ESC [ C`, `ESC O C`) is one key even when it arrives
 * split across reads. The terminal's answer to a status request
 * (`ESC [ 0 n`, see pacing.ts) and other reports are not keys: they come out
 * as their own event and never reach the key handler.
 *
 * A lone ESC is ambiguous (the Esc key, or the start of a sequence whose rest
 * is still on the wire): it is held until more arrives or until `flush()`,
 * which the owner calls when no more has come for a moment.
 */

/** A key by name: the character itself for printable keys (`'s'`, `' '`, `'+'`), else a name. */
export type KeyName =
	| 'up'
	| 'down'
	| 'right'
	| 'left'
	| 'home'
	| 'end'
	| 'page-up'
	| 'page-down'
	| 'insert'
	| 'delete'
	| 'escape'
	| 'enter'
	| 'tab'
	| 'backspace'
	| `ctrl-${string}`
	| (string & {});

export type InputEvent =
	| {readonly type: 'key'; readonly name: KeyName}
	/** `ESC [ 0 n`: the terminal has processed everything sent before the status request. */
	| {readonly type: 'status-ok'}
	/** Any other report or sequence that is not a key we know (cursor position, focus, …). */
	| {readonly type: 'other'; readonly sequence: string};

const esc = '\u001B';
/** How long a lone ESC waits for the rest of a sequence before it counts as the Esc key (vim's ttimeoutlen). */
export const loneEscapeWaitMs = 100;
/** How long a sequence cut between two reads waits for its end. */
export const partialSequenceWaitMs = 1000;

/** CSI final bytes that name a key. */
const csiFinals: Readonly<Record<string, KeyName>> = {
	A: 'up',
	B: 'down',
	C: 'right',
	D: 'left',
	H: 'home',
	F: 'end',
};

/** `CSI n ~` keys. */
const tildeKeys: Readonly<Record<string, KeyName>> = {
	'1': 'home',
	'2': 'insert',
	'3': 'delete',
	'4': 'end',
	'5': 'page-up',
	'6': 'page-down',
	'7': 'home',
	'8': 'end',
};

const controlKeys: Readonly<Record<number, KeyName>> = {
	0x09: 'tab',
	0x0a: 'enter',
	0x0d: 'enter',
	0x7f: 'backspace',
	0x08: 'backspace',
};

export class InputParser {
	/** The start of a sequence whose end has not arrived yet. */
	private pending = '';

	/** True while a partial sequence waits for more input (the owner then arms a `flush` timer). */
	get waiting(): boolean {
		return this.pending !== '';
	}

	/**
	 * How long what is held may wait for the rest: a lone ESC briefly (it is
	 * most likely the Esc key), a sequence already begun (`ESC [ 1 ;`) longer.
	 */
	get holdMs(): number {
		return this.pending === esc ? loneEscapeWaitMs : partialSequenceWaitMs;
	}

	/** Everything complete in `pending + chunk`, in order; an incomplete sequence at the end waits. */
	feed(chunk: string): InputEvent[] {
		const text = this.pending + chunk;
		this.pending = '';
		const events: InputEvent[] = [];
		let i = 0;
		while (i < text.length) {
			if (text[i] !== esc) {
				const codePoint = text.codePointAt(i)!;
				const char = String.fromCodePoint(codePoint);
				events.push({type: 'key', name: keyOfChar(codePoint, char)});
				i += char.length;
				continue;
			}

			const end = sequenceEnd(text, i);
			if (end === undefined) {
				this.pending = text.slice(i);
				break;
			}

			events.push(eventOf(text.slice(i, end)));
			i = end;
		}

		return events;
	}

	/** No more came: what is held is what it is (a lone ESC is the Esc key). */
	flush(): InputEvent[] {
		const held = this.pending;
		this.pending = '';
		if (held === '') {
			return [];
		}

		if (held === esc) {
			return [{type: 'key', name: 'escape'}];
		}

		// A sequence cut short for good: not a key
		return [{type: 'other', sequence: held}];
	}
}

function keyOfChar(codePoint: number, char: string): KeyName {
	const control = controlKeys[codePoint];
	if (control !== undefined) {
		return control;
	}

	if (codePoint >= 1 && codePoint <= 26) {
		return `ctrl-${String.fromCodePoint(codePoint + 0x60)}`;
	}

	return char;
}

/**
 * Where the escape sequence starting at `start` ends (exclusive), or
 * undefined if it is not complete yet. ESC followed by anything but `[` or
 * `O` is the Esc key alone (the next character is a key of its own).
 */
function sequenceEnd(text: string, start: number): number | undefined {
	const next = text[start + 1];
	if (next === undefined) {
		return undefined;
	}

	if (next === 'O') {
		// SS3: one more character
		return start + 2 < text.length ? start + 3 : undefined;
	}

	if (next !== '[') {
		return start + 1;
	}

	// CSI: parameter and intermediate bytes (0x20–0x3F), then one final byte (0x40–0x7E)
	for (let i = start + 2; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code >= 0x40 && code <= 0x7e) {
			return i + 1;
		}

		if (code < 0x20 || code > 0x3f) {
			// Not a well-formed sequence: the ESC [ stands alone, the rest are keys
			return i;
		}
	}

	return undefined;
}

function eventOf(sequence: string): InputEvent {
	if (sequence === esc) {
		return {type: 'key', name: 'escape'};
	}

	if (sequence.startsWith(`${esc}O`)) {
		const name = csiFinals[sequence[2]!];
		return name === undefined ? {type: 'other', sequence} : {type: 'key', name};
	}

	const final = sequence.at(-1)!;
	const parameters = sequence.slice(2, -1);
	if (final === 'n' && parameters === '0') {
		return {type: 'status-ok'};
	}

	// Arrows and Home/End, with or without modifiers (`ESC [ 1 ; 5 C`)
	const named = csiFinals[final];
	if (named !== undefined && /^(1(;\d+)?)?$/.test(parameters)) {
		return {type: 'key', name: named};
	}

	if (final === '~') {
		const tilde = tildeKeys[parameters.split(';')[0]!];
		if (tilde !== undefined) {
			return {type: 'key', name: tilde};
		}
	}

	return {type: 'other', sequence};
}

/** The part of stdin the reader uses. */
export type InputStream = {
	setEncoding(encoding: 'utf8'): unknown;
	on(event: 'data', listener: (chunk: string) => void): unknown;
	off(event: 'data', listener: (chunk: string) => void): unknown;
	resume(): unknown;
	pause(): unknown;
};

export type InputHandlers = {
	readonly key: (name: KeyName) => void;
	/** The terminal answered a status request. */
	readonly statusOk: () => void;
};

/** Reads keys and terminal answers from `stream` until the returned function is called. */
export function readInput(
	stream: InputStream,
	handlers: InputHandlers,
	clock: {setTimeout(callback: () => void, ms: number): unknown; clearTimeout(handle: unknown): void},
): () => void {
	const parser = new InputParser();
	let timer: unknown;
	const deliver = (events: readonly InputEvent[]): void => {
		for (const event of events) {
			if (event.type === 'key') {
				handlers.key(event.name);
			} else if (event.type === 'status-ok') {
				handlers.statusOk();
			}
		}
	};

	const onData = (chunk: string): void => {
		if (timer !== undefined) {
			clock.clearTimeout(timer);
			timer = undefined;
		}

		deliver(parser.feed(chunk));
		if (parser.waiting) {
			timer = clock.setTimeout(() => {
				timer = undefined;
				deliver(parser.flush());
			}, parser.holdMs);
		}
	};

	stream.setEncoding('utf8');
	stream.on('data', onData);
	stream.resume();
	return () => {
		if (timer !== undefined) {
			clock.clearTimeout(timer);
		}

		stream.off('data', onData);
		stream.pause();
	};
}
