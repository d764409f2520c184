/**
 * Exploring a run in the built dashboard, in tmux: rewind and a change there,
 * `w`, and a dropped connection (SIGHUP) with --save, each checked against
 * the headless CLI. Every wait polls for a condition; nothing sleeps.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import process from 'node:process';
import {afterAll, describe, expect, test} from 'vitest';
import {parseNdjson, runCli, splitRun} from '../helpers/cli.js';
import {dashboardsInTmux, hasTmux, parseSummary, readEpoch, showsPanels} from '../helpers/tmux.js';

const folder = mkdtempSync(join(tmpdir(), 'tinygan-explore-'));
afterAll(() => {
	rmSync(folder, {recursive: true, force: true});
});

function headerRow(screen: string): string {
	return screen.split('\n').find(row => row.includes('tinygan')) ?? '';
}

async function headless(args: readonly string[]) {
	const result = await runCli(['--json', ...args]);
	expect(result.code, result.stderr).toBe(0);
	return splitRun(parseNdjson(result.stdout));
}

describe.skipIf(!hasTmux())('exploring a run in the dashboard', () => {
	const {start} = dashboardsInTmux();

	test(
		'rewind three epochs, double the lr there, run on: the summary replays it headless exactly',
		{timeout: 60_000},
		async () => {
			const d = await start({name: 'rewind', args: ['--seed', '42', '--speed', '20']});
			await d.waitForEpoch(epoch => epoch >= 10, 'some epochs');
			await d.keys('Space');
			const paused = readEpoch(await d.waitForScreen(s => headerRow(s).includes('paused'), 'paused'))!;
			await d.keys('Left', 'Left', 'Left');
			const rewound = await d.waitForScreen(
				s => headerRow(s).includes(`epoch ${paused - 3} of ${paused}`),
				'rewound 3',
			);
			expect(headerRow(rewound)).toContain('rewound');
			await d.keys(']');
			const branched = await d.waitForScreen(s => headerRow(s).includes('lr 0.02'), 'the doubled lr');
			expect(headerRow(branched)).toContain('paused');
			expect(readEpoch(branched)).toBe(paused - 3);
			await d.keys('s', 's', 's', 's', 's');
			await d.waitForEpoch(epoch => epoch === paused + 2, 'five steps');
			await d.keys('q');
			const {code, screen} = await d.waitForExit();
			expect(code).toBe(0);
			const summary = parseSummary(screen);
			expect(summary.command).toContain(`--schedule ${paused - 3}:lr=0.02 `);
			const replay = await headless([
				'--seed',
				'42',
				'--epochs',
				String(paused + 2),
				'--schedule',
				`${paused - 3}:lr=0.02`,
			]);
			expect(summary.params).toEqual(replay.end.params);
		},
	);

	test(
		'w saves the latest epoch where --save says, and says so; the file continues exactly',
		{timeout: 60_000},
		async () => {
			const file = join(folder, 'w.json');
			const d = await start({name: 'save-key', args: ['--seed', '7', '--speed', '20', '--save', file]});
			await d.waitForEpoch(epoch => epoch >= 5, 'some epochs');
			await d.keys('Space');
			const paused = readEpoch(await d.waitForScreen(s => headerRow(s).includes('paused'), 'paused'))!;
			await d.keys('w');
			await d.waitForScreen(s => s.includes(`saved epoch ${paused} to ${file}`), 'the notice');
			const saved = JSON.parse(readFileSync(file, 'utf8')) as {content: {epoch: number}};
			expect(saved.content.epoch).toBe(paused);
			await d.keys('q');
			expect((await d.waitForExit()).code).toBe(0);
			const continued = await headless(['--load', file, '--epochs', String(paused + 50)]);
			const straight = await headless(['--seed', '7', '--epochs', String(paused + 50)]);
			expect(continued.epochs).toEqual(straight.epochs.slice(paused));
			expect(continued.end.params).toEqual(straight.end.params);
		},
	);

	test(
		'SIGHUP with --save leaves a checkpoint that continues exactly as the run would have',
		{timeout: 60_000},
		async () => {
			const file = join(folder, 'hup.json');
			const d = await start({name: 'hup', args: ['--seed', '42', '--speed', '50', '--save', file]});
			await d.waitForScreen(screen => showsPanels(screen) && (readEpoch(screen) ?? 0) >= 20, 'some epochs');
			process.kill(await d.pid(), 'SIGHUP');
			expect((await d.waitForExit()).code).toBe(129);
			const {epoch} = (JSON.parse(readFileSync(file, 'utf8')) as {content: {epoch: number}}).content;
			expect(epoch).toBeGreaterThanOrEqual(20);
			const target = epoch + 200;
			const continued = await headless(['--load', file, '--epochs', String(target), '--every', '1']);
			const straight = await headless(['--seed', '42', '--epochs', String(target), '--every', '1']);
			expect(continued.epochs[0]!.epoch).toBe(epoch + 1);
			expect(continued.epochs).toEqual(straight.epochs.slice(epoch));
			expect(continued.end.params).toEqual(straight.end.params);
		},
	);
});
