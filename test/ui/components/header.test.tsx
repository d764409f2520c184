import spinners from 'cli-spinners';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {minSize} from '../../../source/ui/app.js';
import {asciiGlyphs} from '../../../source/ui/glyphs.js';
import {Header} from './panels.js';
import type {Status} from '../../../source/run/controls.js';
import {themeFor} from '../../../source/ui/theme.js';
import {cells, linesOf, steppedView} from './support.js';

const theme = themeFor(false);
const asciiTheme = themeFor(false, asciiGlyphs);
/** The width the App gives the header at the minimum terminal width (one column is kept free). */
const narrowest = minSize.columns - 1;

type HeaderProps = Parameters<typeof Header>[0];

function header(overrides: Partial<HeaderProps> = {}): string {
	const view = steppedView(3);
	const props: HeaderProps = {
		seed: view.seed,
		lr: view.settings.lr,
		epoch: view.epoch,
		target: view.target,
		epochsPerSecond: 48,
		status: 'running',
		spinnerFrame: 0,
		width: 99,
		theme,
		...overrides,
	};
	const {lastFrame} = render(<Header {...props} />);
	const frame = lastFrame() ?? '';
	expect(frame).not.toBe('');
	return frame;
}

afterEach(() => {
	cleanup();
});

describe('Header', () => {
	it('names the program, the seed and the learning rate on one line', () => {
		const frame = header({seed: 1234, lr: 0.05});
		expect(linesOf(frame)).toHaveLength(1);
		expect(frame).toMatch(/^tinygan\b/);
		expect(frame).toContain('seed 1234');
		expect(frame).toContain('lr 0.05');
	});

	it('shows the epoch against the target', () => {
		const view = steppedView(3);
		const frame = header({epoch: view.epoch, target: view.target});
		expect(view.epoch).toBe(3);
		expect(frame).toContain('epoch 3/1000');
	});

	it('shows the epoch alone once there is no target', () => {
		const frame = header({epoch: 1017, target: undefined});
		expect(frame).toContain('epoch 1017');
		expect(frame).not.toContain('epoch 1017/');
		expect(frame).not.toMatch(/epoch \d+\//);
	});

	it('shows epochs per second, short', () => {
		expect(header({epochsPerSecond: 48.4})).toContain('48 epochs/s');
		expect(header({epochsPerSecond: 1234})).toContain('1.2k epochs/s');
		expect(header({epochsPerSecond: 0, status: 'paused'})).toContain('0 epochs/s');
		expect(header({epochsPerSecond: 1 / 3})).toContain('0.3 epochs/s');
		expect(header({epochsPerSecond: 1e308})).toContain('1e308 epochs/s');
	});

	const marks: ReadonlyArray<[Exclude<Status, 'running'>, string]> = [
		['paused', '‖'],
		['finished', '✓'],
		['diverged', '✗'],
	];

	it.each(marks)('shows the status word %s with its own mark %s (not told by colour alone)', (status, mark) => {
		const frame = header({status});
		expect(frame).toContain(`${mark} ${status}`);
		for (const [other, otherMark] of marks) {
			if (other !== status) {
				expect(frame).not.toContain(other);
				expect(frame).not.toContain(otherMark);
			}
		}

		expect(frame).not.toContain('running');
	});

	it('shows running with a spinner and no stopped mark', () => {
		const frame = header({status: 'running'});
		expect(frame).toMatch(/\S running /);
		for (const [word, mark] of marks) {
			expect(frame).not.toContain(word);
			expect(frame).not.toContain(mark);
		}
	});

	it.each([
		['Unicode', theme, spinners.squareCorners.frames],
		['ASCII', asciiTheme, ['-', '\\', '|', '/']],
	])('draws the %s spinner frame by frame number, and round again', (_name, theme, frames) => {
		const glyphAt = (spinnerFrame: number): string => {
			const match = /^tinygan +(\S+) running /.exec(header({spinnerFrame, theme}));
			expect(match).not.toBeNull();
			return match![1]!;
		};

		expect(frames.length).toBeGreaterThan(1);
		for (const [i, frame] of frames.entries()) {
			expect(glyphAt(i)).toBe(frame);
			expect(glyphAt(i + frames.length)).toBe(frame);
		}

		// Any number picks a frame: a large one, and a negative one
		expect(frames).toContain(glyphAt(123_456_789));
		expect(frames).toContain(glyphAt(-1));
	});

	it('does not move while stopped, whatever the frame number', () => {
		expect(header({status: 'paused', spinnerFrame: 1})).toBe(header({status: 'paused', spinnerFrame: 2}));
	});

	it.each([
		['paused', '||'],
		['finished', 'v'],
		['diverged', 'x'],
	] as const)('in ASCII marks %s with %s', (status, mark) => {
		expect(header({status, theme: asciiTheme})).toContain(` ${mark} ${status} `);
	});
});

describe('Header at the width it has', () => {
	/** The hardest line to fit: the largest seed, a ten-digit epoch and target, the longest rate. */
	const largest = {seed: 4_294_967_295, epoch: 1_234_567_890, target: 2_000_000_000, epochsPerSecond: 1e308};

	it.each<Status>(['running', 'paused', 'finished', 'diverged'])(
		`at ${narrowest} cells shows the state, the epoch, the seed and the lr whole (%s)`,
		status => {
			for (const glyphs of [theme, asciiTheme]) {
				const frame = header({...largest, status, width: narrowest, theme: glyphs});
				expect(linesOf(frame)).toHaveLength(1);
				expect(cells(frame), frame).toBeLessThanOrEqual(narrowest);
				expect(frame).toContain(` ${status} `);
				expect(frame).toContain(' epoch 1234567890/2000000000 ');
				expect(frame).toContain(' seed 4294967295 ');
				expect(frame).toMatch(/ lr 0\.01$/);
			}
		},
	);

	it('with a big rate and epoch at the narrowest keeps the name and the rate while running', () => {
		const frame = header({seed: 4_294_967_295, epoch: 123_456_789, target: 1_000_000_000, epochsPerSecond: 1.23e6});
		expect(frame).toContain('1.2M epochs/s');
		const narrow = header({
			seed: 4_294_967_295,
			epoch: 123_456_789,
			target: 1_000_000_000,
			epochsPerSecond: 1.23e6,
			width: narrowest,
		});
		expect(narrow).toBe('tinygan ◰ running epoch 123456789/1000000000 1.2M/s seed 4294967295 lr 0.01');
		expect(cells(narrow)).toBeLessThanOrEqual(narrowest);
	});

	it('shortens step by step as the width shrinks: /s first, then the gaps, then the name, then the rate', () => {
		const props = {seed: 4_294_967_295, epoch: 123_456_789, target: 1_000_000_000, epochsPerSecond: 1.23e6};
		const full = header(props);
		expect(full).toBe('tinygan  ◰ running  epoch 123456789/1000000000  1.2M epochs/s  seed 4294967295  lr 0.01');
		const widths = (line: string) => cells(line);
		expect(header({...props, width: widths(full)})).toBe(full);
		const short = header({...props, width: widths(full) - 1});
		expect(short).toBe('tinygan  ◰ running  epoch 123456789/1000000000  1.2M/s  seed 4294967295  lr 0.01');
		const tight = header({...props, width: widths(short) - 1});
		expect(tight).toBe('tinygan ◰ running epoch 123456789/1000000000 1.2M/s seed 4294967295 lr 0.01');
		const nameless = header({...props, width: widths(tight) - 1});
		expect(nameless).toBe('◰ running epoch 123456789/1000000000 1.2M/s seed 4294967295 lr 0.01');
		const bare = header({...props, width: widths(nameless) - 1});
		expect(bare).toBe('◰ running epoch 123456789/1000000000 seed 4294967295 lr 0.01');
	});

	it('a usual run at the narrowest is shown in full', () => {
		expect(header({seed: 42, epoch: 250, target: 1000, epochsPerSecond: 50, width: narrowest})).toBe(
			'tinygan  ◰ running  epoch 250/1000  50 epochs/s  seed 42  lr 0.01',
		);
	});
});
