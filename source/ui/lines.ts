/**
 * What the panels draw: lines of styled spans, as plain values. Ink renders
 * them (lines-view.tsx) and so does the first frame, drawn before Ink has
 * loaded (`toAnsi`): both from the same lines, so they cannot drift apart.
 * Nothing here imports React or Ink.
 */

/** A run of text in one style. `color` is a theme colour name (cyan, gray, …). */
export type Span = {readonly text: string; readonly color?: string | undefined; readonly bold?: boolean};
export type Line = readonly Span[];

/** A span; without a colour or bold it is plain text. */
export function span(text: string, color?: string, bold = false): Span {
	return bold ? {text, color, bold} : {text, color};
}

/** A line of one plain span. */
export function plain(text: string): Line {
	return [{text}];
}

/** Cells a text takes: one per code point (the dashboard draws no wide characters). */
export function cells(text: string): number {
	let count = 0;
	for (const _ of text) {
		count++;
	}

	return count;
}

export function lineWidth(line: Line): number {
	let width = 0;
	for (const part of line) {
		width += cells(part.text);
	}

	return width;
}

export function lineText(line: Line): string {
	return line.map(part => part.text).join('');
}

/** The line cut to `width` cells, its last cell an ellipsis when something was cut. */
export function truncate(line: Line, width: number, ellipsis: string): Line {
	if (lineWidth(line) <= width) {
		return line;
	}

	const out: Span[] = [];
	const mark = [...ellipsis].slice(0, Math.max(0, width)).join('');
	let left = Math.max(0, width - cells(mark));
	for (const part of line) {
		if (left <= 0) {
			break;
		}

		const chars = [...part.text];
		out.push({...part, text: chars.slice(0, left).join('')});
		left -= Math.min(left, chars.length);
	}

	if (mark !== '') {
		const last = out.at(-1);
		out.push({text: mark, color: last?.color, ...(last?.bold ? {bold: true} : {})});
	}

	return out;
}

/** The line followed by blanks up to `width` cells. */
export function padEnd(line: Line, width: number): Line {
	const missing = width - lineWidth(line);
	return missing > 0 ? [...line, {text: ' '.repeat(missing)}] : line;
}

/**
 * Blocks of lines side by side, each but the last padded to its widest line
 * and `gap` blank cells more (nothing trails the last: a line ends where its
 * text does).
 */
export function besideEachOther(blocks: ReadonlyArray<readonly Line[]>, gap: number): Line[] {
	const height = Math.max(0, ...blocks.map(block => block.length));
	const widths = blocks.map(block => Math.max(0, ...block.map(line => lineWidth(line))));
	const last = blocks.length - 1;
	return Array.from({length: height}, (_, row) =>
		blocks.flatMap((block, i) => {
			const line = block[row] ?? [];
			return i === last ? [...line] : [...padEnd(line, widths[i]! + gap)];
		}),
	);
}

// SGR codes as chalk writes them (Ink colours through chalk), so that the first frame and Ink's
// frames give the terminal the same cells
const colorCodes: Readonly<Record<string, readonly [number, number]>> = {
	black: [30, 39],
	red: [31, 39],
	green: [32, 39],
	yellow: [33, 39],
	blue: [34, 39],
	magenta: [35, 39],
	cyan: [36, 39],
	white: [37, 39],
	gray: [90, 39],
	grey: [90, 39],
};

function sgr(code: number): string {
	return `\u001B[${code}m`;
}

/** A line as text with SGR codes (colour off: plain text), trailing unstyled blanks dropped as Ink drops them. */
export function toAnsi(line: Line, color: boolean): string {
	const parts = [...line];
	while (parts.length > 0 && !styled(parts.at(-1)!, color) && parts.at(-1)!.text.trimEnd() === '') {
		parts.pop();
	}

	let text = '';
	for (const [i, part] of parts.entries()) {
		const codes = color && part.color !== undefined ? colorCodes[part.color] : undefined;
		const bold = color && part.bold === true;
		const body = i === parts.length - 1 && !styled(part, color) ? part.text.trimEnd() : part.text;
		text += (bold ? sgr(1) : '') + (codes ? sgr(codes[0]) : '') + body;
		text += (codes ? sgr(codes[1]) : '') + (bold ? sgr(22) : '');
	}

	return text;
}

function styled(part: Span, color: boolean): boolean {
	return color && (part.color !== undefined || part.bold === true);
}
