import type {Image} from '../../engine/model.js';
import {probability} from '../format.js';
import {captionLine, imageLines} from '../image.js';
import {type Line, besideEachOther, span, truncate} from '../lines.js';
import type {Theme} from '../theme.js';

type Sample = {readonly image: Image; readonly d: number; readonly z?: number};

export type SamplesProps = {
	readonly real: readonly Sample[];
	readonly fake: readonly Sample[];
	/** Cells the title may take. */
	readonly width: number;
	/** What the real images are called: the tutorial's faces (the default), or the images of another dataset. */
	readonly realName?: string;
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

function group(title: string, samples: readonly Sample[], theme: Theme): Line[] {
	return [
		[span(title, theme.muted)],
		...imageLines(
			samples.map(s => s.image),
			theme.glyphs,
		),
		captionLine(samples.map(s => probability(s.d))),
	];
}

/**
 * The real faces (a fair selection, with their count, when there are more than
 * fit) and G(z) for fixed z, each with D's probability that it is
 * real, under the image. Shades: ' ' ░ ▒ ▓ █ from 0 to 1 (dark = high), or
 * ' ' . + # @ in ASCII.
 */
export function samplesLines({real, fake, width, realName = 'real faces', theme}: SamplesProps): Line[] {
	const {shades, ellipsis} = theme.glyphs;
	const chosen = fairSelection(real.length);
	const shownReal = chosen.map(i => real[i]!);
	const realTitle = chosen.length === real.length ? realName : `${realName}, ${chosen.length} of ${real.length}`;
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
