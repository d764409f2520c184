import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {Session, type SessionOptions} from '../../../source/run/session.js';
import {type KeyName, loneEscapeWaitMs, readInput} from '../../../source/terminal/input.js';
import {App, minSize} from '../../../source/ui/app.js';
import {routeKeys} from '../../../source/ui/commands.js';
import {keyTable} from '../../../source/ui/keys.js';
import {UiStore} from '../../../source/ui/state.js';
import {themeFor} from '../../../source/ui/theme.js';
import {arrowRight, ctrlC, ctrlZ, esc, escape, space, statusAnswer} from '../../helpers/escapes.js';
import {FakeClock, linesOf, sessionOptions} from './support.js';

// ink-testing-library's stdout is 100 columns wide and has no rows: the App assumes 24, and its
// frame keeps one row (and one column) free, so 23 lines of at most 99 cells at the start.
const theme = themeFor(false);

const mounted: Array<{readonly session: Session; readonly stopInput: () => void}> = [];

afterEach(() => {
	cleanup();
	for (const {session, stopInput} of mounted.splice(0)) {
		stopInput();
		session.stop();
	}
});

/**
 * Renders the App on a session driven by a fake clock, with keys wired as
 * the dashboard wires them (source/ui/dashboard.tsx): the stdin Ink was given
 * is read by `readInput`, and each key goes through `routeKeys` to the
 * session, the UI store, `quit` or `suspend`. `type` writes to that stdin as
 * a terminal would, one chunk a call. The key reader waits (a lone ESC) on a
 * clock of its own, `inputClock`, so that the session's time and the
 * reader's move apart.
 */
function mount(options: Partial<SessionOptions> = {}, interactive = true) {
	const clock = new FakeClock();
	const inputClock = new FakeClock();
	const session = new Session({...sessionOptions, ...options}, clock);
	const ui = new UiStore();
	const instance = render(<App session={session} ui={ui} interactive={interactive} theme={theme} />);
	/** Every key the reader handed on, in order. */
	const keys: KeyName[] = [];
	const quit = vi.fn<() => void>();
	const suspend = vi.fn<() => void>();
	const statusOk = vi.fn<() => void>();
	const save = vi.fn<() => void>();
	const route = routeKeys({session, ui, quit, suspend, save});
	const stopInput = interactive
		? readInput(
				instance.stdin,
				{
					key(name) {
						keys.push(name);
						route(name);
					},
					statusOk,
				},
				inputClock,
			)
		: () => {};
	mounted.push({session, stopInput});
	session.start();
	const frame = (): string => instance.lastFrame() ?? '';
	const type = (chunk: string): void => {
		instance.stdin.write(chunk);
	};

	return {...instance, clock, inputClock, session, ui, keys, quit, suspend, statusOk, stopInput, frame, type};
}

type Mounted = ReturnType<typeof mount>;

/** Ink draws a session update in a microtask: after this, any update so far is on screen (or never will be). */
async function nextMacrotask(): Promise<void> {
	await new Promise(resolve => {
		setImmediate(resolve);
	});
}

/** A terminal of another size: the App reads stdout's columns and rows on 'resize'. */
function resize({stdout}: Mounted, columns: number, rows: number): void {
	Object.defineProperty(stdout, 'columns', {value: columns, configurable: true});
	Object.defineProperty(stdout, 'rows', {value: rows, configurable: true});
	stdout.emit('resize');
}

function epochIn(frame: string): number {
	const match = /epoch (\d+)/.exec(frame);
	expect(match, frame).not.toBeNull();
	return Number(match![1]);
}

/** Runs the clock until the frame shows more than `epoch` epochs. */
async function runPast(app: Mounted, epoch: number, ms = 200): Promise<number> {
	app.clock.advance(ms);
	await vi.waitFor(() => {
		expect(epochIn(app.frame())).toBeGreaterThan(epoch);
	});
	return epochIn(app.frame());
}

/** Waits until the frame shows exactly `epoch` epochs, paused. */
async function pausedAt(app: Mounted, epoch: number): Promise<void> {
	await vi.waitFor(() => {
		expect(epochIn(app.frame())).toBe(epoch);
		expect(app.frame()).toContain('‖ paused');
	});
}

