import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {Parameters} from '../../../source/engine/model.js';
import {asciiGlyphs} from '../../../source/ui/glyphs.js';
import {ParameterTable} from './panels.js';
import {themeFor} from '../../../source/ui/theme.js';
import {linesOf, steppedView, trainedHistory} from './support.js';

const theme = themeFor(false);
const labels = ['G weights  w', 'G biases   c', 'D weights  v', 'D bias     b'] as const;

function table(parameters: Parameters, previous: Parameters, chosen = theme): string[] {
	const {lastFrame} = render(<ParameterTable parameters={parameters} previous={previous} theme={chosen} />);
	return linesOf(lastFrame());
}

/** The values of each row, in the table's order: G's w, G's c, D's v, D's b. */
function rowsOf(parameters: Parameters): number[][] {
	return [
		[...parameters.generator.weights],
		[...parameters.generator.biases],
		[...parameters.discriminator.weights],
		[parameters.discriminator.bias],
	];
}

/** A value to 6 decimals with its sign, as the table shows a value under 10. */
function sixDecimals(value: number): string {
	expect(Math.abs(value)).toBeLessThan(10);
	return `${value < 0 ? '-' : '+'}${Math.abs(value).toFixed(6)}`;
}

/** A row's cells after its label: each a value and its mark (↑, ↓ or nothing). */
function cellsOf(line: string): Array<{value: string; mark: string}> {
	return [...line.matchAll(/([+-]\d+\.\d+)([↑↓^v]?)/g)].map(match => ({value: match[1]!, mark: match[2]!}));
}

function withBumps(parameters: Parameters): Parameters {
	const [w0, w1, w2, w3] = parameters.generator.weights as [number, number, number, number];
	return {
		generator: {weights: [w0 - 0.25, w1 + 0.25, w2, w3], biases: parameters.generator.biases},
		discriminator: {weights: parameters.discriminator.weights, bias: parameters.discriminator.bias + 0.5},
	};
}

afterEach(() => {
	cleanup();
});

describe('ParameterTable', () => {
	it('has a title, the pixel names and the four rows, labelled', () => {
		const {trainer} = trainedHistory(50);
		const lines = table(trainer.parameters(), trainer.parameters());
		expect(lines).toHaveLength(5);
		expect(lines[0]).toMatch(/^Parameters\s+x11\s+x12\s+x21\s+x22$/);
		for (const [i, label] of labels.entries()) {
			expect(lines[i + 1]!.startsWith(label)).toBe(true);
		}
	});

	it('prints every value to 6 decimals, in its row and order', () => {
		const {trainer} = trainedHistory(50);
		const parameters = trainer.parameters();
		const lines = table(parameters, parameters);
		for (const [i, values] of rowsOf(parameters).entries()) {
			expect(cellsOf(lines[i + 1]!).map(cell => cell.value)).toEqual(values.map(value => sixDecimals(value)));
		}
	});

	it('marks a value that went up with ↑, one that went down with ↓, and an unchanged one with nothing', () => {
		const {trainer} = trainedHistory(50);
		const now = trainer.parameters();
		const before = withBumps(now);
		const lines = table(now, before);
		// G w: w0 rose (before was lower), w1 fell, w2 and w3 stayed
		expect(cellsOf(lines[1]!).map(cell => cell.mark)).toEqual(['↑', '↓', '', '']);
		// G c and D v did not move
		expect(cellsOf(lines[2]!).map(cell => cell.mark)).toEqual(['', '', '', '']);
		expect(cellsOf(lines[3]!).map(cell => cell.mark)).toEqual(['', '', '', '']);
		// D b fell
		expect(cellsOf(lines[4]!).map(cell => cell.mark)).toEqual(['↓']);
		expect(lines.join('\n').match(/[↑↓]/g)).toHaveLength(3);
	});

	it('marks nothing when the parameters are those of the previous frame', () => {
		const {trainer} = trainedHistory(50);
		const frame = table(trainer.parameters(), trainer.parameters()).join('\n');
		expect(frame).not.toMatch(/[↑↓]/);
	});

	it('marks the moves of one real training step', () => {
		const view = steppedView(10);
		const lines = table(view.parameters, view.previousParameters);
		const previous = rowsOf(view.previousParameters);
		let moved = 0;
		for (const [i, values] of rowsOf(view.parameters).entries()) {
			const expected = values.map((value, j) => {
				const before = previous[i]![j]!;
				return value > before ? '↑' : value < before ? '↓' : '';
			});
			moved += expected.filter(mark => mark !== '').length;
			expect(cellsOf(lines[i + 1]!).map(cell => cell.mark)).toEqual(expected);
		}

		// One epoch of SGD moves parameters: the check above is not all blanks
		expect(moved).toBeGreaterThan(0);
	});

	it('in ASCII marks up with ^ and down with v', () => {
		const {trainer} = trainedHistory(50);
		const now = trainer.parameters();
		const lines = table(now, withBumps(now), themeFor(false, asciiGlyphs));
		expect(cellsOf(lines[1]!).map(cell => cell.mark)).toEqual(['^', 'v', '', '']);
		expect(cellsOf(lines[4]!).map(cell => cell.mark)).toEqual(['v']);
		expect(lines.join('\n')).not.toMatch(/[↑↓]/);
	});
});
