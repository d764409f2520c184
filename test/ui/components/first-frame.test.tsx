/**
 * The first frame is drawn before Ink loads, from the frame's lines through
 * `toAnsi`; Ink then draws the same lines. The two must give the terminal the
 * same cells (characters and styles), or the first Ink frame would repaint.
 * Colour is forced before Ink's chalk loads, as colour.test.tsx does.
 */
import {afterEach, describe, expect, it} from 'vitest';

process.env['FORCE_COLOR'] = '1';
const {render, cleanup} = await import('ink-testing-library');
const {App} = await import('../../../source/ui/app.js');
const {Session} = await import('../../../source/run/session.js');
const {UiStore} = await import('../../../source/ui/state.js');
const {themeFor} = await import('../../../source/ui/theme.js');
const {asciiGlyphs, unicodeGlyphs} = await import('../../../source/ui/glyphs.js');
const {frameLines} = await import('../../../source/ui/frame.js');
const {toAnsi} = await import('../../../source/ui/lines.js');
const {parseLine} = await import('../../../source/terminal/cells.js');
const {FakeClock} = await import('../../helpers/fake-clock.js');

afterEach(() => {
	cleanup();
});

/** What a terminal shows: each row's cells, a blank whose only style is a foreground colour counted as plain. */
function shown(frame: string): string[] {
	return frame
		.replace(/\n+$/, '')
		.split('\n')
		.map(line => {
			const cells = parseLine(line).map(cell =>
				cell.text === ' ' && /^(\u001B\[\d+m)?$/.test(cell.style) && !/\[(1|7|4\d)m/.test(cell.style)
					? {text: ' ', style: ''}
					: cell,
			);
			while (cells.length > 0 && cells.at(-1)!.text === ' ' && cells.at(-1)!.style === '') {
				cells.pop();
			}

			return cells.map(cell => cell.style + cell.text).join('');
		});
}

const sizes = [
	[76, 20],
	[80, 24],
	[140, 30],
	[60, 15],
] as const;
const states = [
	{name: 'a fresh run', options: {}, steps: 0, help: false, interactive: true},
	{name: 'a stepped run', options: {}, steps: 37, help: false, interactive: true},
	{name: 'the help', options: {}, steps: 3, help: true, interactive: true},
	{name: 'a diverged run', options: {lr: 10}, steps: 60, help: false, interactive: true},
	{name: 'no keyboard', options: {seed: 4_294_967_295}, steps: 2, help: false, interactive: false},
] as const;

describe('the first frame and Ink draw the same cells', () => {
	for (const state of states) {
		for (const [columns, rows] of sizes) {
			for (const ascii of [false, true]) {
				it(`${state.name} at ${columns}×${rows}${ascii ? ' in ASCII' : ''}`, async () => {
					const session = new Session(
						{seed: 42, lr: 0.01, epochs: 1000, speed: 50, fps: 20, ...state.options},
						new FakeClock(),
					);
					for (let i = 0; i < state.steps; i++) {
						session.dispatch({type: 'step'});
					}

					const ui = new UiStore();
					if (state.help) {
						ui.dispatch({type: 'toggle-help'});
					}

					const theme = themeFor(true, ascii ? asciiGlyphs : unicodeGlyphs);
					const app = render(<App session={session} ui={ui} interactive={state.interactive} theme={theme} />);
					Object.defineProperty(app.stdout, 'columns', {value: columns, configurable: true});
					Object.defineProperty(app.stdout, 'rows', {value: rows, configurable: true});
					app.stdout.emit('resize');
					const first = frameLines({
						view: session.getView(),
						helpOpen: state.help,
						columns,
						rows,
						interactive: state.interactive,
						theme,
					})
						.map(line => toAnsi(line, true))
						.join('\n');
					const expected = shown(first);
					if (columns >= 76) {
						// Styled: the test compares colours too
						expect(expected.join('\n')).toContain('\u001B[');
					}

					await expect.poll(() => shown(app.lastFrame() ?? '')).toEqual(expected);
				});
			}
		}
	}
});
