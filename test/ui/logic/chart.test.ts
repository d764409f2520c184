import {describe, expect, it} from 'vitest';
import {Rng} from '../../../source/engine/rng.js';
import {Trainer} from '../../../source/engine/trainer.js';
import {slantedFaces} from '../../../source/engine/data.js';
import {LossHistory} from '../../../source/run/history.js';
import {
	type ChartRow,
	axisLabel,
	axisRange,
	bucketSize,
	chartRows,
	columnsOf,
	historyColumns,
	labelWidth,
	plotWidthFor,
} from '../../../source/ui/chart.js';
import {asciiGlyphs} from '../../../source/ui/glyphs.js';

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

	it('labels the top row with the top of the axis range and the bottom row with its bottom', () => {
		const d = [0.693, 1.2, 0.4, 0.9];
		const g = [2.5, 0.31, 1.1];
		const rows = chartRows(d, g, 60, 8).map(rowText);
		const range = axisRange(0.31, 2.5);
		expect(range).toEqual({min: expect.closeTo(0.2, 12) as number, max: expect.closeTo(2.6, 12) as number});
		expect(rows[0]!.slice(0, labelWidth)).toBe(axisLabel(range.max));
		expect(rows.at(-1)!.slice(0, labelWidth)).toBe(axisLabel(range.min));
		const labels = rows.map(row => Number(row.slice(0, labelWidth)));
		for (let i = 1; i < labels.length; i++) {
			expect(labels[i]!).toBeLessThanOrEqual(labels[i - 1]!);
		}
	});

	it("draws in ASCII with ASCII glyphs only: D thin (- | . '), G heavy (= #), the axis + and |", () => {
		const dGlyphs = new Set(asciiGlyphs.dChart.slice(4));
		const gGlyphs = new Set(asciiGlyphs.gChart.slice(4));
		const rng = Rng.seeded(12);
		let dCells = 0;
		let gCells = 0;
		for (let trial = 0; trial < 200; trial++) {
			const length = 2 + Math.floor(rng.uniform() * 100);
			const d = Array.from({length}, () => rng.uniform() * 2);
			const g = Array.from({length}, () => rng.uniform() * 3);
			for (const row of chartRows(d, g, 60, 2 + (trial % 15), asciiGlyphs)) {
				expect(rowText(row)).toMatch(/^[\u0020-\u007E]+$/);
				for (const [i, cell] of cells(row).entries()) {
					if (cell.series === 'd') {
						dCells++;
						expect(dGlyphs.has(cell.char), `D cell "${cell.char}"`).toBe(true);
					} else if (cell.series === 'g') {
						gCells++;
						expect(gGlyphs.has(cell.char), `G cell "${cell.char}"`).toBe(true);
					} else if (i >= labelWidth + 1) {
						expect([' ', '|', '+']).toContain(cell.char);
					}
				}
			}
		}

		expect(dCells).toBeGreaterThan(0);
		expect(gCells).toBeGreaterThan(0);
		for (const row of chartRows([], [], 60, 5, asciiGlyphs)) {
			expect(rowText(row)).toMatch(/^ {7} \|( waiting for the first epoch\.\.\.)?$/);
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

describe('axisRange', () => {
	it('holds every value, on round bounds, at most 1.32 times the span', () => {
		const rng = Rng.seeded(21);
		for (let trial = 0; trial < 5000; trial++) {
			const scale = 10 ** (rng.uniform() * 12 - 6);
			const a = (rng.uniform() - 0.3) * scale;
			const b = a + rng.uniform() * scale;
			const {min, max} = axisRange(a, b);
			expect(min).toBeLessThanOrEqual(a);
			expect(max).toBeGreaterThanOrEqual(b);
			if (b - a > 1e-9) {
				expect(max - min, `${a} … ${b} → ${min} … ${max}`).toBeLessThanOrEqual(
					(b - a) * (1 + 2 * (2.5 / 16)) * 1.000_001,
				);
			}
		}
	});

	it('stays put while the values move within a step', () => {
		const range = axisRange(0.61, 1.38);
		expect(axisRange(0.63, 1.36)).toEqual(range);
		expect(axisRange(0.605, 1.395)).toEqual(range);
		expect(axisRange(0.55, 1.38)).not.toEqual(range);
	});

	it('leaves a span of about zero, and the largest numbers, as they are', () => {
		expect(axisRange(0.5, 0.5)).toEqual({min: 0.5, max: 0.5});
		expect(axisRange(-Number.MAX_VALUE, Number.MAX_VALUE)).toEqual({min: -Number.MAX_VALUE, max: Number.MAX_VALUE});
		const top = axisRange(1, Number.MAX_VALUE);
		expect(top.max).toBe(Number.MAX_VALUE);
		expect(top.min).toBeLessThanOrEqual(1);
	});
});

describe('columns', () => {
	it('bucket sizes climb 1, 2, 3, 4, 6, 8, 12, 16, 24, … and are the smallest that fit', () => {
		const sizes = new Set<number>();
		for (let length = 0; length <= 20_000; length++) {
			const size = bucketSize(length, 90);
			sizes.add(size);
			expect(Math.floor(length / size)).toBeLessThanOrEqual(90);
		}

		expect([...sizes].slice(0, 12)).toEqual([1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64]);
	});

	it('fill at least half the width once there are more values than columns, two thirds from buckets of 3 on', () => {
		for (const columns of [1, 10, 66, 90, 131]) {
			for (let length = columns + 1; length <= 50 * columns; length++) {
				const {d, size} = columnsOf(
					Array.from({length}, () => 1),
					[],
					columns,
				);
				const context = `${length} values in ${columns} columns`;
				expect(d.length, context).toBeLessThanOrEqual(columns);
				expect(d.length, context).toBeGreaterThanOrEqual(Math.floor((size === 2 ? 1 / 2 : 2 / 3) * columns));
			}
		}
	});

	it('are the means of whole buckets, the same size for D and G; an incomplete last bucket is left out', () => {
		const d = [1, 2, 3, 4, 5, 6, 7];
		const g = [10, 20, 30, 40, 50, 60, 70];
		expect(columnsOf(d, g, 3)).toEqual({d: [1.5, 3.5, 5.5], g: [15, 35, 55], size: 2});
		expect(columnsOf(d, g.slice(0, 3), 3)).toEqual({d: [1.5, 3.5, 5.5], g: [15], size: 2});
		expect(columnsOf(d, g, 10)).toEqual({d, g, size: 1});
	});

	it('of a history leave out its last point until it covers its stride', () => {
		const history = {d: [1, 2, 3, 9], g: [1, 2, 3, 9], stride: 4};
		// 13 epochs: the 4th point holds one epoch of its four
		expect(historyColumns(history, 13, 40)).toMatchObject({d: [1, 2, 3], epochs: 12});
		expect(historyColumns(history, 16, 40)).toMatchObject({d: [1, 2, 3, 9], epochs: 16});
		expect(historyColumns(history, undefined, 40)).toMatchObject({d: [1, 2, 3, 9], epochs: 16});
	});
});

describe('the chart as a run goes on', () => {
	/**
	 * Feeds a history as the session does: a real run, `perFrame` epochs between
	 * frames. Returns, per frame, the plot's text and what it was drawn from.
	 */
	function frames(start: number, count: number, perFrame: number, width: number, height: number) {
		const trainer = new Trainer({seed: 42, lr: 0.01, faces: slantedFaces});
		const history = new LossHistory();
		const record = (stats: Parameters<LossHistory['add']>[0]) => {
			history.add(stats);
		};

		trainer.run(start, record);
		return Array.from({length: count}, (_, frame) => {
			if (frame > 0) {
				trainer.run(perFrame, record);
			}

			const points = history.points();
			const columns = historyColumns(points, trainer.last?.epoch, width);
			const rows = chartRows(columns.d, columns.g, width, height).map(rowText);
			return {
				rows,
				columns: columns.d.length,
				size: columns.size * points.stride,
				labels: rows.map(row => row.slice(0, labelWidth)),
			};
		});
	}

	it('changes only in frames where a column was completed', () => {
		// 50 epochs/s at 10 frames/s, 100 frames, from several points of a run
		for (const start of [0, 300, 1000, 5000]) {
			const shown = frames(start, 101, 5, 99, 6);
			let changed = 0;
			for (let i = 1; i < shown.length; i++) {
				const [before, after] = [shown[i - 1]!, shown[i]!];
				const newColumn = after.columns !== before.columns || after.size !== before.size;
				if (after.rows.join('\n') !== before.rows.join('\n')) {
					changed++;
					expect(newColumn, `frame ${i} from epoch ${start}`).toBe(true);
				}
			}

			// 500 epochs in columns of at least `size` epochs
			expect(changed).toBeLessThanOrEqual(Math.ceil(500 / shown[0]!.size) + 1);
		}
	});

	it('keeps its axis labels through most new columns, also while the losses still trend', () => {
		// From epoch 100 the losses still set new extremes often: exact bounds relabel about one new column in
		// five there, the round bounds about one in forty
		const shown = frames(100, 101, 5, 99, 6);
		let columns = 0;
		let relabelled = 0;
		for (let i = 1; i < shown.length; i++) {
			if (shown[i]!.columns !== shown[i - 1]!.columns) {
				columns++;
			}

			if (shown[i]!.labels.join() !== shown[i - 1]!.labels.join()) {
				relabelled++;
			}
		}

		expect(columns).toBeGreaterThan(50);
		expect(relabelled).toBeLessThanOrEqual(columns / 10);
	});

	it('uses most of the width it has', () => {
		for (const start of [200, 1000, 5000, 30_000]) {
			const [first] = frames(start, 1, 5, 99, 6);
			expect(first!.columns).toBeGreaterThanOrEqual((2 / 3) * plotWidthFor(99));
		}
	});
});