/**
 * A change that must reach the screen (the speed, typed): once it shows,
 * every earlier update has been drawn too, so a check for "nothing changed"
 * after it is not vacuous.
 */
async function barrier(app: Mounted): Promise<void> {
	const before = /speed (\S+)/.exec(app.frame())?.[1];
	app.type(before === '100/s' ? '-' : '+');
	await vi.waitFor(() => {
		expect(/speed (\S+)/.exec(app.frame())?.[1]).not.toBe(before);
	});
}

describe('App layout', () => {
	it('shows every panel in at most 23 lines of the assumed 24 rows', async () => {
		const app = mount();
		await runPast(app, 0);
		const frame = app.frame();
		const lines = linesOf(frame);
		expect(lines[0]).toMatch(/^tinygan\b/);
		expect(lines.some(line => /^Loss\b/.test(line))).toBe(true);
		expect(lines.some(line => /^Samples\b/.test(line))).toBe(true);
		expect(lines.some(line => /^Parameters\b/.test(line))).toBe(true);
		expect(lines.at(-1)).toMatch(/^space pause\b/);
		expect(lines.at(-1)).toContain('speed 50/s');
		expectFits(frame, 100, 24);
	});

	it('keeps the frame within 23 lines with the help open', async () => {
		const app = mount();
		app.type('?');
		await vi.waitFor(() => {
			expect(app.frame()).toContain('pause, go on from here');
		});
		expectFits(app.frame(), 100, 24);
	});

	it('keeps the frame within 23 lines once the run diverged (the reason must not push it to 24)', async () => {
		const app = mount({lr: 10, speed: 1000});
		app.clock.advance(1000);
		await vi.waitFor(() => {
			expect(app.frame()).toContain('✗ diverged');
		});
		expect(app.frame()).toContain('diverged in epoch');
		expectFits(app.frame(), 100, 24);
	});

	it('shows the too-small screen when the terminal shrinks, q still quits there', async () => {
		const app = mount();
		resize(app, 60, 15);
		await vi.waitFor(() => {
			expect(app.frame()).toContain(`terminal too small: have 60×15, need ${minSize.columns}×${minSize.rows}`);
		});
		expect(app.frame()).not.toContain('Parameters');
		app.type('q');
		expect(app.quit).toHaveBeenCalledTimes(1);
	});

	it('draws the layout again when the terminal grows back', async () => {
		const app = mount();
		resize(app, 60, 24);
		await vi.waitFor(() => {
			expect(app.frame()).toContain('terminal too small: have 60×24');
		});
		resize(app, 100, 24);
		await vi.waitFor(() => {
			expect(app.frame()).toContain('Parameters');
		});
		expect(app.frame()).not.toContain('too small');
	});

	it('puts the samples and the parameters side by side at 140×30', async () => {
		const app = mount();
		resize(app, 140, 30);
		await vi.waitFor(() => {
			expect(linesOf(app.frame()).some(line => /^Samples\b.*\bParameters\b/.test(line))).toBe(true);
		});
		expect(linesOf(app.frame()).length).toBeLessThanOrEqual(29);
	});
});

/** The four parameter rows: each must hold all its values on its own line. */
const parameterRows = [
	['G weights  w', 4],
	['G biases   c', 4],
	['D weights  v', 4],
	['D bias     b', 1],
] as const;

function expectWholeParameterRows(frame: string): void {
	const lines = linesOf(frame);
	for (const [label, values] of parameterRows) {
		const line = lines.find(line => line.includes(label));
		expect(line, label).toBeDefined();
		expect(line!.slice(line!.indexOf(label)).match(/[+-]\d\.\d{6}/g), `${label} in\n${frame}`).toHaveLength(values);
	}
}

/** The frame leaves the terminal's last row and column free. */
function expectFits(frame: string, columns: number, rows: number): void {
	const lines = linesOf(frame);
	expect(lines.length, frame).toBeLessThanOrEqual(rows - 1);
	for (const line of lines) {
		expect([...line].length, line).toBeLessThanOrEqual(columns - 1);
	}
}

