/**
 * The built CLI's NDJSON as a live stream, with stdout a pipe: lines arrive
 * while the run goes on, and SIGINT / SIGTERM end it with every line made so
 * far, then an "interrupted" end event. Nothing here sleeps: each step waits
 * for a line to arrive.
 */
import {beforeAll, describe, expect, test} from 'vitest';
import {type EndEvent, type EpochEvent, flatParams, parseNdjson, splitRun, startCli} from '../helpers/cli.js';
import {assertBuilt} from '../helpers/paths.js';

beforeAll(() => {
	assertBuilt();
});

const isEpochLine = (line: string): boolean => line.startsWith('{"type":"epoch"');

/** Epoch events come at every multiple of `every`, with none missing. */
function expectConsecutive(epochs: readonly EpochEvent[], every: number): void {
	expect(epochs.map(event => event.epoch)).toEqual(epochs.map((_, i) => (i + 1) * every));
}

function expectInterruptedEnd(end: EndEvent & {signal?: string}, signal: string, epochs: readonly EpochEvent[]) {
	expect(end.status).toBe('interrupted');
	expect(end.signal).toBe(signal);
	const last = epochs.at(-1)?.epoch ?? 0;
	expect(end.epoch).toBeGreaterThanOrEqual(last);
	expect(flatParams(end.params).every(Number.isFinite)).toBe(true);
	expect(end.samples).toHaveLength(4);
	expect(typeof end.elapsedMs).toBe('number');
}

describe('lines leave as they are made', () => {
	test('the start line arrives on its own, long before the first epoch line is made', async () => {
		// An epoch line every million epochs: the first one is about a second of training away
		const run = startCli(['--json', '--seed', '5', '--epochs', '1e9', '--every', '1000000']);
		await run.until(lines => lines.length > 0, 'the start line');
		expect(run.chunks[0], 'the first chunk read').toMatch(/^{"type":"start",[^\n]*\n$/);
		await run.until(lines => lines.some(isEpochLine), 'the first epoch line');
		run.kill('SIGTERM');
		const result = await run.closed;
		expect(result.code).toBe(143);
	});
});

describe('a signal ends the run with every line made so far, then an interrupted end', () => {
	test.each([
		['SIGINT', 130],
		['SIGTERM', 143],
	] as const)('%s once an epoch line has arrived: exit %i', async (signal, code) => {
		const every = 100_000;
		const run = startCli(['--json', '--seed', '11', '--epochs', '1e9', '--every', String(every)]);
		await run.until(lines => lines.some(isEpochLine), 'an epoch line');
		run.kill(signal);
		const result = await run.closed;
		expect(result.stderr).toBe('');
		expect(result.code, 'exit code').toBe(code);
		expect(result.signal).toBeNull();
		const {start, epochs, end} = splitRun(parseNdjson(result.stdout));
		expect(start.config.epochs).toBe(1e9);
		expect(epochs.length).toBeGreaterThan(0);
		expectConsecutive(epochs, every);
		expectInterruptedEnd(end, signal, epochs);
		// Ended at the next slice, before the next line was due
		expect(end.epoch - epochs.at(-1)!.epoch).toBeLessThan(every);
	});

	test('at an epoch line every epoch (a deep queue), none is lost: the end is at the last epoch line', async () => {
		const run = startCli(['--json', '--seed', '12', '--epochs', '1e9', '--every', '1']);
		await run.until(lines => lines.length > 5000, '5,000 lines');
		run.kill('SIGINT');
		const result = await run.closed;
		expect(result.code).toBe(130);
		const {epochs, end} = splitRun(parseNdjson(result.stdout));
		expectConsecutive(epochs, 1);
		expectInterruptedEnd(end, 'SIGINT', epochs);
		expect(end.epoch).toBe(epochs.at(-1)!.epoch);
	});

	test('with --every 0 the start line still arrives at once, and SIGTERM gives start and end', async () => {
		const run = startCli(['--json', '--seed', '13', '--epochs', '1e9', '--every', '0']);
		await run.until(lines => lines.length > 0, 'the start line');
		run.kill('SIGTERM');
		const result = await run.closed;
		expect(result.code).toBe(143);
		const events = parseNdjson(result.stdout);
		expect(events.map(event => event.type)).toEqual(['start', 'end']);
		expectInterruptedEnd(splitRun(events).end, 'SIGTERM', []);
	});
});
