/**
 * ASCII mode: with the ASCII glyphs every frame of every panel, and of the
 * whole App through a run (running, paused, help, finished, diverged, too
 * small, wide), is printable ASCII, 0x20 to 0x7e on each line.
 */
import type {ReactElement} from 'react';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {Session, type SessionOptions} from '../../../source/run/session.js';
import {UiStore} from '../../../source/ui/state.js';
import {App, minSize} from '../../../source/ui/app.js';
import {asciiGlyphs} from '../../../source/ui/glyphs.js';
import {Header} from './panels.js';
import {HelpBar} from './panels.js';
import {HelpOverlay} from './panels.js';
import {LossChart} from './panels.js';
import {ParameterTable} from './panels.js';
import {Samples} from './panels.js';
import {TooSmall} from './panels.js';
import type {Status} from '../../../source/run/controls.js';
import {themeFor} from '../../../source/ui/theme.js';
import {FakeClock, notPrintableAscii, sessionOptions, steppedView, trainedHistory} from './support.js';

const theme = themeFor(false, asciiGlyphs);

afterEach(() => {
	cleanup();
});

/** Every frame drawn so far, each checked line by line; returns how many frames were checked. */
function expectAsciiFrames(frames: readonly string[], context: string): number {
	for (const frame of frames) {
		for (const line of frame.split('\n')) {
			expect(notPrintableAscii(line), `${context}: "${line}"`).toEqual([]);
		}
	}

	return frames.length;
}

function panels(): Record<string, ReactElement> {
	const view = steppedView(30);
	const diverged = trainedHistory(1000, 42, 10);
	const headers = (['running', 'paused', 'finished', 'diverged'] as Status[]).map(status => [
		`header ${status}`,
		<Header
			key={status}
			seed={4_294_967_295}
			lr={0.01}
			epoch={30}
			target={1000}
			epochsPerSecond={1234}
			status={status}
			spinnerFrame={0}
			width={minSize.columns - 1}
			theme={theme}
		/>,
	]);
	return {
		...Object.fromEntries(headers),
		'loss chart empty': (
			<LossChart
				history={{d: [], g: [], stride: 1}}
				last={undefined}
				divergence={undefined}
				width={75}
				height={7}
				theme={theme}
			/>
		),
		'loss chart': (
			<LossChart history={view.history} last={view.last} divergence={undefined} width={75} height={7} theme={theme} />
		),
		'loss chart diverged': (
			<LossChart
				history={diverged.history}
				last={diverged.last}
				divergence={diverged.trainer.diverged}
				width={75}
				height={7}
				theme={theme}
			/>
		),
		samples: <Samples width={99} real={view.real} fake={view.fake} theme={theme} />,
		parameters: <ParameterTable parameters={view.parameters} previous={view.previousParameters} theme={theme} />,
		'help bar': <HelpBar width={99} speed="0.333/s" keys theme={theme} />,
		'help bar without keys': <HelpBar width={99} speed="50/s" keys={false} theme={theme} />,
		'help overlay': <HelpOverlay width={99} theme={theme} />,
		'too small': <TooSmall width={60} height={15} minWidth={76} minHeight={20} theme={theme} />,
	};
}

describe('ASCII mode', () => {
	it.each(Object.keys(panels()))('%s draws printable ASCII only', name => {
		const {frames} = render(panels()[name]!);
		expect(expectAsciiFrames(frames, name)).toBeGreaterThan(0);
	});

	it('every spinner frame of the header is ASCII', () => {
		for (let spinnerFrame = 0; spinnerFrame < 8; spinnerFrame++) {
			const {lastFrame} = render(
				<Header
					seed={42}
					lr={0.01}
					epoch={3}
					target={1000}
					epochsPerSecond={50}
					status="running"
					spinnerFrame={spinnerFrame}
					width={99}
					theme={theme}
				/>,
			);
			expectAsciiFrames([lastFrame() ?? ''], `spinner frame ${spinnerFrame}`);
		}
	});

	it('the whole App draws printable ASCII only, through a run', async () => {
		const sessions: Session[] = [];
		const mount = (options: Partial<SessionOptions>) => {
			const clock = new FakeClock();
			const session = new Session({...sessionOptions, ...options}, clock);
			const ui = new UiStore();
			sessions.push(session);
			const app = render(<App session={session} ui={ui} interactive theme={theme} />);
			session.start();
			return {...app, clock, session, ui};
		};

		const resize = (stdout: NodeJS.EventEmitter, columns: number, rows: number) => {
			Object.defineProperty(stdout, 'columns', {value: columns, configurable: true});
			Object.defineProperty(stdout, 'rows', {value: rows, configurable: true});
			stdout.emit('resize');
		};

		// Running, paused, help, stepping, at the target, and the layouts of three sizes
		const app = mount({epochs: 300});
		app.clock.advance(1000);
		await vi.waitFor(() => {
			expect(app.lastFrame()).toMatch(/epoch [1-9]/);
		});
		app.session.dispatch({type: 'toggle-pause'});
		app.ui.dispatch({type: 'toggle-help'});
		await vi.waitFor(() => {
			expect(app.lastFrame()).toContain('Keys');
		});
		app.ui.dispatch({type: 'toggle-help'});
		app.session.dispatch({type: 'step'});
		for (const [columns, rows] of [
			[minSize.columns, minSize.rows],
			[140, 30],
			[60, 15],
			[100, 24],
		] as const) {
			resize(app.stdout, columns, rows);
			// eslint-disable-next-line no-await-in-loop
			await vi.waitFor(() => {
				expect(app.lastFrame()).toMatch(columns < minSize.columns ? /too small/ : /Parameters/);
			});
		}

		app.session.dispatch({type: 'toggle-pause'});
		app.clock.advance(10_000);
		await vi.waitFor(() => {
			expect(app.lastFrame()).toContain('v finished');
		});

		// A run that diverges
		const diverging = mount({lr: 10, speed: 1000});
		diverging.clock.advance(1000);
		await vi.waitFor(() => {
			expect(diverging.lastFrame()).toContain('x diverged');
		});
		expect(diverging.lastFrame()).toContain('diverged in epoch');

		const checked =
			expectAsciiFrames(app.frames, 'the App through a run') + expectAsciiFrames(diverging.frames, 'a diverging run');
		expect(checked).toBeGreaterThan(10);
		for (const session of sessions) {
			session.stop();
		}
	});
});