describe('App at the sizes it claims', () => {
	// At minSize; seeds are drawn at random up to 4294967295, so ten digits are the common case
	it.each([42, 4_294_967_295])(
		'at the minimum size (seed %i) fits in rows − 1 lines of columns − 1, every title on its own line',
		async seed => {
			const app = mount({seed});
			resize(app, minSize.columns, minSize.rows);
			await runPast(app, 0);
			const frame = app.frame();
			const lines = linesOf(frame);
			expect(lines[0]).toMatch(new RegExp(`^tinygan +\\S+ running +epoch \\d+/1000 .*seed ${seed} +lr 0\\.01$`));
			expect(lines[1]).toBe('');
			expect(lines[2]).toMatch(/^Loss\b/);
			const samples = lines.findIndex(line => /^Samples\b/.test(line));
			expect(lines[samples + 1]).toMatch(/^real faces\b/);
			expectWholeParameterRows(frame);
			expect(lines.at(-1)).toMatch(/^space pause\b/);
			expectFits(frame, minSize.columns, minSize.rows);
		},
	);

	it('at the minimum size a diverged run shows the whole reason, the seed in full, within rows − 1 lines', async () => {
		const app = mount({lr: 10, speed: 1000, seed: 4_294_967_295});
		resize(app, minSize.columns, minSize.rows);
		app.clock.advance(1000);
		await vi.waitFor(() => {
			expect(app.frame()).toContain('✗ diverged');
		});
		const frame = app.frame();
		const {divergence} = app.session.getView();
		expect(divergence).toBeDefined();
		expect(linesOf(frame)[0]).toMatch(/ seed 4294967295 +lr 10$/);
		expect(frame.replaceAll(/\s+/g, ' ')).toContain(`diverged in epoch ${divergence!.epoch}: ${divergence!.reason}`);
		expectFits(frame, minSize.columns, minSize.rows);
	});

	it('shows a speed of any precision rounded in the help bar', async () => {
		const app = mount({speed: 1 / 3});
		resize(app, minSize.columns, minSize.rows);
		await vi.waitFor(() => {
			expect(linesOf(app.frame()).at(-1)).toContain('speed 0.333/s');
		});
	});

	it('at the minimum size the help overlay shows its title and every binding whole, within rows − 1 lines', async () => {
		const app = mount();
		resize(app, minSize.columns, minSize.rows);
		app.type('?');
		await vi.waitFor(() => {
			expect(app.frame()).toContain('pause, go on from here');
		});
		const frame = app.frame();
		expect(frame).toContain('Keys');
		for (const binding of keyTable) {
			expect(frame).toContain(binding.description);
		}

		expectFits(frame, minSize.columns, minSize.rows);
	});

	it('at 140×24, where samples and parameters go side by side, fits in 23 lines with whole parameter rows', async () => {
		const app = mount();
		resize(app, 140, 24);
		await vi.waitFor(() => {
			expect(linesOf(app.frame()).some(line => /^Samples\b.*\bParameters\b/.test(line))).toBe(true);
		});
		await runPast(app, 0);
		const frame = app.frame();
		expectWholeParameterRows(frame);
		expectFits(frame, 140, 24);
	});
});

