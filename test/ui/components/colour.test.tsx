/**
 * Colour on and off with colour forced in the renderer: Ink's chalk reads
 * FORCE_COLOR when it loads, so it is set before Ink is imported (vitest runs
 * each test file in a process of its own). With themeFor(false) no panel
 * may write an escape character even then; with themeFor(true) each colour
 * of the theme appears where it belongs.
 */
import type {ReactElement} from 'react';
import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';

process.env['FORCE_COLOR'] = '1';
const {render, cleanup} = await import('ink-testing-library');
const {App} = await import('../../../source/ui/app.js');
const {Header} = await import('./panels.js');
const {HelpBar} = await import('./panels.js');
const {HelpOverlay} = await import('./panels.js');
const {LossChart} = await import('./panels.js');
const {ParameterTable} = await import('./panels.js');
const {Samples} = await import('./panels.js');
const {TooSmall} = await import('./panels.js');
const {Session} = await import('../../../source/run/session.js');
const {UiStore} = await import('../../../source/ui/state.js');
const {themeFor} = await import('../../../source/ui/theme.js');
const {asciiGlyphs} = await import('../../../source/ui/glyphs.js');
const {FakeClock, esc, notPrintableAscii, sessionOptions, steppedView, trainedHistory} = await import('./support.js');

type Theme = ReturnType<typeof themeFor>;

const sgr = {
	bold: '\u001B[1m',
	red: '\u001B[31m',
	green: '\u001B[32m',
	yellow: '\u001B[33m',
	blue: '\u001B[34m',
	magenta: '\u001B[35m',
	cyan: '\u001B[36m',
	gray: '\u001B[90m',
} as const;

function frameOf(tree: ReactElement): string {
	const {lastFrame} = render(tree);
	const frame = lastFrame() ?? '';
	expect(frame).not.toBe('');
	return frame;
}

/** Every panel, as the App would draw it mid-run (and diverged). */
function panels(theme: Theme): Record<string, ReactElement> {
	const view = steppedView(30);
	const diverged = trainedHistory(1000, 42, 10);
	return {
		'header running': (
			<Header
				seed={42}
				lr={0.01}
				epoch={30}
				target={1000}
				epochsPerSecond={50}
				status="running"
				spinnerFrame={0}
				width={99}
				theme={theme}
			/>
		),
		'header paused': (
			<Header
				seed={42}
				lr={0.01}
				epoch={30}
				target={1000}
				epochsPerSecond={0}
				status="paused"
				spinnerFrame={0}
				width={99}
				theme={theme}
			/>
		),
		'header finished': (
			<Header
				seed={42}
				lr={0.01}
				epoch={1000}
				target={1000}
				epochsPerSecond={0}
				status="finished"
				spinnerFrame={0}
				width={99}
				theme={theme}
			/>
		),
		'header diverged': (
			<Header
				seed={42}
				lr={10}
				epoch={85}
				target={1000}
				epochsPerSecond={0}
				status="diverged"
				spinnerFrame={0}
				width={99}
				theme={theme}
			/>
		),
		'loss chart empty': (
			<LossChart
				history={{d: [], g: [], stride: 1}}
				last={undefined}
				divergence={undefined}
				width={99}
				height={7}
				theme={theme}
			/>
		),
		'loss chart': (
			<LossChart history={view.history} last={view.last} divergence={undefined} width={99} height={7} theme={theme} />
		),
		'loss chart diverged': (
			<LossChart
				history={diverged.history}
				last={diverged.last}
				divergence={diverged.trainer.diverged}
				width={99}
				height={7}
				theme={theme}
			/>
		),
		samples: <Samples width={99} real={view.real} fake={view.fake} theme={theme} />,
		parameters: <ParameterTable parameters={view.parameters} previous={view.previousParameters} theme={theme} />,
		'help bar': <HelpBar width={99} speed="50/s" keys theme={theme} />,
		'help bar without keys': <HelpBar width={99} speed="50/s" keys={false} theme={theme} />,
		'help overlay': <HelpOverlay width={99} theme={theme} />,
		'too small': <TooSmall width={60} height={15} minWidth={70} minHeight={20} theme={theme} />,
	};
}

