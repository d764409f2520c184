import type {Parameters} from '../../engine/model.js';
import {type Line, span} from '../lines.js';
import type {Theme} from '../theme.js';

export type DLooksForProps = {
	readonly discriminator: Parameters['discriminator'];
	readonly theme: Theme;
};

/** Cells of one weight's cell in the grid. */
const cellWidth = 8;

/** A weight in 6 characters or fewer, signed: "+0.750", "-12.35", "+1e+6"; "?" when not finite. */
export function signedWeight(x: number): string {
	if (!Number.isFinite(x)) {
		return '?';
	}

	const sign = x < 0 ? '-' : '+';
	const a = Math.abs(x);
	for (let digits = 3; digits >= 0; digits--) {
		const text = sign + a.toFixed(digits);
		if (text.length <= 6) {
			return text;
		}
	}

	return sign + a.toExponential(0);
}

/** `text` in the middle of `width` cells (a cell more on the right when it cannot be exact). */
function centred(text: string, width: number): string {
	const left = Math.max(0, Math.floor((width - [...text].length) / 2));
	return (' '.repeat(left) + text).padEnd(width);
}

/**
 * A weight as a cell of ink: its sign's glyph (positive or negative), as
 * many as its share of `scale` (at least one unless it is 0), centred.
 */
function fill(x: number, scale: number, theme: Theme): Line {
	const {positive, negative} = theme.glyphs;
	if (!Number.isFinite(x)) {
		return [span(centred('?', cellWidth))];
	}

	const count = x === 0 ? 0 : Math.max(1, Math.min(cellWidth, Math.round((Math.abs(x) / scale) * cellWidth)));
	const left = Math.floor((cellWidth - count) / 2);
	return [
		span(' '.repeat(left)),
		span((x > 0 ? positive : negative).repeat(count), x > 0 ? theme.positive : theme.negative),
		span(' '.repeat(cellWidth - count - left)),
	];
}

/**
 * D's weights v as a signed 2×2 picture, row-major like the images, each
 * cell filled by its sign's glyph in proportion to its size (relative to the
 * largest of |v| and |b|) over its value; then the bias b the same way, and
 * the rule they make: D says real when v·x + b > 0, so a dark pixel (x near
 * 1) where v > 0 pushes toward real, where v < 0 toward fake.
 */
export function dLooksForLines({discriminator, theme}: DLooksForProps): Line[] {
	const {weights: v, bias: b} = discriminator;
	const {glyphs} = theme;
	const scale = Math.max(...[...v, b].filter(x => Number.isFinite(x)).map(x => Math.abs(x)), Number.MIN_VALUE);
	const left = span(glyphs.imageLeft);
	const right = span(glyphs.imageRight);
	const gridRows = ([0, 1] as const).flatMap((row): Line[] => {
		const a = v[row * 2]!;
		const c = v[row * 2 + 1]!;
		return [
			[left, ...fill(a, scale, theme), span(' '), ...fill(c, scale, theme), right],
			[left, span(`${centred(signedWeight(a), cellWidth)} ${centred(signedWeight(c), cellWidth)}`), right],
		];
	});
	const arrow = glyphs.text('→');
	return [
		[span('What D looks for', undefined, theme.color)],
		...gridRows,
		[span(' '), ...fill(b, scale, theme), span(`  b ${signedWeight(b)}`)],
		[span(`real when v${glyphs.dot}x + b > 0`, theme.muted)],
		[span(glyphs.positive, theme.positive), span(` v > 0: dark here ${arrow} real`, theme.muted)],
		[span(glyphs.negative, theme.negative), span(` v < 0: dark here ${arrow} fake`, theme.muted)],
	];
}
