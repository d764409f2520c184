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
			const style = ansiCodesToString(char.styles);
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

/** What turns line `before` into `after` on screen row `row` (0-based): '' if they match. */
export function lineUpdate(row: number, before: Cells, after: Cells): string {
	let first = 0;
	const shorter = Math.min(before.length, after.length);
	while (first < shorter && sameCell(before[first]!, after[first]!)) {
		first++;
	}

	if (first === before.length && first === after.length) {
		return '';
	}

	// Start on a character, not on the second half of a wide one
	while (first > 0 && after[first]?.text === '') {
		first--;
	}

	let end = after.length;
	if (before.length === after.length) {
		while (end > first && sameCell(before[end - 1]!, after[end - 1]!)) {
			end--;
		}
	}

	let text = ansiEscapes.cursorTo(first, row);
	let style = '';
	for (let i = first; i < end; i++) {
		const cell = after[i]!;
		if (cell.style !== style) {
			text += resetStyle + cell.style;
			style = cell.style;
		}

		text += cell.text;
	}

	if (style !== '') {
		text += resetStyle;
	}

	if (after.length < before.length) {
		text += ansiEscapes.eraseEndLine;
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
