import type {Image} from '../../engine/model.js';
import {probability, shade} from '../format.js';
import type {Glyphs} from '../glyphs.js';
import {type Line, besideEachOther, plain, span, truncate} from '../lines.js';
import type {Theme} from '../theme.js';

type Sample = {readonly image: Image; readonly d: number; readonly z?: number};

export type SamplesProps = {
	readonly real: readonly Sample[];
	readonly fake: readonly Sample[];
	/** Cells the title may take. */
	readonly width: number;
	readonly theme: Theme;
};

/** The most real images drawn: with the 4 generated ones, 71 cells, within the smallest frame's 76. */
export const maxRealShown = 6;

/**
 * Which of `count` images to draw when at most `shown` fit: evenly spaced,
 * the first and the last included; all of them when they fit.
 */
export function fairSelection(count: number, shown: number = maxRealShown): number[] {
	if (count <= shown) {
		return Array.from({length: count}, (_, i) => i);
	}

	return Array.from({length: shown}, (_, i) => Math.round((i * (count - 1)) / (shown - 1)));
}

/** Blank cells after each group of images. */
const groupGap = 3;

/** One row of a 2×2 image: two pixels, each two cells wide, between thin edges. */
export function imageRow(image: Image, row: 0 | 1, glyphs: Glyphs): string {
	const a = shade(image[row * 2]!, glyphs.shades);
	const b = shade(image[row * 2 + 1]!, glyphs.shades);
	return `${glyphs.imageLeft}${a}${a}${b}${b}${glyphs.imageRight}`;
}

function group(title: string, samples: readonly Sample[], theme: Theme): Line[] {
	const line = (f: (s: Sample) => string): Line => plain(samples.map(f).join(' '));
	return [
		[span(title, theme.muted)],
		line(s => imageRow(s.image, 0, theme.glyphs)),
		line(s => imageRow(s.image, 1, theme.glyphs)),
		line(s => ` ${probability(s.d)} `),
	];
}

/**
 * The real faces (a fair selection, with their count, when there are more than
 * fit) and G(z) for fixed z, each with D's probability that it is
 * real, under the image. Shades: ' ' ░ ▒ ▓ █ from 0 to 1 (dark = high), or
 * ' ' . + # @ in ASCII.
 */
export function samplesLines({real, fake, width, theme}: SamplesProps): Line[] {
	const {shades, ellipsis} = theme.glyphs;
	const chosen = fairSelection(real.length);
	const shownReal = chosen.map(i => real[i]!);
	const realTitle = chosen.length === real.length ? 'real faces' : `real faces, ${chosen.length} of ${real.length}`;
	const zs = fake.map(s => (s.z ?? 0).toFixed(3).replace(/^0/, '')).join(' ');
	const title: Line = [
		span('Samples', undefined, theme.color),
		span(` ${shades.slice(1).join('')} = pixel 0${ellipsis}1 (dark = high); under each: D(x) = P(real)`, theme.muted),
	];
	return [
		truncate(title, width, ellipsis),
		...besideEachOther([group(realTitle, shownReal, theme), group(`G(z), z = ${zs}`, fake, theme)], groupGap),
	];
}
