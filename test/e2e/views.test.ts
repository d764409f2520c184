/**
 * The views of D and G in the built dashboard, in tmux: at 80×24 `v`
 * switches the lower half between the samples and the views; at 120×40 the
 * views stand beside the chart with the samples below, all at once. Every
 * wait polls the screen; nothing sleeps.
 */
import {describe, expect, test} from 'vitest';
import {dashboardsInTmux, hasTmux, readEpoch, showsPanels} from '../helpers/tmux.js';

const dTitle = 'What D looks for';
const gTitle = 'G(z) for z from 0 to 1';

function headerRow(screen: string): string {
	return screen.split('\n').find(row => row.includes('tinygan')) ?? '';
}

/** The screen's rows outside printable ASCII: none when the dashboard draws in ASCII. */
function notAscii(screen: string): string[] {
	// eslint-disable-next-line no-control-regex
	return screen.split('\n').filter(row => /[^\u0020-\u007E]/u.test(row));
}

describe.skipIf(!hasTmux())('the views of D and G in the dashboard', () => {
	const {start} = dashboardsInTmux();

	test('at 80×24 v shows the views in place of the samples, and v again brings the samples back', async () => {
		const d = await start({name: 'views-80', args: ['--seed', '42', '--speed', '20'], columns: 80, rows: 24});
		const before = await d.waitForScreen(screen => showsPanels(screen) && (readEpoch(screen) ?? 0) >= 3, 'epochs');
		expect(before).not.toContain(dTitle);
		expect(before).not.toContain(gTitle);
		await d.keys('v');
		const views = await d.waitForScreen(s => s.includes(dTitle) && s.includes(gTitle), 'the views');
		expect(views).not.toContain('Samples');
		expect(views).not.toContain('Parameters');
		// Still the whole dashboard around them: the header, the chart, the help bar
		expect(views).toContain('Loss');
		expect(views).toContain('q quit');
		// G's strip: z from 0 to 1 under its six images
		expect(views.split('\n').some(row => / {2}0 {6}\.2 {5}\.4 {5}\.6 {5}\.8 {5}1\s*$/.test(row))).toBe(true);
		// It stays live: the epoch goes on under the views
		const epoch = readEpoch(views)!;
		await d.waitForScreen(s => s.includes(dTitle) && (readEpoch(s) ?? 0) > epoch, 'a later epoch in the views');
		await d.keys('v');
		const back = await d.waitForScreen(s => s.includes('Samples') && s.includes('Parameters'), 'the samples again');
		expect(back).not.toContain(dTitle);
		expect(back).not.toContain(gTitle);
	});

	test('at 120×40 both views show with the samples, the parameters and the chart at once', async () => {
		const d = await start({name: 'views-120', args: ['--seed', '42', '--speed', '20'], columns: 120, rows: 40});
		const screen = await d.waitForScreen(
			s => showsPanels(s) && s.includes(dTitle) && s.includes(gTitle),
			'every panel and both views',
		);
		const rows = screen.split('\n');
		const loss = rows.findIndex(row => row.startsWith('Loss'));
		// D's view on the chart's legend row, to its right; G's below it, above the samples
		expect(rows[loss]).toContain(dTitle);
		const g = rows.findIndex(row => row.includes(gTitle));
		expect(g).toBeGreaterThan(loss);
		expect(g).toBeLessThan(rows.findIndex(row => row.startsWith('Samples')));
		// v changes nothing here: both stay
		await d.keys('Space');
		const paused = await d.waitForSteadyScreen(s => headerRow(s).includes('paused'), 'paused');
		await d.keys('v');
		await d.keys('s');
		const stepped = await d.waitForScreen(s => readEpoch(s) === readEpoch(paused)! + 1, 'one step');
		for (const mark of [dTitle, gTitle, 'Samples', 'Parameters', 'Loss']) {
			expect(stepped, mark).toContain(mark);
		}
	});

	test('in ASCII (--ascii) the views draw only printable ASCII', async () => {
		const d = await start({
			name: 'views-ascii',
			args: ['--seed', '42', '--speed', '20', '--ascii'],
			columns: 80,
			rows: 24,
		});
		await d.waitForScreen(screen => showsPanels(screen), 'the dashboard');
		await d.keys('v');
		const screen = await d.waitForScreen(s => s.includes(dTitle) && s.includes('real when v.x + b > 0'), 'the views');
		expect(notAscii(screen)).toEqual([]);
		expect(screen).toContain('+ v > 0: dark here -> real');
	});
});
