/**
 * One SGD update at a time in the built dashboard, in tmux (`u`): what the
 * screen shows is the headless `--updates` stream's update, 15 presses finish
 * the epoch, and a run resumed mid-epoch ends where the uninterrupted run
 * does. Every wait polls for a condition; nothing sleeps.
 */
import {describe, expect, test} from 'vitest';
import {type UpdateEvent, parseNdjson, runCli} from '../helpers/cli.js';
import {dashboardsInTmux, hasTmux, parseSummary, readEpoch} from '../helpers/tmux.js';

function headerRow(screen: string): string {
	return screen.split('\n').find(row => row.includes('tinygan')) ?? '';
}

/** The values after the update in a parameter's row (` w₁ -0.003820 = −f₁·z   -0.147929 → -0.147891`). */
function afterIn(screen: string, name: string): number {
	const row = screen.split('\n').find(line => line.startsWith(` ${name} `));
	const after = row?.split('→')[1];
	if (after === undefined) {
		throw new Error(`no row for ${name} on screen:\n${screen}`);
	}

	return Number(after.trim());
}

describe.skipIf(!hasTmux())('one update at a time in the dashboard', () => {
	const {start} = dashboardsInTmux();

	test(
		'at 80×24: u shows the update the headless stream prints; 15 finish the epoch; resumed mid-epoch, the run ends as the straight one',
		{timeout: 60_000},
		async () => {
			const d = await start({name: 'updates', args: ['--seed', '42', '--speed', '20', '--epochs', '60']});
			await d.waitForEpoch(epoch => epoch >= 5, 'some epochs');
			await d.keys('Space');
			const paused = readEpoch(await d.waitForScreen(s => headerRow(s).includes('paused'), 'paused'))!;
			await d.keys('u');
			const first = await d.waitForScreen(s => s.includes(`Update 1 of 15, epoch ${paused + 1}`), 'the first update');
			expect(first).toContain('d-real: D learns that x is real');
			expect(first).toContain('= −(1−p)·x₁');
			expect(first).toContain('Samples');
			// Eight keys in one read: eight updates
			await d.type('uuuuuuuu');
			const ninth = await d.waitForScreen(s => s.includes(`Update 9 of 15, epoch ${paused + 1}`), 'the 9th update');
			expect(ninth).toContain('image 3 of 5 · g: G learns');

			const stream = await runCli([
				'--json',
				'--updates',
				'--seed',
				'42',
				'--epochs',
				String(paused + 1),
				'--every',
				'0',
			]);
			expect(stream.code, stream.stderr).toBe(0);
			const updates = parseNdjson(stream.stdout)
				.map(event => event as unknown as UpdateEvent)
				.filter(event => event.type === 'update');
			const ninthHeadless = updates.filter(u => u.epoch === paused + 1)[8]!;
			expect(ninthHeadless).toMatchObject({sample: 2, step: 'g'});
			expect(ninth).toContain(`z = ${ninthHeadless.z.toFixed(6)}`);
			['w₁', 'w₂', 'w₃', 'w₄'].forEach((name, i) => {
				expect(afterIn(ninth, name)).toBeCloseTo(ninthHeadless.params.generator.weights[i]!, 6);
			});
			['c₁', 'c₂', 'c₃', 'c₄'].forEach((name, i) => {
				expect(afterIn(ninth, name)).toBeCloseTo(ninthHeadless.params.generator.biases[i]!, 6);
			});

			await d.type('uuuuuu');
			const last = await d.waitForScreen(s => s.includes(`Update 15 of 15, epoch ${paused + 1}`), 'the 15th');
			expect(readEpoch(last)).toBe(paused + 1);
			// Into the next epoch, then on from the middle of it
			await d.type('uuuu');
			await d.waitForScreen(s => s.includes(`Update 4 of 15, epoch ${paused + 2}`), 'the 4th of the next epoch');
			await d.keys('Space');
			await d.waitForScreen(s => headerRow(s).includes('finished'), 'the target');
			await d.keys('q');
			const {code, screen} = await d.waitForExit();
			expect(code).toBe(0);
			const straight = await runCli(['--json', '--seed', '42', '--epochs', '60', '--every', '0']);
			const end = parseNdjson(straight.stdout).at(-1)!;
			expect(end.type).toBe('end');
			expect(parseSummary(screen).params).toEqual((end as {params: unknown}).params);
		},
	);

	test('at 120×40 the update stands above the chart, the samples and the parameters', {timeout: 30_000}, async () => {
		const d = await start({name: 'updates-wide', args: ['--seed', '3', '--speed', '20'], columns: 120, rows: 40});
		await d.waitForEpoch(epoch => epoch >= 3, 'some epochs');
		await d.keys('u');
		const screen = await d.waitForScreen(s => s.includes('Update 1 of 15'), 'the update');
		for (const mark of ['Loss', 'Samples', 'Parameters', 'u update']) {
			expect(screen).toContain(mark);
		}

		await d.keys('Space');
		await d.waitForScreen(s => !s.includes('Update 1 of 15') && headerRow(s).includes('running'), 'running again');
		await d.keys('q');
		expect((await d.waitForExit()).code).toBe(0);
	});

	test('--updates without --json on a terminal is one line and exit 2', {timeout: 30_000}, async () => {
		const d = await start({name: 'updates-flag', args: ['--updates']});
		const {code, screen} = await d.waitForExit();
		expect(code).toBe(2);
		expect(screen).toContain('tinygan: --updates adds events to the NDJSON stream: give --json too');
	});
});