describe('App keys', () => {
	it('space pauses: the header says paused and the epoch stays when the clock runs on; space again runs', async () => {
		const app = mount();
		const running = await runPast(app, 0);
		expect(app.frame()).toMatch(/^tinygan +\S+ running /m);

		app.type(space);
		await vi.waitFor(() => {
			expect(app.frame()).toContain('‖ paused');
		});
		const paused = epochIn(app.frame());
		expect(paused).toBeGreaterThanOrEqual(running);

		app.clock.advance(2000);
		await barrier(app);
		expect(epochIn(app.frame())).toBe(paused);
		expect(app.session.snapshot().epoch).toBe(paused);
		expect(app.frame()).toContain('‖ paused');

		app.type(space);
		await vi.waitFor(() => {
			expect(app.frame()).toMatch(/^tinygan +\S+ running /m);
		});
		expect(app.frame()).not.toContain('paused');
		await runPast(app, paused);
	});

	it.each([
		['s', 's'],
		['→', arrowRight],
	])('%s trains exactly one epoch and pauses', async (_name, key) => {
		const app = mount();
		await runPast(app, 0);
		const before = app.session.snapshot().epoch;

		app.type(key);
		await vi.waitFor(() => {
			expect(app.frame()).toContain(`epoch ${before + 1}/1000`);
		});
		expect(app.frame()).toContain('‖ paused');

		// Paused: the clock adds nothing, and it was one epoch, not more
		app.clock.advance(1000);
		await barrier(app);
		expect(epochIn(app.frame())).toBe(before + 1);

		// Once more, from paused
		app.type(key);
		await vi.waitFor(() => {
			expect(app.frame()).toContain(`epoch ${before + 2}/1000`);
		});
		expect(app.frame()).toContain('‖ paused');
		await barrier(app);
		expect(epochIn(app.frame())).toBe(before + 2);
	});

	it('r goes back to epoch 0', async () => {
		const app = mount();
		await runPast(app, 5, 500);
		app.type(space);
		await vi.waitFor(() => {
			expect(app.frame()).toContain('‖ paused');
		});

		app.type('r');
		await vi.waitFor(() => {
			expect(app.frame()).toContain('epoch 0/1000');
		});
		expect(app.session.snapshot().epoch).toBe(0);
		// The history went with it
		expect(app.frame()).toContain('waiting for the first epoch');
	});

	it('r while running goes back to epoch 0 and runs on', async () => {
		const app = mount();
		const reached = await runPast(app, 5, 500);
		app.type('r');
		await vi.waitFor(() => {
			expect(app.frame()).toContain('epoch 0/1000');
		});
		expect(app.frame()).toMatch(/^tinygan +\S+ running /m);
		await runPast(app, 0);
		expect(reached).toBeGreaterThan(5);
	});

	it('+ climbs the speed ladder (50/s → 100/s) and - climbs back down', async () => {
		const app = mount();
		expect(app.frame()).toContain('speed 50/s');

		app.type('+');
		await vi.waitFor(() => {
			expect(app.frame()).toContain('speed 100/s');
		});

		app.type('-');
		await vi.waitFor(() => {
			expect(app.frame()).toContain('speed 50/s');
		});
	});

	it('? shows the help overlay and ? hides it', async () => {
		const app = mount();
		app.type('?');
		await vi.waitFor(() => {
			expect(app.frame()).toContain('pause, go on from here');
		});
		expect(app.frame()).toContain('Keys');
		expect(app.frame()).not.toContain('Parameters');
		expect(app.frame()).not.toContain('Samples');

		app.type('?');
		await vi.waitFor(() => {
			expect(app.frame()).toContain('Parameters');
		});
		expect(app.frame()).not.toContain('pause, go on from here');
	});

	it('escape hides the help overlay once the reader knows it is the Esc key alone', async () => {
		const app = mount();
		app.type('?');
		await vi.waitFor(() => {
			expect(app.frame()).toContain('pause, go on from here');
		});

		// A lone ESC may be the start of a sequence still on the wire: held for a moment
		app.type(escape);
		app.inputClock.advance(loneEscapeWaitMs - 1);
		expect(app.keys).toEqual(['?']);
		expect(app.ui.getState().helpOpen).toBe(true);

		app.inputClock.advance(1);
		expect(app.keys).toEqual(['?', 'escape']);
		await vi.waitFor(() => {
			expect(app.frame()).toContain('Parameters');
		});
		expect(app.frame()).not.toContain('pause, go on from here');
		expect(app.ui.getState().helpOpen).toBe(false);
	});

	it.each([
		['q', 'q'],
		['Ctrl-C', ctrlC],
	])('%s asks the dashboard to quit, once, and changes nothing else', async (_name, key) => {
		const app = mount();
		const running = await runPast(app, 0);

		app.type(key);
		expect(app.quit).toHaveBeenCalledTimes(1);
		expect(app.suspend).not.toHaveBeenCalled();
		// Quitting is the dashboard's: the run is not paused by it, the help not opened
		await runPast(app, running);
		expect(app.frame()).toMatch(/^tinygan +\S+ running /m);
		expect(app.ui.getState().helpOpen).toBe(false);
	});

	it('once the dashboard lets go (input stopped, app unmounted, as on quit), no key acts and no frame follows', async () => {
		const app = mount();
		app.quit.mockImplementation(() => {
			app.stopInput();
			app.unmount();
		});
		await runPast(app, 0);

		// Control for the check at the end: while mounted, a session update is drawn before the next macrotask
		app.type('+');
		await nextMacrotask();
		expect(app.frame()).toContain('speed 100/s');

		app.type('q');
		expect(app.quit).toHaveBeenCalledTimes(1);
		expect(app.stdin.listenerCount('data')).toBe(0);

		// Keys are no longer read; the session goes on publishing; nothing is drawn any more
		const frames = app.frames.length;
		const last = app.frame();
		app.type('s-q');
		expect(app.keys).toEqual(['+', 'q']);
		expect(app.quit).toHaveBeenCalledTimes(1);
		app.session.dispatch({type: 'slower'});
		app.session.dispatch({type: 'step'});
		app.clock.advance(1000);
		await nextMacrotask();
		expect(app.session.getView().speed).toBe(50);
		expect(app.session.getView().status).toBe('paused');
		expect(app.frames.length).toBe(frames);
		expect(app.frame()).toBe(last);
		expect(last).toContain('speed 100/s');
	});

	it('Ctrl-Z asks the dashboard to suspend, once, and changes nothing else', async () => {
		const app = mount();
		const running = await runPast(app, 0);
		app.type(ctrlZ);
		expect(app.keys).toEqual(['ctrl-z']);
		expect(app.suspend).toHaveBeenCalledTimes(1);
		expect(app.quit).not.toHaveBeenCalled();
		await runPast(app, running);
		expect(app.frame()).toMatch(/^tinygan +\S+ running /m);
	});

	it('the App itself reads no keys: only the key reader listens to stdin', () => {
		const app = mount();
		expect(app.stdin.listenerCount('readable')).toBe(0);
		expect(app.stdin.listenerCount('data')).toBe(1);
	});
});

