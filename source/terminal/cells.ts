/**
 * A frame as cells, and the least text that turns one frame into the next.
 *
 * A frame is Ink's output: lines of text with SGR (colour and style) codes.
 * Each line becomes one cell per column (its character and the style in
 * force), parsed by Ink's own tokenizer. The update for a line is the span
 * from its first to its last changed cell, placed with an absolute cursor
 * move, so nothing depends on where the cursor was left.
 */
import {ansiCodesToString, styledCharsFromTokens, tokenize} from '@alcalzone/ansi-tokenize';
import ansiEscapes from 'ansi-escapes';

/** One character cell. A wide character's second column is a cell with empty text. */
export type Cell = {readonly text: string; readonly style: string};
export type Cells = readonly Cell[];

const resetStyle = '\u001B[0m';

/**
 * Whether styles show on a blank cell: a background, inverse video,
 * underline or strike-through do; a foreground colour, bold or italic do not,
 * so a blank with only those is a plain blank (nothing to send when it changes).
 */
function showsOnBlank(styles: ReadonlyArray<{readonly code: string}>): boolean {
	return styles.some(({code}) => /\[(?:4\d|10\d|7|4|9|21|53)(?:;[\d;]*)?m$/.test(code));
}

/** The cells of one line; trailing unstyled blanks are dropped (they look like nothing). */
export function parseLine(line: string): Cell[] {
	const cells: Cell[] = [];
	if (!line.includes('\u001B')) {
		// The common case, without the tokenizer: plain text of narrow characters
		for (const text of line) {
			cells.push({text, style: ''});
		}
	} else {
		for (const char of styledCharsFromTokens(tokenize(line))) {
			const style = char.value === ' ' && !showsOnBlank(char.styles) ? '' : ansiCodesToString(char.styles);
			cells.push({text: char.value, style});
			if (char.fullWidth) {
				cells.push({text: '', style});
			}
		}
	}

	while (cells.length > 0 && cells.at(-1)!.text === ' ' && cells.at(-1)!.style === '') {
		cells.pop();
	}

	return cells;
}

/**
 * Unchanged cells between two changed ones that are cheaper to send again
 * than to skip with a cursor move (`ESC [ r ; c H` is 6 to 8 bytes).
 */
const gapWorthAMove = 8;

/**
 * What turns line `before` into `after` on screen row `row` (0-based): ''
 * if they match. Each run of changed cells is placed with its own cursor
 * move; runs closer than a cursor move costs are sent as one.
 */
export function lineUpdate(row: number, before: Cells, after: Cells): string {
	const spans: Array<[number, number]> = [];
	const common = Math.min(before.length, after.length);
	for (let i = 0; i < common; i++) {
		if (sameCell(before[i]!, after[i]!)) {
			continue;
		}

		const last = spans.at(-1);
		if (last !== undefined && i - last[1] < gapWorthAMove) {
			last[1] = i + 1;
		} else {
			spans.push([i, i + 1]);
		}
	}

	if (after.length > common) {
		// A longer line: from the first change (or the old end) to its end
		const last = spans.at(-1);
		if (last !== undefined && common - last[1] < gapWorthAMove) {
			last[1] = after.length;
		} else {
			spans.push([common, after.length]);
		}
	}

	const shorter = after.length < before.length;
	if (spans.length === 0 && !shorter) {
		return '';
	}

	let text = '';
	for (const [from, to] of spans) {
		text += cellsAt(row, after, from, to);
	}

	if (shorter) {
		text +=
			(spans.at(-1)?.[1] === after.length ? '' : ansiEscapes.cursorTo(after.length, row)) + ansiEscapes.eraseEndLine;
	}

	return text;
}

/** Cells `from` … `to` − 1 of a line, placed at their column, styles set and reset. */
function cellsAt(row: number, line: Cells, from: number, to: number): string {
	let first = from;
	// Start on a character, not on the second half of a wide one
	while (first > 0 && line[first]?.text === '') {
		first--;
	}

	let text = ansiEscapes.cursorTo(first, row);
	// Every update ends with its style reset: a run starts with none in force
	let style = '';
	for (let i = first; i < to; i++) {
		const cell = line[i]!;
		if (cell.style !== style) {
			text += (style === '' ? '' : resetStyle) + cell.style;
			style = cell.style;
		}

		text += cell.text;
	}

	if (style !== '') {
		text += resetStyle;
	}

	return text;
}

/** The updates of every row that changed, top to bottom. */
export function frameUpdate(before: readonly Cells[], after: readonly Cells[]): string {
	let text = '';
	const height = Math.max(before.length, after.length);
	for (let row = 0; row < height; row++) {
		text += lineUpdate(row, before[row] ?? [], after[row] ?? []);
	}

	return text;
}

function sameCell(a: Cell, b: Cell): boolean {
	return a.text === b.text && a.style === b.style;
}
