import type {Glyphs} from '../glyphs.js';
import {keyTable} from '../keys.js';
import {type Line, lineWidth, padEnd, plain, span, truncate} from '../lines.js';
import type {Theme} from '../theme.js';

export type HelpOverlayProps = {
	/** Cells the box may take. */
	readonly width: number;
	/** Rows the box may take: the keys go in two columns when one does not fit, and notes only where there is room. */
	readonly height?: number;
	readonly theme: Theme;
};

/** Box corners and sides: round (as Ink's "round" border) or ASCII (Ink's "classic"). */
const borders: Record<
	Glyphs['border'],
	Record<'topLeft' | 'topRight' | 'bottomLeft' | 'bottomRight' | 'h' | 'v', string>
> = {
	round: {topLeft: '╭', topRight: '╮', bottomLeft: '╰', bottomRight: '╯', h: '─', v: '│'},
	classic: {topLeft: '+', topRight: '+', bottomLeft: '+', bottomRight: '+', h: '-', v: '|'},
};

/** Cells a key's label takes, with the gap after it. */
const labelCells = Math.max(...keyTable.map(binding => binding.label.length)) + 1;
/** Blank cells between the two columns of keys. */
const columnGap = 2;

/** Every key in the table, with what it does, in a box; then notes, as many as fit. */
export function helpOverlayLines({width, height = Number.POSITIVE_INFINITY, theme}: HelpOverlayProps): Line[] {
	const {glyphs} = theme;
	const {minus} = glyphs;
	const entries = keyTable.map(
		binding => glyphs.text(binding.label).padEnd(labelCells) + glyphs.text(binding.description),
	);
	// Borders and the title take 3 rows
	const oneColumn = entries.length + 3 <= height;
	const half = Math.ceil(entries.length / 2);
	const columnWidth = Math.max(...entries.map(entry => [...entry].length));
	const keys = oneColumn
		? entries.map(entry => plain(entry))
		: entries
				.slice(0, half)
				.map((entry, i) => plain(entry.padEnd(columnWidth + columnGap) + (entries[half + i] ?? '')));
	const notes: Line[] = [
		plain(''),
		[span(`Rewind: each of the last 1,000 epochs, older ones every 1% of the run.`, theme.muted)],
		[span(`Space there goes on from that epoch: what came after it is dropped.`, theme.muted)],
		[span(`[ ] l t apply from the next epoch and join the run's schedule.`, theme.muted)],
		[span('u: one SGD update; 3 per image (D on it, D on G(z), G) make an epoch.', theme.muted)],
		[span(`w saves to --save FILE, or to tinygan-SEED-EPOCH.json here.`, theme.muted)],
		[
			span(
				`Loss: ${glyphs.dLine} D loss ${minus}ln D(x) ${minus} ln(1 ${minus} D(G(z))), ${glyphs.gLine} G loss ${minus}ln D(G(z)).`,
				theme.muted,
			),
		],
		[span('Pace never changes the run: pause, step and reset are exact.', theme.muted)],
		[span('? or esc closes this help.', theme.muted)],
	];
	const room = Math.max(0, height - 3 - keys.length);
	const content: Line[] = [
		[span('Keys', undefined, theme.color)],
		...keys,
		// Notes only whole, and the blank before them only with a note after it
		...(room >= 2 ? notes.slice(0, room) : []),
	];
	// Border and one cell of padding on each side
	const inner = Math.min(Math.max(...content.map(line => lineWidth(line))), width - 4);
	const border = borders[glyphs.border];
	return [
		plain(border.topLeft + border.h.repeat(inner + 2) + border.topRight),
		...content.map(line => [
			span(`${border.v} `),
			...padEnd(truncate(line, inner, glyphs.ellipsis), inner),
			span(` ${border.v}`),
		]),
		plain(border.bottomLeft + border.h.repeat(inner + 2) + border.bottomRight),
	];
}