/** Several keys in one read of the terminal (typing fast, a held key, a paste, an SSH packet). */
describe('App keys arriving together', () => {
	it.each([
		['sss', 'sss', ['s', 's', 's']],
		['s → s', `s${arrowRight}s`, ['s', 'right', 's']],
	])('%s in one chunk is three steps', async (_name, chunk, keys) => {
		const app = mount();
		await runPast(app, 0);
		const before = app.session.snapshot().epoch;

		app.type(chunk);
		await pausedAt(app, before + 3);
		expect(app.keys).toEqual(keys);
		expect(app.session.snapshot().epoch).toBe(before + 3);

		// Three, not more: paused, the clock adds nothing
		app.clock.advance(1000);
		await barrier(app);
		expect(epochIn(app.frame())).toBe(before + 3);
	});

	it("'sq' in one chunk steps, then quits: quit once, after the step", async () => {
		const app = mount();
		await runPast(app, 0);
		const before = app.session.snapshot().epoch;
		const epochsAtQuit: number[] = [];
		app.quit.mockImplementation(() => {
			epochsAtQuit.push(app.session.snapshot().epoch);
		});

		app.type('sq');
		expect(app.keys).toEqual(['s', 'q']);
		expect(app.quit).toHaveBeenCalledTimes(1);
		expect(epochsAtQuit).toEqual([before + 1]);
		await pausedAt(app, before + 1);
	});

	it('an arrow split across two reads is one step, not Esc and two characters', async () => {
		const app = mount();
		app.type('?');
		await vi.waitFor(() => {
			expect(app.frame()).toContain('pause, go on from here');
		});
		const before = app.session.snapshot().epoch;

		app.type(arrowRight.slice(0, 2));
		expect(app.keys).toEqual(['?']);
		expect(app.session.snapshot().epoch).toBe(before);
		app.type(arrowRight.slice(2));
		expect(app.keys).toEqual(['?', 'right']);
		expect(app.session.snapshot().epoch).toBe(before + 1);
		// The help stays open: no Esc was seen
		expect(app.ui.getState().helpOpen).toBe(true);
		app.type('?');
		await pausedAt(app, before + 1);

		// And nothing is left waiting to turn up later
		app.inputClock.advance(10_000);
		expect(app.keys).toEqual(['?', 'right', '?']);
		expect(app.session.snapshot().epoch).toBe(before + 1);
	});

	it("the terminal's status answer reaches statusOk and never the key handler", async () => {
		const app = mount();
		await runPast(app, 0);
		app.type(statusAnswer);
		expect(app.statusOk).toHaveBeenCalledTimes(1);
		expect(app.keys).toEqual([]);

		// Between keys, in the same chunk: the keys act, the answer is not one of them
		const before = app.session.snapshot().epoch;
		app.type(`s${statusAnswer}s`);
		expect(app.statusOk).toHaveBeenCalledTimes(2);
		expect(app.keys).toEqual(['s', 's']);
		await pausedAt(app, before + 2);

		// Split across reads, too
		app.type(statusAnswer.slice(0, 3));
		app.type(statusAnswer.slice(3));
		expect(app.statusOk).toHaveBeenCalledTimes(3);
		expect(app.keys).toEqual(['s', 's']);
		app.inputClock.advance(10_000);
		expect(app.keys).toEqual(['s', 's']);
		expect(app.quit).not.toHaveBeenCalled();
		expect(app.ui.getState().helpOpen).toBe(false);
	});
});

