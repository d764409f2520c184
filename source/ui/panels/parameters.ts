import type {Parameters} from '../../engine/model.js';
import {parameter} from '../format.js';
import type {Glyphs} from '../glyphs.js';
import {type Line, plain, span} from '../lines.js';
import type {Theme} from '../theme.js';

export type ParameterTableProps = {
	readonly parameters: Parameters;
	/** The previous frame's values: each value that moved since gets ↑ or ↓ (^ or v in ASCII). */
	readonly previous: Parameters;
	readonly theme: Theme;
};

function moved(now: number, before: number | undefined, glyphs: Glyphs): string {
	if (before === undefined || now === before) {
		return ' ';
	}

	return now > before ? glyphs.up : glyphs.down;
}

function row(label: string, values: readonly number[], previous: readonly number[], glyphs: Glyphs): Line {
	return plain(
		label.padEnd(14) + values.map((value, i) => ` ${parameter(value)}${moved(value, previous[i], glyphs)}`).join(''),
	);
}

/** Generator and discriminator parameters per pixel, and D's bias. */
export function parameterLines({parameters, previous, theme}: ParameterTableProps): Line[] {
	const {generator: g, discriminator: d} = parameters;
	const {glyphs} = theme;
	return [
		[
			span('Parameters', undefined, theme.color),
			span(`    ${['x11', 'x12', 'x21', 'x22'].map(name => name.padStart(10) + ' ').join('')}`, theme.muted),
		],
		row('G weights  w', g.weights, previous.generator.weights, glyphs),
		row('G biases   c', g.biases, previous.generator.biases, glyphs),
		row('D weights  v', d.weights, previous.discriminator.weights, glyphs),
		row('D bias     b', [d.bias], [previous.discriminator.bias], glyphs),
	];
}
