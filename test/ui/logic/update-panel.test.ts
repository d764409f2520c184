/**
 * The update panel (`u`): what it says of each kind of update, the tutorial's
 * formula beside each gradient, ASCII when asked, and the frame it goes in at
 * 76×20, 80×24 and 120×40.
 */
import {describe, expect, it} from 'vitest';
import {Trainer, defaultConfig} from '../../../source/engine/trainer.js';
import type {Update} from '../../../source/engine/updates.js';
import {Session} from '../../../source/run/session.js';
import {parameter} from '../../../source/ui/format.js';
import {frameLines} from '../../../source/ui/frame.js';
import {asciiGlyphs} from '../../../source/ui/glyphs.js';
import {lineText, lineWidth} from '../../../source/ui/lines.js';
import {updateLines, updateRows} from '../../../source/ui/panels/update.js';
import {themeFor} from '../../../source/ui/theme.js';
import {FakeClock} from '../../helpers/fake-clock.js';
import {notPrintableAscii, sessionOptions} from '../components/support.js';

const theme = themeFor(false);
const ascii = themeFor(false, asciiGlyphs);

/** The first epoch's updates of seed 42, after 100 epochs, with G's loss as given. */
function updates(loss: 'nonsaturating' | 'minimax' = 'nonsaturating'): Update[] {
	const trainer = new Trainer({seed: 42, ...defaultConfig});
	trainer.run(100);
	trainer.configure({lr: 0.01, loss, train: 'both'});
	const epoch = trainer.updates();
	return Array.from({length: epoch.count}, () => epoch.next()!);
}

function text(update: Update, chosen = theme, width = 79): string[] {
	return updateLines({update, images: 5, width, theme: chosen}).map(lineText);
}

/** The line of a parameter: its name, then its gradient. */
function rowOf(lines: readonly string[], name: string): string {
	const row = lines.find(line => line.startsWith(` ${name} `));
	expect(row, name).toBeDefined();
	return row!;
}

describe('the update panel', () => {
	const [dReal, dFake, g] = updates();

	it('d-real: the image, D(x), −ln p, and for v₁…v₄ and b the gradient = −(1−p)·xᵢ with before → after', () => {
		const lines = text(dReal!);
		expect(lines[0]).toBe('Update 1 of 15, epoch 101 · image 1 of 5 · d-real: D learns that x is real');
		expect(lines.join('\n')).toContain(
			`p = D(x) = ${dReal!.output.toFixed(4)}   D's loss −ln p = ${dReal!.loss.toFixed(4)}`,
		);
		expect(lines.join('\n')).toContain(`z = ${dReal!.z.toFixed(6)}`);
		const {gradient, before, after} = dReal!;
		if (!('discriminator' in gradient)) {
			throw new Error('a d-real update changes D');
		}

		for (const i of [1, 2, 3, 4]) {
			const sub = '₀₁₂₃₄'[i]!;
			expect(rowOf(lines, `v${sub}`)).toBe(
				` v${sub} ${parameter(gradient.discriminator.weights[i - 1]!)} = ${`−(1−p)·x${sub}`.padEnd(12)}` +
					`${parameter(before.discriminator.weights[i - 1]!)} → ${parameter(after.discriminator.weights[i - 1]!)}`,
			);
		}

		expect(rowOf(lines, 'b ')).toContain(`${parameter(gradient.discriminator.bias)} = −(1−p)`);
		expect(lines.some(line => /^ [wc][₁₂₃₄] /.test(line))).toBe(false);
	});

	it('d-fake: D(g) as q, −ln(1−q), and the gradient q·gᵢ', () => {
		const lines = text(dFake!);
		expect(lines.join('\n')).toContain(`q = D(g) = ${dFake!.output.toFixed(4)}   D's loss −ln(1−q)`);
		expect(rowOf(lines, 'v₃')).toContain('= q·g₃');
		expect(rowOf(lines, 'b ')).toMatch(/= q +[+-]/);
	});

	it('g: G’s factor fᵢ, −ln y, and w₁…w₄, c₁…c₄ with −fᵢ·z and −fᵢ; minimax says ln(1−y) and y·vᵢ…', () => {
		const lines = text(g!);
		expect(lines.join('\n')).toContain('fᵢ = (1−y)·vᵢ·gᵢ·(1−gᵢ)');
		expect(lines.join('\n')).toContain(`G's loss −ln y = ${g!.loss.toFixed(4)}`);
		expect(rowOf(lines, 'w₂')).toContain('= −f₂·z');
		expect(rowOf(lines, 'c₄')).toContain('= −f₄ ');
		expect(lines.filter(line => /^ [wc][₁₂₃₄] /.test(line))).toHaveLength(8);
		expect(lines).toHaveLength(updateRows);

		const minimax = text(updates('minimax')[2]!).join('\n');
		expect(minimax).toContain('fᵢ = y·vᵢ·gᵢ·(1−gᵢ)');
		expect(minimax).toContain("G's loss ln(1−y) = ");
	});

	it('in ASCII, only printable ASCII, the same formulas spelled out', () => {
		for (const update of [dReal!, dFake!, g!]) {
			const lines = text(update, ascii);
			for (const line of lines) {
				expect(notPrintableAscii(line), line).toEqual([]);
			}
		}

		expect(text(dReal!, ascii).join('\n')).toContain('= -(1-p)*x1');
		expect(text(g!, ascii).join('\n')).toContain('fi = (1-y)*vi*gi*(1-gi)');
	});

	it('fits the smallest frame’s width, 75 cells', () => {
		for (const update of updates()) {
			for (const line of updateLines({update, images: 5, width: 75, theme})) {
				expect(lineWidth(line)).toBeLessThanOrEqual(75);
			}
		}
	});
});

describe('a frame with an update on show', () => {
	const session = new Session(sessionOptions, new FakeClock());
	for (let i = 0; i < 30; i++) {
		session.dispatch({type: 'step'});
	}

	session.dispatch({type: 'update'});
	session.dispatch({type: 'update'});
	session.dispatch({type: 'update'});
	const view = session.getView();

	it.each([
		[76, 20, false, false],
		[80, 24, true, false],
		[120, 40, true, true],
	])('at %d×%d: the update in the chart’s place, fitting; samples %s, chart %s', (columns, rows, samples, chart) => {
		const lines = frameLines({view, helpOpen: false, columns, rows, interactive: true, theme}).map(lineText);
		expect(lines).toHaveLength(rows - 1);
		for (const line of lines) {
			expect([...line].length).toBeLessThan(columns);
		}

		expect(lines.some(line => line.startsWith('Update 3 of 15, epoch 31'))).toBe(true);
		expect(lines.some(line => line.startsWith('Samples'))).toBe(samples);
		expect(lines.some(line => line.startsWith('Loss'))).toBe(chart);
		// The help bar stays on the last line
		expect(lines.at(-1)).toContain('q quit');
	});

	it('with the views chosen (`v`), they stay below the update where they fit, else the samples do', () => {
		const at = (rows: number) =>
			frameLines({view, helpOpen: false, lower: 'views', columns: 80, rows, interactive: true, theme}).map(lineText);
		const tall = at(30);
		expect(tall.some(line => line.startsWith('What D looks for'))).toBe(true);
		expect(tall.some(line => line.startsWith('Samples'))).toBe(false);
		const short = at(24);
		expect(short.some(line => line.startsWith('What D looks for'))).toBe(false);
		expect(short.some(line => line.startsWith('Samples'))).toBe(true);
	});
});
