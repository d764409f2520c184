import type {Update, UpdateStep} from '../../engine/updates.js';
import {parameter} from '../format.js';
import type {Glyphs} from '../glyphs.js';
import {type Line, lineText, plain, span, truncate} from '../lines.js';
import type {Theme} from '../theme.js';
import {imageLines} from '../image.js';

export type UpdateProps = {
	readonly update: Update;
	/** Images in the dataset, for "image 3 of 5". */
	readonly images: number;
	readonly width: number;
	readonly theme: Theme;
};

/** The lines the panel takes: a title, three about the images and the loss, a heading, one per parameter (8 at most). */
export const updateRows = 13;

const what: Record<UpdateStep, string> = {
	'd-real': 'd-real: D learns that x is real',
	'd-fake': 'd-fake: D learns that g is fake',
	g: 'g: G learns to make D call g real',
};

/** A parameter changed by the update: its name, the gradient, the tutorial's formula for it, before and after. */
type Row = {
	readonly name: string;
	readonly formula: string;
	readonly gradient: number;
	readonly before: number;
	readonly after: number;
};

/** Symbols as each glyph set writes them: subscripts, minus, product. */
function notation(glyphs: Glyphs): {sub: (i: number) => string; minus: string; times: string; one: string} {
	return glyphs.ascii
		? {sub: i => String(i), minus: '-', times: '*', one: '1-'}
		: {sub: i => '₀₁₂₃₄'[i]!, minus: '−', times: '·', one: '1−'};
}

function rows(update: Update, glyphs: Glyphs): Row[] {
	const {sub, minus, times, one} = notation(glyphs);
	const {gradient, before, after} = update;
	const index = [1, 2, 3, 4];
	if ('discriminator' in gradient) {
		const d = gradient.discriminator;
		// ∂(−ln p)/∂vᵢ = −(1−p)·xᵢ, ∂/∂b = −(1−p);  ∂(−ln(1−q))/∂vᵢ = q·gᵢ, ∂/∂b = q
		const real = update.step === 'd-real';
		const weight = (i: number): string => (real ? `${minus}(${one}p)${times}x${sub(i)}` : `q${times}g${sub(i)}`);
		return [
			...index.map(i => ({
				name: `v${sub(i)}`,
				formula: weight(i),
				gradient: d.weights[i - 1]!,
				before: before.discriminator.weights[i - 1]!,
				after: after.discriminator.weights[i - 1]!,
			})),
			{
				name: 'b',
				formula: real ? `${minus}(${one}p)` : 'q',
				gradient: d.bias,
				before: before.discriminator.bias,
				after: after.discriminator.bias,
			},
		];
	}

	// ∂/∂wᵢ = −fᵢ·z, ∂/∂cᵢ = −fᵢ
	const g = gradient.generator;
	return [
		...index.map(i => ({
			name: `w${sub(i)}`,
			formula: `${minus}f${sub(i)}${times}z`,
			gradient: g.weights[i - 1]!,
			before: before.generator.weights[i - 1]!,
			after: after.generator.weights[i - 1]!,
		})),
		...index.map(i => ({
			name: `c${sub(i)}`,
			formula: `${minus}f${sub(i)}`,
			gradient: g.biases[i - 1]!,
			before: before.generator.biases[i - 1]!,
			after: after.generator.biases[i - 1]!,
		})),
	];
}

/** D's output and the loss the step minimises, named as the tutorial names them. */
function lossText(update: Update, glyphs: Glyphs): string {
	const {minus, one} = notation(glyphs);
	const value = (x: number): string => (Number.isFinite(x) ? x.toFixed(4) : String(x));
	switch (update.step) {
		case 'd-real': {
			return `p = D(x) = ${value(update.output)}   D's loss ${minus}ln p = ${value(update.loss)}`;
		}

		case 'd-fake': {
			return `q = D(g) = ${value(update.output)}   D's loss ${minus}ln(${one}q) = ${value(update.loss)}`;
		}

		case 'g': {
			const loss = update.generatorLoss === 'minimax' ? `ln(${one}y)` : `${minus}ln y`;
			return `y = D(g) = ${value(update.output)}   G's loss ${loss} = ${value(update.loss)}`;
		}
	}
}

/** What the third line says: G's factor fᵢ, or which net is left as it is. */
function factorText(update: Update, glyphs: Glyphs): string {
	const {times, one} = notation(glyphs);
	if (update.step !== 'g') {
		return 'G is left as it is';
	}

	const k = update.generatorLoss === 'minimax' ? 'y' : `(${one}y)`;
	const i = glyphs.ascii ? 'i' : 'ᵢ';
	return `f${i} = ${k}${times}v${i}${times}g${i}${times}(${one}g${i})`;
}

/**
 * One SGD update, as the learner steps through an epoch with `u`: which
 * image and z, D's output, the loss being minimised, and for every parameter
 * the update changes its gradient beside the tutorial's formula for it, and
 * its value before → after (after = before − η·gradient).
 */
export function updateLines({update, images, width, theme}: UpdateProps): Line[] {
	const {glyphs} = theme;
	const {minus, times} = notation(glyphs);
	const arrow = glyphs.ascii ? '->' : '→';
	const eta = glyphs.ascii ? 'lr' : 'η';
	const fit = (line: Line): Line => truncate(line, width, glyphs.ellipsis);
	// The sample's real image x, and g = G(z) as the update found it
	const [top, bottom] = imageLines([update.real, update.fake], glyphs).map(lineText);
	const title: Line = [
		span(`Update ${update.index} of ${update.count}`, undefined, theme.color),
		span(`, epoch ${update.epoch} ${glyphs.separator} image ${update.sample + 1} of ${images}`),
		span(` ${glyphs.separator} ${glyphs.text(what[update.step])}`, theme.muted),
	];
	const heading = `${'gradient'.padStart(13)}   ${'formula'.padEnd(12)}${'before'.padStart(9)}     ${'after'.padStart(6)}`;
	return [
		fit(title),
		fit(
			plain(
				` x      g = G(z)   z = ${update.z.toFixed(6)}   after = before ${minus} ${eta}${times}gradient, ${eta} = ${update.lr}`,
			),
		),
		fit(plain(` ${top}    ${lossText(update, glyphs)}`)),
		fit(plain(` ${bottom}    ${factorText(update, glyphs)}`)),
		fit([span(heading, theme.muted)]),
		// Each parameter's name in its net's colour (D's or G's, as the loss chart has them)
		...rows(update, glyphs).map(row =>
			fit([
				span(` ${row.name.padEnd(3)}`, update.step === 'g' ? theme.g : theme.d),
				span(
					`${parameter(row.gradient)} = ${row.formula.padEnd(12)}${parameter(row.before)} ${arrow} ${parameter(row.after)}`,
				),
			]),
		),
	];
}
