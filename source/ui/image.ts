/**
 * 2×2 images as the panels draw them: each pixel two cells wide in its
 * shade (dark = high), between thin edges, so an image takes 6 cells and
 * two rows. The samples panel and G's range draw with these.
 */
import type {Image} from '../engine/model.js';
import {shade} from './format.js';
import type {Glyphs} from './glyphs.js';
import {type Line, plain} from './lines.js';

/** Cells one image takes, edges included. */
export const imageWidth = 6;

/** One row of a 2×2 image: two pixels, each two cells wide, between thin edges. */
function imageRow(image: Image, row: 0 | 1, glyphs: Glyphs): string {
	const a = shade(image[row * 2]!, glyphs.shades);
	const b = shade(image[row * 2 + 1]!, glyphs.shades);
	return `${glyphs.imageLeft}${a}${a}${b}${b}${glyphs.imageRight}`;
}

/** Images side by side, one blank cell apart: the top row of pixels, then the bottom row. */
export function imageLines(images: readonly Image[], glyphs: Glyphs): [Line, Line] {
	const row = (r: 0 | 1): Line => plain(images.map(image => imageRow(image, r, glyphs)).join(' '));
	return [row(0), row(1)];
}

/** A caption under each image of `imageLines`: each centred in the image's cells. */
export function captionLine(captions: readonly string[]): Line {
	return plain(
		captions
			.map(caption => {
				const left = Math.max(0, Math.floor((imageWidth - [...caption].length) / 2));
				return (' '.repeat(left) + caption).padEnd(imageWidth);
			})
			.join(' '),
	);
}
