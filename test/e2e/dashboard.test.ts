/**
 * The built CLI's dashboard in a real terminal (tmux), end to end. Every
 * wait polls the screen for a condition up to a deadline; nothing sleeps.
 */
import process from 'node:process';
import {describe, expect, test} from 'vitest';
import {parseNdjson, runCli, splitRun} from '../helpers/cli.js';
import {assertBuilt} from '../helpers/paths.js';
import {
	type Dashboard,
	dashboardsInTmux,
	hasTmux,
	parseSummary,
	readEpoch,
	showsPanels,
	waitFor,
} from '../helpers/tmux.js';

const tmuxAvailable = hasTmux();
// Without tmux these tests cannot run; that is a failure, not a pass, unless skipping is asked for
const skipAllowed = process.env['TINYGAN_SKIP_TMUX'] === '1';

describe.runIf(!tmuxAvailable)('dashboard in a real terminal: tmux', () => {
	test.skipIf(skipAllowed)(
		'is on PATH (apt-get install tmux, as .ci/run does; TINYGAN_SKIP_TMUX=1 skips these tests)',
		() => {
			expect(tmuxAvailable).toBe(true);
		},
	);
});

/** The screen's rows (capture-pane prints every row, each ending in a newline). */
function rows(screen: string): string[] {
	return screen.replace(/\n$/, '').split('\n');
}

function headerRow(screen: string): string {
	return rows(screen).find(row => row.includes('tinygan')) ?? '';
}

/** The help bar: the frame's last non-blank row. */
function helpBar(screen: string): string {
	return (
		rows(screen)
			.filter(row => row.trim() !== '')
			.at(-1) ?? ''
	);
}

/** The words on screen between the header and the help bar. */
function bodyWords(screen: string): Set<string> {
	const all = rows(screen);
	const header = all.findIndex(row => row.includes('tinygan'));
	const bar = all.lastIndexOf(helpBar(screen));
	return new Set(
		all
			.slice(header + 1, bar)
			.join(' ')
			.split(/[\s│|]+/)
			.filter(word => word !== ''),
	);
}

