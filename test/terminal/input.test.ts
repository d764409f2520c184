import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {
	type InputEvent,
	InputParser,
	loneEscapeWaitMs,
	partialSequenceWaitMs,
	readInput,
} from '../../source/terminal/input.js';
import {FakeClock} from '../helpers/fake-clock.js';

const arrowRight = '\u001B[C';
const arrowLeft = '\u001B[D';
const escape = '\u001B';
const statusAnswer = '\u001B[0n';
const ctrlC = '\u0003';
const ctrlZ = '\u001A';

const keys = (events: readonly InputEvent[]): string[] =>
	events.flatMap(event => (event.type === 'key' ? [event.name] : [`<${event.type}>`]));

describe('InputParser', () => {
	it('every character of one read is its own key, in order', () => {
		expect(keys(new InputParser().feed('sss'))).toEqual(['s', 's', 's']);
		expect(keys(new InputParser().feed('sq'))).toEqual(['s', 'q']);
		expect(keys(new InputParser().feed(' +-?'))).toEqual([' ', '+', '-', '?']);
	});

	it('escape sequences mixed with characters stay whole', () => {
		expect(keys(new InputParser().feed(`s${arrowRight}s`))).toEqual(['s', 'right', 's']);
		expect(keys(new InputParser().feed(`${arrowRight}${arrowRight}${arrowLeft}q`))).toEqual([
			'right',
			'right',
			'left',
			'q',
		]);
	});

	it('names arrows in both modes, with modifiers, and the tilde keys', () => {
		expect(keys(new InputParser().feed('\u001BOC\u001B[1;5C\u001B[H\u001B[4~\u001B[5~\u001B[6~'))).toEqual([
			'right',
			'right',
			'home',
			'end',
			'page-up',
			'page-down',
		]);
	});

	it('control characters are keys: ctrl-c, ctrl-z, enter', () => {
		expect(keys(new InputParser().feed(`${ctrlC}${ctrlZ}\r`))).toEqual(['ctrl-c', 'ctrl-z', 'enter']);
	});

	it('a sequence split across two reads is still one key', () => {
		const parser = new InputParser();
		expect(keys(parser.feed(`s${escape}`))).toEqual(['s']);
		expect(parser.waiting).toBe(true);
		expect(keys(parser.feed('[C'))).toEqual(['right']);
		expect(keys(parser.feed('\u001B[1;'))).toEqual([]);
		expect(keys(parser.feed('5Cq'))).toEqual(['right', 'q']);
		expect(parser.waiting).toBe(false);
	});

	it('a lone ESC is the Esc key once flushed; ESC before a plain character is Esc and then that key', () => {
		const parser = new InputParser();
		expect(keys(parser.feed(escape))).toEqual([]);
		expect(parser.holdMs).toBe(loneEscapeWaitMs);
		expect(keys(parser.flush())).toEqual(['escape']);
		expect(keys(parser.feed(`${escape}q`))).toEqual(['escape', 'q']);
		expect(keys(parser.feed(`${escape}${escape}[C`))).toEqual(['escape', 'right']);
	});

	it('a begun sequence waits longer than a lone ESC', () => {
		const parser = new InputParser();
		parser.feed('\u001B[1');
		expect(parser.holdMs).toBe(partialSequenceWaitMs);
		expect(partialSequenceWaitMs).toBeGreaterThan(loneEscapeWaitMs);
	});

	it('the status answer is not a key, and neither are other reports', () => {
		expect(keys(new InputParser().feed(`s${statusAnswer}q\u001B[12;40R`))).toEqual([
			's',
			'<status-ok>',
			'q',
			'<other>',
		]);
	});

	it('a status answer split across reads is still one answer', () => {
		const parser = new InputParser();
		expect(keys(parser.feed('\u001B[0'))).toEqual([]);
		expect(keys(parser.feed('n'))).toEqual(['<status-ok>']);
	});

	it('astral characters are one key', () => {
		expect(keys(new InputParser().feed('😀s'))).toEqual(['😀', 's']);
	});
});

class FakeStdin extends EventEmitter {
	encoding: string | undefined;
	flowing = false;
	setEncoding(encoding: string): this {
		this.encoding = encoding;
		return this;
	}

	resume(): this {
		this.flowing = true;
		return this;
	}

	pause(): this {
		this.flowing = false;
		return this;
	}
}

describe('readInput', () => {
	function reader() {
		const stdin = new FakeStdin();
		const clock = new FakeClock();
		const heard: string[] = [];
		const stop = readInput(
			stdin,
			{
				key(name) {
					heard.push(name);
				},
				statusOk() {
					heard.push('<status-ok>');
				},
			},
			clock,
		);
		return {stdin, clock, heard, stop};
	}

	it('reads text, hands over each key and the answers apart', () => {
		const {stdin, heard} = reader();
		expect(stdin.encoding).toBe('utf8');
		expect(stdin.flowing).toBe(true);
		stdin.emit('data', `ss${statusAnswer}${arrowRight}`);
		expect(heard).toEqual(['s', 's', '<status-ok>', 'right']);
	});

	it('joins a sequence split across reads that arrive close together', () => {
		const {stdin, clock, heard} = reader();
		stdin.emit('data', escape);
		clock.advance(loneEscapeWaitMs - 1);
		stdin.emit('data', '[C');
		clock.advance(1000);
		expect(heard).toEqual(['right']);
	});

	it('a lone ESC becomes the Esc key when nothing follows', () => {
		const {stdin, clock, heard} = reader();
		stdin.emit('data', escape);
		expect(heard).toEqual([]);
		clock.advance(loneEscapeWaitMs);
		expect(heard).toEqual(['escape']);
	});

	it('stops listening when told', () => {
		const {stdin, heard, stop} = reader();
		stop();
		stdin.emit('data', 'q');
		expect(heard).toEqual([]);
		expect(stdin.flowing).toBe(false);
	});
});