describe('App without a keyboard', () => {
	it('says so in the help bar, reads no keys, and runs on whatever is typed', async () => {
		const app = mount({epochs: 20}, false);
		await runPast(app, 0, 100);
		expect(app.stdin.listenerCount('readable')).toBe(0);
		expect(app.stdin.listenerCount('data')).toBe(0);

		for (const key of [space, 's', arrowRight, 'r', '+', '?', 'q', ctrlC, ctrlZ]) {
			app.type(key);
		}

		const before = epochIn(app.frame());
		await runPast(app, before, 100);
		const frame = app.frame();
		expect(frame).toMatch(/^tinygan +\S+ running /m);
		expect(frame).not.toContain('paused');
		expect(frame).not.toContain('pause, go on from here');
		expect(frame).toContain('speed 50/s');
		expect(frame).toContain('no keyboard');
		expect(app.quit).not.toHaveBeenCalled();
		expect(app.suspend).not.toHaveBeenCalled();
	});

	it('shows the run finished at the target epoch (leaving then is the dashboard’s)', async () => {
		const app = mount({epochs: 20}, false);
		app.clock.advance(1000);
		await vi.waitFor(() => {
			expect(app.frame()).toContain('✓ finished');
		});
		expect(app.frame()).toContain('epoch 20/20');
		expect(app.session.getView().status).toBe('finished');
		expect(app.session.snapshot().epoch).toBe(20);
	});
});

describe('App at the target epoch', () => {
	it('with a keyboard stays at the target epoch, finished, until a key', async () => {
		const app = mount({epochs: 20});
		app.clock.advance(1000);
		await vi.waitFor(() => {
			expect(app.frame()).toContain('✓ finished');
		});
		expect(app.frame()).toContain('epoch 20/20');
		await barrier(app);
		expect(app.quit).not.toHaveBeenCalled();
		expect(app.frame()).toContain('✓ finished');
		expect(app.session.snapshot().epoch).toBe(20);
	});

	it('with a keyboard, space after the target trains on past it and the header drops the target', async () => {
		const app = mount({epochs: 20});
		app.clock.advance(1000);
		await vi.waitFor(() => {
			expect(app.frame()).toContain('✓ finished');
		});

		app.type(space);
		await vi.waitFor(() => {
			expect(app.frame()).toMatch(/^tinygan +\S+ running /m);
		});
		const epoch = await runPast(app, 20, 500);
		expect(app.frame()).toContain(`epoch ${epoch}  `);
		expect(app.frame()).not.toMatch(/epoch \d+\//);
		expect(app.quit).not.toHaveBeenCalled();
	});
});
