import {describe, expect, it} from 'vitest';
import {Rng} from '../../../source/engine/rng.js';
import {type ChartRow, axisLabel, chartRows, labelWidth} from '../../../source/ui/chart.js';

const singleLine = new Set(['─', '│', '╭', '╮', '╰', '╯']);
const doubleLine = new Set(['═', '║', '╔', '╗', '╚', '╝']);
/** Label, a space and the axis tick. */
const axisColumns = labelWidth + 2;

const rowText = (row: ChartRow): string => row.map(run => run.text).join('');
const visibleWidth = (text: string): number => [...text].length;

/** Each row as one entry per character cell, with the series of the run it came from. */
function cells(row: ChartRow): Array<{char: string; series: string}> {
	return row.flatMap(run => [...run.text].map(char => ({char, series: run.series})));
}

const datasets: Record<string, {d: number[]; g: number[]}> = {
	empty: {d: [], g: []},
	'single point': {d: [0.7], g: [1.3]},
	'single D point only': {d: [0.7], g: []},
	'G only': {d: [], g: [2, 1, 3, 0.5]},
	flat: {d: [0.5, 0.5, 0.5, 0.5], g: [0.5, 0.5, 0.5, 0.5]},
	'flat at zero': {d: [0, 0, 0], g: [0, 0, 0]},
	'with NaN and infinities': {
		d: [1, Number.NaN, 2, Number.POSITIVE_INFINITY, 1.5],
		g: [Number.NEGATIVE_INFINITY, 0.3, Number.NaN, 0.7],
	},
	'only NaN': {d: [Number.NaN, Number.NaN], g: [Number.NaN]},
	'huge range': {d: [1e-9, 1e-3, 1, 1e3, 1e9, 5e8], g: [1e9, 1e-9, 1e6, 2e-9]},
	negative: {d: [-5, -3, -10, -1, -7.5], g: [-0.5, -2, -0.25, -9]},
	'long series': {
		d: Array.from({length: 5000}, (_, i) => 1.4 - Math.exp(-i / 500)),
		g: Array.from({length: 5000}, (_, i) => 0.7 + Math.sin(i / 100) * 0.1),
	},
};

const widths = [10, 20, 40, 80, 120];