/** SGR sequences that set a colour: 30–39, 40–49, 90–97, 100–107, and 38/48 extended colours. */
function colourCodes(text: string): string[] {
	const found: string[] = [];
	for (const match of text.matchAll(/\u001B\[([\d;:]*)m/g)) {
		const codes = match[1]!.split(/[;:]/).map(Number);
		if (codes.some(code => (code >= 30 && code <= 49) || (code >= 90 && code <= 97) || (code >= 100 && code <= 107))) {
			found.push(JSON.stringify(match[0]));
		}
	}

	return found;
}

describe.skipIf(!tmuxAvailable)(
	`dashboard in a real terminal${tmuxAvailable ? '' : ' (SKIPPED: tmux is not on PATH)'}`,
	() => {
		const {server, start} = dashboardsInTmux();

		/** Checks the summary on the normal screen and returns it. */
		function expectSummary(screen: string, seed: number) {
			for (const prefix of [
				'Generator weights [',
				'Generator biases [',
				'Discriminator weights [',
				'Discriminator bias ',
			]) {
				expect(
					rows(screen).some(row => row.startsWith(prefix)),
					`a summary line beginning "${prefix}" in:\n${screen}`,
				).toBe(true);
			}

			const summary = parseSummary(screen);
			expect(summary.command).toMatch(new RegExp(`^tinygan --seed ${seed} --lr 0\\.01 --epochs \\d+`));
			return summary;
		}

		async function headlessParams(seed: number, epochs: number) {
			const result = await runCli(['--json', '--seed', String(seed), '--epochs', String(epochs), '--every', '0']);
			expect(result.code).toBe(0);
			return splitRun(parseNdjson(result.stdout)).end;
		}

		test('at 80×24 every panel is visible and the frame stays shorter than the terminal', async () => {
			const d = await start({name: 'panels', args: ['--seed', '42']});
			const screen = await d.waitForSteadyScreen(
				screen =>
					showsPanels(screen) &&
					(readEpoch(screen) ?? 0) > 0 &&
					rows(screen).filter(row => row.includes('┤')).length >= 3,
				'the dashboard with every panel and a drawn chart',
			);
			const all = rows(screen);
			expect(all).toHaveLength(24);

			const header = headerRow(screen);
			expect(header).toContain('tinygan');
			expect(header).toContain('seed 42');
			expect(header).toMatch(/\bepoch \d+\/1000\b/);

			const loss = all.find(row => row.startsWith('Loss'));
			expect(loss, 'a Loss panel title row').toBeDefined();
			expect(loss).toMatch(/\bD\b.*\bG\b/);

			expect(all.some(row => row.startsWith('Samples'))).toBe(true);
			expect(all.some(row => row.startsWith('Parameters'))).toBe(true);
			for (const label of [
				/^G(enerator)? weights/i,
				/^G(enerator)? biases/i,
				/^D(iscriminator)? weights/i,
				/^D(iscriminator)? bias\b/i,
			]) {
				expect(
					all.some(row => label.test(row)),
					`a parameter row ${String(label)}`,
				).toBe(true);
			}

			expect(helpBar(screen)).toContain('q quit');
			expect(all.at(-1)!.trim(), 'the last row is blank: the frame is at most 23 rows').toBe('');
			expect(await d.alternateOn()).toBe(true);
		});

		test('space pauses, s and → step exactly one epoch, r goes back to epoch 0', {timeout: 90_000}, async () => {
			const d = await start({name: 'keys', args: ['--seed', '42']});
			await d.waitForEpoch(epoch => epoch >= 1, 'training to start');
			await d.keys('Space');
			const pausedScreen = await d.waitForScreen(screen => headerRow(screen).includes('paused'), 'the paused status');
			const paused = readEpoch(pausedScreen)!;

			// The same epoch in every capture for at least a second
			const since = Date.now();
			let captures = 0;
			await waitFor(
				async () => {
					const screen = await d.capture();
					const epoch = readEpoch(screen);
					if (epoch !== paused) {
						throw new Error(`the epoch moved from ${paused} to ${epoch} while paused\n${d.describe()}`);
					}

					captures++;
					return Date.now() - since >= 1000 && captures >= 5;
				},
				{what: 'a second of paused captures', context: () => d.describe()},
			);
			expect(headerRow(d.last)).toContain('paused');

			await d.keys('s');
			const afterS = await d.waitForEpoch(epoch => epoch !== paused, 'the epoch to change after s');
			expect(afterS, 's steps exactly one epoch').toBe(paused + 1);
			expect(headerRow(d.last)).toContain('paused');

			await d.keys('Right');
			const afterRight = await d.waitForEpoch(epoch => epoch !== afterS, 'the epoch to change after →');
			expect(afterRight, '→ steps exactly one epoch').toBe(afterS + 1);
			expect(headerRow(d.last)).toContain('paused');

			await d.keys('r');
			const reset = await d.waitForScreen(screen => readEpoch(screen) !== afterRight, 'the epoch to change after r');
			expect(headerRow(reset)).toMatch(/\bepoch 0\/1000\b/);
			expect(headerRow(reset)).toContain('paused');
		});

		test('+ and - move the speed shown in the help bar up and down the ladder', {timeout: 60_000}, async () => {
			const d = await start({name: 'speed', args: ['--seed', '42']});
			const before = await d.waitForScreen(screen => showsPanels(screen), 'the dashboard');
			expect(helpBar(before)).toContain('speed 50/s');

			await d.type('+');
			const faster = await d.waitForScreen(
				screen => !helpBar(screen).includes('speed 50/s'),
				'the speed to change after +',
			);
			expect(helpBar(faster), 'after one + from 50/s the help bar shows the new speed in full').toContain(
				'speed 100/s',
			);

			await d.type('-');
			const slower = await d.waitForScreen(
				screen => helpBar(screen).includes('speed 50/s'),
				'the speed to go back after -',
			);
			expect(helpBar(slower)).toContain('speed 50/s');
		});

		test('? shows a help overlay listing every key; ? again hides it', {timeout: 60_000}, async () => {
			const d = await start({name: 'help', args: ['--seed', '42']});
			const before = await d.waitForScreen(screen => showsPanels(screen), 'the dashboard');
			expect(bodyWords(before).has('ctrl-c')).toBe(false);

			await d.type('?');
			const overlay = await d.waitForSteadyScreen(
				screen => bodyWords(screen).has('ctrl-c'),
				'the help overlay',
				screen => [...bodyWords(screen)].join(' '),
			);
			const words = bodyWords(overlay);
			for (const key of ['space', 's', '→', 'r', '+', '-', '?', 'q', 'ctrl-c']) {
				expect(words.has(key), `the help overlay lists the key "${key}"\n${overlay}`).toBe(true);
			}

			await d.type('?');
			const hidden = await d.waitForScreen(screen => !bodyWords(screen).has('ctrl-c'), 'the help overlay to close');
			expect(showsPanels(hidden)).toBe(true);
		});

		test(
			'q exits 0, leaves the alternate screen and prints the summary on the normal screen',
			{timeout: 60_000},
			async () => {
				const d = await start({name: 'quit', args: ['--seed', '42']});
				await d.waitForScreen(screen => showsPanels(screen), 'the dashboard');
				expect(await d.alternateOn(), 'the dashboard is on the alternate screen').toBe(true);

				await d.keys('q');
				const {code, screen} = await d.waitForExit();
				expect(code).toBe(0);
				expect(await d.alternateOn(), 'back on the normal screen').toBe(false);
				expect(await d.cursorVisible(), 'the cursor is shown again').toBe(true);
				expectSummary(screen, 42);
				// What was on the normal screen before is still there, above the summary
				const all = rows(screen);
				const before = all.findIndex(row => row.includes('tinygan-e2e: before the CLI'));
				const summary = all.findIndex(row => row.startsWith('Generator weights ['));
				expect(before, 'the normal screen as it was before').toBeGreaterThanOrEqual(0);
				expect(summary).toBeGreaterThan(before);
			},
		);

		test(
			'without a keyboard at max speed it draws, stops at --epochs 40, leaves, and its summary equals the headless run',
			{timeout: 60_000},
			async () => {
				const d = await start({
					name: 'max',
					args: ['--seed', '7', '--epochs', '40', '--speed', 'max'],
					stdinNull: true,
				});
				const {code, screen} = await d.waitForExit();
				expect(code).toBe(0);
				expect(await d.alternateOn()).toBe(false);

				// It drew on the alternate screen before it left
				const raw = await d.waitForRaw('EXIT=0');
				const entered = raw.indexOf('\u001B[?1049h');
				const left = raw.indexOf('\u001B[?1049l');
				expect(entered, 'entered the alternate screen').toBeGreaterThanOrEqual(0);
				expect(left, 'left the alternate screen').toBeGreaterThan(entered);
				const frames = raw.slice(entered, left);
				for (const mark of ['Loss', 'Samples', 'Parameters']) {
					expect(frames, `the dashboard drew "${mark}"`).toContain(mark);
				}

				const summary = expectSummary(screen, 7);
				expect(summary.trained).toBe(40);
				expect(summary.command).toMatch(/^tinygan --seed 7 --lr 0\.01 --epochs 40\b/);
				const headless = await headlessParams(7, 40);
				expect(headless.epoch).toBe(40);
				expect(summary.params).toEqual(headless.params);
			},
		);

		test(
			'a paused and stepped run prints the same parameters as the headless run of as many epochs',
			{timeout: 90_000},
			async () => {
				const d = await start({name: 'stepped', args: ['--seed', '9', '--epochs', '1000', '--speed', '20']});
				await d.waitForEpoch(epoch => epoch >= 1, 'training to start');
				await d.keys('Space');
				let epoch = readEpoch(
					await d.waitForScreen(screen => headerRow(screen).includes('paused'), 'the paused status'),
				)!;
				for (let step = 0; step < 3; step++) {
					const before = epoch;
					// eslint-disable-next-line no-await-in-loop
					await d.keys('s');
					// eslint-disable-next-line no-await-in-loop
					epoch = await d.waitForEpoch(n => n !== before, `step ${step + 1}`);
					expect(epoch).toBe(before + 1);
				}

				await d.keys('q');
				const {code, screen} = await d.waitForExit();
				expect(code).toBe(0);
				const summary = expectSummary(screen, 9);
				expect(summary.trained).toBe(epoch);
				expect(summary.command).toMatch(new RegExp(`^tinygan --seed 9 --lr 0\\.01 --epochs ${epoch}\\b`));
				const headless = await headlessParams(9, epoch);
				expect(summary.params).toEqual(headless.params);
			},
		);

		test('Ctrl-C exits 0, restores the screen and prints the summary', {timeout: 60_000}, async () => {
			const d = await start({name: 'ctrlc', args: ['--seed', '42']});
			await d.waitForScreen(screen => showsPanels(screen), 'the dashboard');
			await d.keys('C-c');
			const {code, screen} = await d.waitForExit();
			expect(code).toBe(0);
			expect(await d.alternateOn()).toBe(false);
			expect(await d.cursorVisible()).toBe(true);
			expectSummary(screen, 42);
		});

		test('SIGTERM exits 143 and restores the screen', {timeout: 60_000}, async () => {
			const d = await start({name: 'sigterm', args: ['--seed', '42']});
			await d.waitForScreen(screen => showsPanels(screen), 'the dashboard');
			const pid = await d.pid();
			process.kill(pid, 'SIGTERM');
			const {code, screen} = await d.waitForExit();
			expect(code).toBe(143);
			expect(await d.alternateOn()).toBe(false);
			expect(await d.cursorVisible()).toBe(true);
			expectSummary(screen, 42);
		});

		test('SIGHUP exits 129 and restores the screen', {timeout: 60_000}, async () => {
			const d = await start({name: 'sighup', args: ['--seed', '42']});
			await d.waitForScreen(screen => showsPanels(screen), 'the dashboard');
			process.kill(await d.pid(), 'SIGHUP');
			const {code} = await d.waitForExit();
			expect(code).toBe(129);
			expect(await d.alternateOn()).toBe(false);
			expect(await d.cursorVisible()).toBe(true);
		});

		test('in a 40×10 terminal it says it is too small, and q still quits', {timeout: 60_000}, async () => {
			const d = await start({name: 'small', args: ['--seed', '42'], columns: 40, rows: 10});
			const screen = await d.waitForScreen(
				screen => screen.replaceAll(/\s+/g, ' ').includes('terminal too small'),
				'the too-small message',
			);
			const text = screen.replaceAll(/\s+/g, ' ');
			expect(text).toContain('terminal too small: have 40×10, need');
			expect(text).toMatch(/need \d+×\d+/);
			expect(screen).not.toContain('Parameters');

			await d.keys('q');
			const exit = await d.waitForExit();
			expect(exit.code).toBe(0);
			expect(await d.alternateOn()).toBe(false);
		});

		test('live resizes re-lay out: too small → 100×30 → 80×24, with no leftovers', {timeout: 90_000}, async () => {
			const d = await start({name: 'resize', args: ['--seed', '42'], columns: 40, rows: 10});
			await d.waitForScreen(screen => screen.includes('terminal too small'), 'the too-small message');

			await d.resize(100, 30);
			const large = await d.waitForScreen(
				screen => rows(screen).length === 30 && showsPanels(screen) && (readEpoch(screen) ?? 0) > 0,
				'the panels at 100×30',
			);
			expect(large).not.toContain('terminal too small');
			expect(rows(large).at(-1)!.trim(), 'the frame is shorter than 30 rows').toBe('');

			await d.resize(80, 24);
			const back = await d.waitForScreen(
				screen => rows(screen).length === 24 && showsPanels(screen),
				'the panels at 80×24',
			);
			expect(back).not.toContain('terminal too small');
			expect(rows(back).every(row => row.length <= 80)).toBe(true);
			expect(rows(back).at(-1)!.trim()).toBe('');

			// Bring it to a frame that depends on nothing but the seed and the size (paused at epoch 0, help
			// opened and closed; the ↑/↓ marks, which say what moved in the last frame, left out), and
			// compare with a fresh dashboard drawn at 80×24 from the start: a leftover of the larger layout
			// would show as a difference.
			const settle = async (dashboard: Dashboard): Promise<string> => {
				await dashboard.keys('Space');
				await dashboard.waitForScreen(screen => headerRow(screen).includes('paused'), 'paused');
				await dashboard.keys('r');
				await dashboard.waitForScreen(screen => readEpoch(screen) === 0, 'epoch 0 after r');
				await dashboard.type('?');
				await dashboard.waitForScreen(screen => bodyWords(screen).has('ctrl-c'), 'the help overlay');
				await dashboard.type('?');
				return dashboard.waitForSteadyScreen(
					screen => showsPanels(screen) && !bodyWords(screen).has('ctrl-c'),
					'the panels again',
				);
			};

			const resized = await settle(d);
			const fresh = await settle(await start({name: 'fresh', args: ['--seed', '42']}));
			expect(readEpoch(fresh)).toBe(0);
			const unmarked = (screen: string): string =>
				rows(screen.replaceAll(/[↑↓]/g, ' '))
					.map(row => row.trimEnd())
					.join('\n');
			expect(unmarked(resized)).toBe(unmarked(fresh));
		});

		test('NO_COLOR=1: no colour codes at all; without it (and without CI), colour', {timeout: 60_000}, async () => {
			const plain = await start({name: 'nocolor', args: ['--seed', '42'], env: {NO_COLOR: '1'}});
			await plain.waitForScreen(screen => showsPanels(screen) && (readEpoch(screen) ?? 0) > 0, 'the dashboard');
			const plainCapture = await plain.capture({escapes: true});
			expect(colourCodes(plainCapture), 'colour codes in the NO_COLOR screen').toEqual([]);
			expect(plainCapture).not.toMatch(/\u001B\[3|\u001B\[9|38;/);
			expect(colourCodes(plain.rawOutput()), 'colour codes written with NO_COLOR').toEqual([]);

			const coloured = await start({name: 'color', args: ['--seed', '42'], env: {CI: undefined}});
			await coloured.waitForScreen(screen => showsPanels(screen) && (readEpoch(screen) ?? 0) > 0, 'the dashboard');
			const colourCapture = await coloured.capture({escapes: true});
			expect(colourCodes(colourCapture).length, 'colour codes on the screen without NO_COLOR').toBeGreaterThan(0);
		});

		test('TERM=dumb: one line saying why, then NDJSON, and not one escape sequence', {timeout: 60_000}, async () => {
			const d = await start({
				name: 'dumb',
				args: ['--seed', '42', '--epochs', '3', '--every', '1'],
				env: {TERM: 'dumb', CI: undefined},
			});
			const {code} = await d.waitForExit();
			expect(code).toBe(0);
			const raw = d.rawOutput();
			expect(raw).toContain('tinygan: TERM=dumb cannot show the dashboard');
			expect(raw).toMatch(/\{"type":"end","epoch":3,/);
			expect(raw, 'escape sequences written with TERM=dumb').not.toContain('\u001B');
			expect(await d.alternateOn()).toBe(false);
		});

		test(
			'CI=true in the environment keeps the colours (only NO_COLOR, FORCE_COLOR and TERM=dumb decide)',
			{timeout: 60_000},
			async () => {
				const d = await start({name: 'ci-color', args: ['--seed', '42'], env: {CI: 'true'}});
				await d.waitForScreen(screen => showsPanels(screen) && (readEpoch(screen) ?? 0) > 0, 'the dashboard');
				expect(
					colourCodes(await d.capture({escapes: true})).length,
					'colour codes on the screen with CI=true',
				).toBeGreaterThan(0);
			},
		);

		test('CI=true in the environment does not blank the dashboard', {timeout: 60_000}, async () => {
			const d = await start({name: 'ci', args: ['--seed', '42'], env: {CI: 'true'}});
			const screen = await d.waitForScreen(
				screen => showsPanels(screen) && (readEpoch(screen) ?? 0) > 0 && headerRow(screen).includes('running'),
				'the dashboard drawn while it runs',
			);
			expect(headerRow(screen)).toContain('seed 42');
			expect(await d.alternateOn()).toBe(true);
			await d.keys('q');
			expect((await d.waitForExit()).code).toBe(0);
		});

		test(
			'stdin not a terminal: no raw-mode crash, a help bar without keys, and it leaves at the target with the summary',
			{timeout: 60_000},
			async () => {
				const d = await start({name: 'nostdin', args: ['--seed', '42', '--epochs', '100'], stdinNull: true});
				const drawn = await d.waitForScreen(
					screen =>
						['Loss', 'Samples', 'Parameters'].every(mark => screen.includes(mark)) && readEpoch(screen) !== undefined,
					'the dashboard without a keyboard',
				);
				expect(headerRow(drawn)).toMatch(/\bepoch \d+\/100\b/);
				expect(helpBar(drawn)).toContain('no keyboard');
				expect(helpBar(drawn)).not.toContain('q quit');

				const {code, screen} = await d.waitForExit();
				expect(code).toBe(0);
				expect(await d.alternateOn()).toBe(false);
				const summary = expectSummary(screen, 42);
				expect(summary.trained).toBe(100);
				expect(summary.command).toMatch(/^tinygan --seed 42 --lr 0\.01 --epochs 100\b/);

				const history = await d.capture({history: true});
				const raw = await d.waitForRaw('EXIT=0');
				expect(history).not.toContain('Raw mode is not supported');
				expect(raw).not.toContain('Raw mode is not supported');
			},
		);
	},
);
