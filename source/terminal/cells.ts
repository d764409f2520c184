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
import stringWidth from 'string-width';

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
	const cells = quickCells(line) ?? tokenizedCells(line);
	while (cells.length > 0 && cells.at(-1)!.text === ' ' && cells.at(-1)!.style === '') {
		cells.pop();
	}

	return cells;
}

/** The cells of a line that fit in `columns`; a wide character cut in half becomes a blank. */
export function clipCells(cells: Cell[], columns: number): Cell[] {
	if (cells.length <= columns) {
		return cells;
	}

	const kept = cells.slice(0, Math.max(0, columns));
	const last = kept.at(-1);
	if (last !== undefined && cells[kept.length]?.text === '') {
		kept[kept.length - 1] = {text: ' ', style: last.style};
	}

	return kept;
}

/** Any line, by Ink's tokenizer: wide characters, any escape. */
export function tokenizedCells(line: string): Cell[] {
	const cells: Cell[] = [];
	for (const char of styledCharsFromTokens(tokenize(line))) {
		const style = char.value === ' ' && !showsOnBlank(char.styles) ? '' : ansiCodesToString(char.styles);
		cells.push({text: char.value, style});
		if (char.fullWidth) {
			cells.push({text: '', style});
		}
	}

	return cells;
}

/**
 * What each SGR parameter the quick parse knows does: sets an attribute
 * (which, and the codes that set it), or resets some. An attribute's codes
 * are kept whole, `38;5;208` included.
 */
type Attribute = 'bold' | 'dim' | 'italic' | 'underline' | 'blink' | 'inverse' | 'hidden' | 'strike' | 'fg' | 'bg';
const attributeOrder: readonly Attribute[] = [
	'bold',
	'dim',
	'italic',
	'underline',
	'blink',
	'inverse',
	'hidden',
	'strike',
	'fg',
	'bg',
];
const setting: Readonly<Record<number, Attribute>> = {
	1: 'bold',
	2: 'dim',
	3: 'italic',
	4: 'underline',
	5: 'blink',
	7: 'inverse',
	8: 'hidden',
	9: 'strike',
};
const resetting: Readonly<Record<number, readonly Attribute[]>> = {
	22: ['bold', 'dim'],
	23: ['italic'],
	24: ['underline'],
	25: ['blink'],
	27: ['inverse'],
	28: ['hidden'],
	29: ['strike'],
	39: ['fg'],
	49: ['bg'],
};
/** Attributes that show on a blank cell (see showsOnBlank). */
const showingOnBlank: ReadonlySet<Attribute> = new Set(['underline', 'inverse', 'strike', 'bg']);

/**
 * A line of one-column characters and SGR codes (the dashboard's lines), as
 * cells without the tokenizer; undefined for anything else (a wide or
 * combining character, another escape, an SGR code it does not know), which
 * the tokenizer parses.
 */
export function quickCells(line: string): Cell[] | undefined {
	const cells: Cell[] = [];
	const codes = new Map<Attribute, string>();
	let style = '';
	let blankStyle = '';
	let i = 0;
	while (i < line.length) {
		const code = line.charCodeAt(i);
		if (code === 0x1b) {
			const end = line.indexOf('m', i);
			if (end === -1 || line.charCodeAt(i + 1) !== 0x5b) {
				return undefined;
			}

			const body = line.slice(i + 2, end);
			if (!/^[\d;]*$/.test(body) || !applySgr(body, codes)) {
				return undefined;
			}

			style = '';
			let showsBlank = false;
			for (const attribute of attributeOrder) {
				const value = codes.get(attribute);
				if (value !== undefined) {
					style += `\u001B[${value}m`;
					showsBlank ||= showingOnBlank.has(attribute);
				}
			}

			blankStyle = showsBlank ? style : '';
			i = end + 1;
			continue;
		}

		if (!oneColumn(code)) {
			return undefined;
		}

		const text = line[i]!;
		cells.push({text, style: text === ' ' ? blankStyle : style});
		i++;
	}

	return cells;
}

/** Applies one SGR code's parameters; false for one it does not know. */
function applySgr(body: string, codes: Map<Attribute, string>): boolean {
	const parameters = body === '' ? [0] : body.split(';').map(Number);
	for (let k = 0; k < parameters.length; k++) {
		const parameter = parameters[k]!;
		if (parameter === 0) {
			codes.clear();
		} else if (setting[parameter] !== undefined) {
			codes.set(setting[parameter], String(parameter));
		} else if (resetting[parameter] !== undefined) {
			for (const attribute of resetting[parameter]) {
				codes.delete(attribute);
			}
		} else if ((parameter >= 30 && parameter <= 37) || (parameter >= 90 && parameter <= 97)) {
			codes.set('fg', String(parameter));
		} else if ((parameter >= 40 && parameter <= 47) || (parameter >= 100 && parameter <= 107)) {
			codes.set('bg', String(parameter));
		} else if (parameter === 38 || parameter === 48) {
			// 38;5;n or 38;2;r;g;b
			const count = parameters[k + 1] === 5 ? 2 : parameters[k + 1] === 2 ? 4 : 0;
			if (count === 0 || k + count >= parameters.length) {
				return false;
			}

			codes.set(parameter === 38 ? 'fg' : 'bg', parameters.slice(k, k + count + 1).join(';'));
			k += count;
		} else {
			return false;
		}
	}

	return true;
}

/**
 * Printable characters of one column that never join a neighbour into one
 * grapheme: ASCII, Latin-1 and the symbol blocks from general punctuation to
 * box drawing, blocks, shapes and Braille, less those string-width (which
 * Ink lays out by) does not count as one column: emoji, zero-width ones.
 */
function oneColumn(code: number): boolean {
	if (code >= 0x20 && code <= 0x7e) {
		return true;
	}

	if ((code >= 0xa0 && code <= 0x2ff) || (code >= 0x2010 && code <= 0x2bff)) {
		let width = symbolWidths.get(code);
		if (width === undefined) {
			width = stringWidth(String.fromCharCode(code));
			symbolWidths.set(code, width);
		}

		return width === 1;
	}

	return false;
}

const symbolWidths = new Map<number, number>();

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
