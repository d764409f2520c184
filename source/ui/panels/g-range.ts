import type {Image} from '../../engine/model.js';
import {probability} from '../format.js';
import {captionLine, imageLines} from '../image.js';
import {type Line, span} from '../lines.js';
import type {Theme} from '../theme.js';

export type GRangeProps = {
	/** G(z) for z from 0 to 1, in order, each with D's probability that it is real. */
	readonly range: ReadonlyArray<{readonly z: number; readonly image: Image; readonly d: number}>;
	readonly theme: Theme;
};

/** A z in at most 4 characters, as short as it goes: "0", ".2", ".125", "1". */
function zLabel(z: number): string {
	return String(Number(z.toFixed(3))).replace(/^0\./, '.');
}

/**
 * What G can make: G(z) along z from 0 to 1, drawn as the samples are, with
 * z and D(G(z)) under each. Images that stay alike along the strip are G
 * making one face whatever z is: mode collapse.
 */
export function gRangeLines({range, theme}: GRangeProps): Line[] {
	return [
		[span('G(z) for z from 0 to 1', undefined, theme.color), span('; under each: z, D(G(z))', theme.muted)],
		...imageLines(
			range.map(sample => sample.image),
			theme.glyphs,
		),
		captionLine(range.map(sample => zLabel(sample.z))),
		captionLine(range.map(sample => probability(sample.d))),
	];
}
