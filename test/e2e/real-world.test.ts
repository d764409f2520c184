/**
 * The dashboard where people really run it (tmux here): keys that arrive in
 * one read, and job control (Ctrl-Z, SIGTSTP, SIGCONT). Every wait polls for a
 * condition up to a deadline; nothing sleeps.
 */
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {assertBuilt, cliPath} from '../helpers/paths.js';
import {
	type Dashboard,
	dashboardsInTmux,
	hasTmux,
	parseSummary,
	readEpoch,
	shellQuote,
	showsPanels,
	waitFor,
} from '../helpers/tmux.js';

const arrowRight = '\u001B[C';

/** The process state letter of /proc/<pid>/stat (T: stopped). */
function processState(pid: number): string {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
}

function headerRow(screen: string): string {
	return screen.split('\n').find(row => row.includes('tinygan')) ?? '';
}

describe.skipIf(!hasTmux())('the dashboard in the real world', () => {
	const {start, startShell} = dashboardsInTmux();

	async function pausedAt(d: Dashboard): Promise<number> {
		await d.waitForEpoch(epoch => epoch >= 1, 'training to start');
		await d.keys('Space');
		const screen = await d.waitForScreen(s => headerRow(s).includes('paused'), 'the paused status');
		return readEpoch(screen)!;
	}

	test('every key of one read counts: sss is three steps, s → s three more', async () => {
		const d = await start({name: 'burst', args: ['--seed', '42']});
		const paused = await pausedAt(d);
		await d.type('sss');
		expect(await d.waitForEpoch(epoch => epoch >= paused + 3, 'three steps')).toBe(paused + 3);
		await d.type(`s${arrowRight}s`);
		expect(await d.waitForEpoch(epoch => epoch >= paused + 6, 'three more steps')).toBe(paused + 6);
		// Nothing more comes later
		await d.type('?');
		await d.waitForScreen(s => s.includes('Keys'), 'the help overlay');
		expect(readEpoch(d.last)).toBe(paused + 6);
	});

	test('sq steps, then quits with that epoch in the summary; keys after q do nothing', async () => {
		const d = await start({name: 'step-quit', args: ['--seed', '42']});
		const paused = await pausedAt(d);
		await d.type('sqrs');
		const {code, screen} = await d.waitForExit();
		expect(code).toBe(0);
		expect(parseSummary(screen).command).toContain(`--epochs ${paused + 1} `);
	});

	test('qqq on a busy link quits once, cleanly', async () => {
		const d = await start({name: 'qqq', args: ['--seed', '42', '--speed', 'max']});
		await d.waitForEpoch(epoch => epoch >= 1, 'training to start');
		await d.type('qqq');
		const {code} = await d.waitForExit();
		expect(code).toBe(0);
		expect(await d.alternateOn()).toBe(false);
	});

	/**
	 * The CLI run from an interactive shell, as a person runs it: job control
	 * needs a shell that can continue the stopped job (`fg`). Returns the pane
	 * and the CLI's pid.
	 */
	async function fromShell(name: string, args: readonly string[]): Promise<{d: Dashboard; pid: number}> {
		const d = await startShell(name);
		await d.waitForScreen(screen => screen.includes('shell:'), 'the shell prompt');
		// Not `…; echo EXIT=$?`: the shell runs the rest of a list when a job in it stops
		await d.type(`clear; ${[process.execPath, cliPath, ...args].map(word => shellQuote(word)).join(' ')}`);
		await d.keys('Enter');
		await d.waitForScreen(s => showsPanels(s) && (readEpoch(s) ?? 0) >= 2, 'the dashboard training');
		// The shell's child is the CLI
		const shell = await d.display('#{pane_pid}');
		const pid = Number(execFileSync('pgrep', ['-P', shell], {encoding: 'utf8'}).trim());
		return {d, pid};
	}

	for (const how of ['ctrl-z', 'SIGTSTP'] as const) {
		test(`${how} gives the terminal back and stops; fg takes it again, redraws and trains on`, async () => {
			const {d, pid} = await fromShell(`stop-${how}`, ['--seed', '42', '--epochs', String(1000 + how.length)]);
			if (how === 'ctrl-z') {
				await d.keys('C-z');
			} else {
				process.kill(pid, 'SIGTSTP');
			}

			await waitFor(() => processState(pid) === 'T', {what: 'the CLI to stop'});
			// The terminal is given back: main screen, cursor shown, the shell's prompt (bash's readline then sets its
			// own tty modes, so raw mode's release is checked in test/terminal/modes.test.ts)
			const stopped = await d.waitForScreen(s => /Stopped/.test(s), 'the shell reporting the stopped job');
			expect(await d.alternateOn()).toBe(false);
			expect(await d.cursorVisible()).toBe(true);
			expect(stopped).not.toContain('Parameters');

			await d.type('fg');
			await d.keys('Enter');
			const back = await d.waitForScreen(
				s => showsPanels(s) && s.includes('Samples') && s.includes('G weights'),
				'the whole frame again',
			);
			expect(await d.alternateOn()).toBe(true);
			const resumed = readEpoch(back)!;
			await d.waitForEpoch(epoch => epoch > resumed, 'training to go on');
			await d.type('q');
			await d.waitForScreen(s => s.includes('Reproduce it headless'), 'the summary');
			await d.type('echo "CLI exit: $?"');
			await d.keys('Enter');
			const exited = await d.waitForScreen(s => /^CLI exit: \d+$/m.test(s), 'the exit code', {untilExit: true});
			expect(exited).toMatch(/^CLI exit: 0$/m);
			// No terminal answer leaked into the shell's input
			expect(exited).not.toMatch(/command not found|\[0n/);
		});
	}

	test('a locale that is not UTF-8 gets ASCII only, every panel still there; --no-ascii gets Unicode', async () => {
		const d = await start({name: 'ascii', args: ['--seed', '42'], env: {LANG: 'C'}});
		const screen = await d.waitForScreen(
			s => showsPanels(s) && (readEpoch(s) ?? 0) > 1 && s.includes('G weights'),
			'the dashboard in ASCII',
		);
		expect(
			[...screen].filter(char => char > '~'),
			'characters beyond ASCII',
		).toEqual([]);
		expect(screen).toContain('[');
		await d.type('q');
		expect((await d.waitForExit()).code).toBe(0);

		const unicode = await start({name: 'no-ascii', args: ['--seed', '42', '--no-ascii'], env: {LANG: 'C'}});
		const drawn = await unicode.waitForScreen(s => showsPanels(s) && (readEpoch(s) ?? 0) > 1, 'the dashboard');
		expect(drawn).toMatch(/[▕▏─]/);
	});
});