afterEach(() => {
	cleanup();
});

describe('colour forced on in the renderer', () => {
	beforeAll(() => {
		expect(process.env['FORCE_COLOR']).toBe('1');
	});

	describe('themeFor(false)', () => {
		it.each(Object.keys(panels(themeFor(false))))('%s writes no escape character', name => {
			const tree = panels(themeFor(false))[name]!;
			expect(frameOf(tree)).not.toContain(esc);
		});

		it('the whole App writes no escape character, help open or closed', async () => {
			const session = new Session(sessionOptions, new FakeClock());
			session.dispatch({type: 'step'});
			const ui = new UiStore();
			const {lastFrame} = render(<App session={session} ui={ui} interactive theme={themeFor(false)} />);
			expect(lastFrame()).toContain('Parameters');
			expect(lastFrame()).not.toContain(esc);
			ui.dispatch({type: 'toggle-help'});
			await vi.waitFor(() => {
				expect(lastFrame()).toContain('Keys');
			});
			expect(lastFrame()).not.toContain(esc);
		});
	});

	describe('themeFor(true)', () => {
		const theme = themeFor(true);

		it('colours each status in the header, and the name is bold', () => {
			const p = panels(theme);
			expect(frameOf(p['header running']!)).toContain(sgr.green);
			expect(frameOf(p['header paused']!)).toContain(`${sgr.yellow}‖ paused`);
			expect(frameOf(p['header finished']!)).toContain(`${sgr.blue}✓ finished`);
			expect(frameOf(p['header diverged']!)).toContain(`${sgr.red}✗ diverged`);
			expect(frameOf(p['header paused']!)).toContain(`${sgr.bold}tinygan`);
		});

		it('colours D cyan and G magenta in the legend and the plot, the axis gray', () => {
			const frame = frameOf(panels(theme)['loss chart']!);
			expect(frame).toContain(`${sgr.cyan}─ D `);
			expect(frame).toContain(`${sgr.magenta}═ G `);
			expect(frame).toMatch(new RegExp(`${escapeRegExp(sgr.cyan)}[─╭╮╰╯│]`));
			expect(frame).toMatch(new RegExp(`${escapeRegExp(sgr.magenta)}[═╔╗╚╝║]`));
			expect(frame).toContain(`${sgr.gray}`);
		});

		it('mutes the help bar and the hints in the samples', () => {
			const p = panels(theme);
			expect(frameOf(p['help bar']!)).toContain(`${sgr.gray}space pause`);
			expect(frameOf(p.samples!)).toContain(`${sgr.gray}real faces`);
		});

		it('in ASCII too: D cyan with -, G magenta with =, and nothing but ASCII once the colour codes are taken out', () => {
			const ascii = panels(themeFor(true, asciiGlyphs));
			const chart = frameOf(ascii['loss chart']!);
			expect(chart).toContain(`${sgr.cyan}- D `);
			expect(chart).toContain(`${sgr.magenta}= G `);
			expect(chart).toMatch(new RegExp(`${escapeRegExp(sgr.cyan)}[-|.']`));
			expect(chart).toMatch(new RegExp(`${escapeRegExp(sgr.magenta)}[=#]`));
			for (const [name, tree] of Object.entries(ascii)) {
				const frame = frameOf(tree);
				for (const line of frame.replaceAll(/\u001B\[[\d;]*m/g, '').split('\n')) {
					expect(notPrintableAscii(line), `${name}: ${line}`).toEqual([]);
				}
			}
		});

		it('titles are bold', () => {
			const p = panels(theme);
			expect(frameOf(p.parameters!)).toContain(`${sgr.bold}Parameters`);
			expect(frameOf(p.samples!)).toContain(`${sgr.bold}Samples`);
			expect(frameOf(p['help overlay']!)).toContain(`${sgr.bold}Keys`);
		});
	});
});

function escapeRegExp(text: string): string {
	return text.replaceAll(/[[\]\\^$.*+?(){}|]/g, '\\$&');
}