describe('chartRows', () => {
	for (const [name, {d, g}] of Object.entries(datasets)) {
		it(`${name}: exactly \`height\` rows for heights 1…20, never throws`, () => {
			for (let height = 1; height <= 20; height++) {
				for (const width of widths) {
					let rows: ChartRow[] = [];
					expect(() => {
						rows = chartRows(d, g, width, height);
					}).not.toThrow();
					expect(rows.length, `width ${width}, height ${height}`).toBe(height);
					for (const row of rows) {
						expect(rowText(row)).not.toContain('\u001B');
						expect(rowText(row)).not.toContain('NaN');
						expect(rowText(row)).not.toContain('Infinity');
					}
				}
			}
		});

		if (name !== 'empty' && name !== 'only NaN') {
			it(`${name}: every row fits the width`, () => {
				for (let height = 1; height <= 20; height++) {
					for (const width of widths) {
						for (const row of chartRows(d, g, width, height)) {
							expect(
								visibleWidth(rowText(row)),
								`width ${width}, height ${height}: ${rowText(row)}`,
							).toBeLessThanOrEqual(width);
						}
					}
				}
			});
		}
	}

	it('the waiting chart (no finite point yet) fits the width too', () => {
		for (const width of widths) {
			for (const row of chartRows([], [], width, 5)) {
				expect(visibleWidth(rowText(row)), `width ${width}: "${rowText(row)}"`).toBeLessThanOrEqual(width);
			}
		}
	});

	it('the waiting chart says so on one row', () => {
		const rows = chartRows([], [], 80, 7).map(rowText);
		expect(rows.filter(row => row.includes('waiting'))).toHaveLength(1);
	});

	it('exactly `height` rows for two-point series of round values', () => {
		const wrong: string[] = [];
		for (let i = 1; i <= 30; i++) {
			for (let j = i + 1; j <= 30; j++) {
				for (let height = 1; height <= 20; height++) {
					const rows = chartRows([i / 100, j / 100], [], 40, height);
					if (rows.length !== height) {
						wrong.push(`chartRows([${i / 100}, ${j / 100}], [], 40, ${height}) has ${rows.length} rows`);
					}
				}
			}
		}

		expect(wrong.length, wrong.slice(0, 8).join('\n')).toBe(0);
	});

	it('exactly `height` rows for random loss-like series', () => {
		const rng = Rng.seeded(2024);
		for (let trial = 0; trial < 2000; trial++) {
			const length = 1 + Math.floor(rng.uniform() * 300);
			const scale = 10 ** (rng.uniform() * 4 - 2);
			const d = Array.from({length}, () => rng.uniform() * scale);
			const g = Array.from({length}, () => rng.uniform() * scale * 2);
			const height = 1 + Math.floor(rng.uniform() * 20);
			const width = 10 + Math.floor(rng.uniform() * 150);
			const rows = chartRows(d, g, width, height);
			expect(rows.length).toBe(height);
			for (const row of rows) {
				expect(visibleWidth(rowText(row))).toBeLessThanOrEqual(width);
			}
		}
	});

	it('treats a non-positive height as one row', () => {
		expect(chartRows([1, 2], [2, 1], 40, 0)).toHaveLength(1);
		expect(chartRows([], [], 40, -3)).toHaveLength(1);
	});

	it('D cells use only single-line glyphs and G cells only double-line ones', () => {
		const rng = Rng.seeded(11);
		let dCells = 0;
		let gCells = 0;
		for (let trial = 0; trial < 200; trial++) {
			const length = 2 + Math.floor(rng.uniform() * 100);
			const d = Array.from({length}, () => rng.uniform() * 2);
			const g = Array.from({length}, () => rng.uniform() * 3);
			for (const row of chartRows(d, g, 60, 2 + (trial % 15))) {
				for (const cell of cells(row)) {
					if (cell.series === 'd') {
						dCells++;
						expect(singleLine.has(cell.char), `D cell "${cell.char}"`).toBe(true);
					} else if (cell.series === 'g') {
						gCells++;
						expect(doubleLine.has(cell.char), `G cell "${cell.char}"`).toBe(true);
					} else {
						expect(cell.series).toBe('axis');
						expect(singleLine.has(cell.char) || doubleLine.has(cell.char), `axis cell "${cell.char}"`).toBe(false);
					}
				}
			}
		}

		expect(dCells).toBeGreaterThan(0);
		expect(gCells).toBeGreaterThan(0);
	});

	it('each curve is drawn in every column it spans (D on top of G)', () => {
		const d = [0.1, 0.9, 0.4, 0.4, 0.8, 0.2, 0.6];
		const g = [0.5, 0.5, 0.5, 1, 0.1, 0.3, 0.3];
		const grid = chartRows(d, g, 40, 10).map(row => cells(row));
		for (let x = 0; x < d.length - 1; x++) {
			const column = grid.map(row => row[axisColumns + x]);
			expect(
				column.some(cell => cell?.series === 'd'),
				`D in column ${x}`,
			).toBe(true);
			expect(
				column.some(cell => cell?.series === 'g' || cell?.series === 'd'),
				`G in column ${x}`,
			).toBe(true);
		}

		// Where the curves do not meet, G shows on its own
		expect(grid.flat().some(cell => cell.series === 'g')).toBe(true);
	});

	it('a series alone is drawn in its own glyphs', () => {
		const onlyG = chartRows([], [1, 2, 3, 2, 1], 40, 6).flatMap(row => cells(row));
		expect(onlyG.some(cell => cell.series === 'g')).toBe(true);
		expect(onlyG.some(cell => cell.series === 'd')).toBe(false);
		const onlyD = chartRows([1, 2, 3, 2, 1], [Number.NaN], 40, 6).flatMap(row => cells(row));
		expect(onlyD.some(cell => cell.series === 'd')).toBe(true);
		expect(onlyD.some(cell => cell.series === 'g')).toBe(false);
	});

	it('labels the top row with the maximum and the bottom row with the minimum', () => {
		const d = [0.693, 1.2, 0.4, 0.9];
		const g = [2.5, 0.31, 1.1];
		const rows = chartRows(d, g, 60, 8).map(rowText);
		expect(rows[0]!.slice(0, labelWidth)).toBe(axisLabel(2.5));
		expect(rows.at(-1)!.slice(0, labelWidth)).toBe(axisLabel(0.31));
		const labels = rows.map(row => Number(row.slice(0, labelWidth)));
		for (let i = 1; i < labels.length; i++) {
			expect(labels[i]!).toBeLessThanOrEqual(labels[i - 1]!);
		}
	});

	it('runs of the same series are merged', () => {
		for (const row of chartRows([1, 3, 2, 5, 4], [2, 2, 4, 1, 3], 50, 9)) {
			for (let i = 1; i < row.length; i++) {
				expect(row[i]!.series).not.toBe(row[i - 1]!.series);
			}
		}
	});
});

describe('axisLabel', () => {
	const values = [
		0,
		-0,
		1e-12,
		-1e-12,
		0.0004,
		0.0005,
		0.693147,
		1,
		-1,
		9.9994,
		9.9996,
		-9.9996,
		10,
		42.4242,
		99.994,
		99.996,
		-99.996,
		123.456,
		999.94,
		999.96,
		-999.96,
		1000,
		99_999,
		-5,
		-12_345,
		1e6,
		-1e6,
		1e9,
		-1e9,
		1e10,
		-1e10,
		1e99,
		1e100,
		-1e100,
		1e300,
		-1e300,
		Number.MAX_VALUE,
		Number.MIN_VALUE,
	];

	it('is exactly labelWidth characters for any value', () => {
		const rng = Rng.seeded(3);
		const random = Array.from({length: 2000}, () => (rng.uniform() < 0.5 ? -1 : 1) * 10 ** (rng.uniform() * 40 - 20));
		for (const value of [...values, ...random]) {
			expect(axisLabel(value), String(value)).toHaveLength(labelWidth);
		}
	});

	it('labels each value with itself: the sign and about three significant digits (one from 1e100 on)', () => {
		const wrong: string[] = [];
		for (const value of values) {
			const label = axisLabel(value);
			const read = Number(label.trim());
			const tolerance = Math.max(0.000_51, Math.abs(value) * 0.05);
			// From 1e100 on, 7 characters hold one digit and the exponent: the order of magnitude must be right
			const huge = Math.abs(value) >= 1e100;
			const off = huge
				? Math.abs(Math.log10(Math.abs(read)) - Math.log10(Math.abs(value))) >= 1 ||
					Math.sign(read) !== Math.sign(value)
				: Math.abs(read - value) > tolerance;
			if (!Number.isFinite(read) || off) {
				wrong.push(`axisLabel(${value}) = "${label}"`);
			}
		}

		expect(wrong.length, wrong.join('\n')).toBe(0);
	});
});
