import type {Glyphs} from '../glyphs.js';
import {keyTable} from '../keys.js';
import {type Line, lineWidth, padEnd, plain, span, truncate} from '../lines.js';
import type {Theme} from '../theme.js';

export type HelpOverlayProps = {
	/** Cells the box may take. */
	readonly width: number;
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

/** Every key in the table, with what it does, in a box. */
export function helpOverlayLines({width, theme}: HelpOverlayProps): Line[] {
	const {glyphs} = theme;
	const {minus} = glyphs;
	const content: Line[] = [
		[span('Keys', undefined, theme.color)],
		...keyTable.map(binding => plain(glyphs.text(binding.label).padEnd(11) + glyphs.text(binding.description))),
		plain(''),
		[
			span(
				`Loss: ${glyphs.dLine} D loss ${minus}ln D(x) ${minus} ln(1 ${minus} D(G(z))), ${glyphs.gLine} G loss ${minus}ln D(G(z)).`,
				theme.muted,
			),
		],
		[span('Pace never changes the run: pause, step and reset are exact.', theme.muted)],
		[span('? or esc closes this help.', theme.muted)],
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
