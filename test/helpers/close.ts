/**
 * The one closeness check: a number, or numbers element by element, within a
 * tolerance of what was expected. The tolerance is absolute, or a function of
 * the expected value (`e => 1e-12 * Math.max(1, Math.abs(e))` for a relative one).
 * A failure names the place, both values and the tolerance.
 */
import {expect} from 'vitest';

export type Tolerance = number | ((expected: number) => number);

export function expectClose(actual: number, expected: number, tolerance: Tolerance, what?: string): void;
export function expectClose(
	actual: readonly number[],
	expected: readonly number[],
	tolerance: Tolerance,
	what?: string,
): void;
export function expectClose(
	actual: number | readonly number[],
	expected: number | readonly number[],
	tolerance: Tolerance,
	what = 'value',
): void {
	if (typeof actual === 'number' && typeof expected === 'number') {
		closeOne(actual, expected, tolerance, what);
		return;
	}

	if (typeof actual === 'number' || typeof expected === 'number') {
		expect.fail(`${what}: ${String(actual)} vs ${String(expected)} (a number and a list)`);
	}

	expect(actual, `${what}: length`).toHaveLength(expected.length);
	for (const [i, value] of expected.entries()) {
		closeOne(actual[i]!, value, tolerance, `${what}[${i}]`);
	}
}

function closeOne(actual: number, expected: number, tolerance: Tolerance, what: string): void {
	const allowed = typeof tolerance === 'number' ? tolerance : tolerance(expected);
	// Written so that NaN on either side fails
	if (!(Math.abs(actual - expected) <= allowed)) {
		expect.fail(`${what}: ${actual} vs ${expected} (difference ${Math.abs(actual - expected)}, tolerance ${allowed})`);
	}
}
