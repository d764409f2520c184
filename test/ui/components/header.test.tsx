import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {Header} from '../../../source/ui/panels/header.js';
import type {Status} from '../../../source/ui/state.js';
import {themeFor} from '../../../source/ui/theme.js';
import {linesOf, steppedView} from './support.js';

const theme = themeFor(false);

type HeaderProps = Parameters<typeof Header>[0];

function header(overrides: Partial<HeaderProps> = {}): string {
	const view = steppedView(3);
	const props: HeaderProps = {
		seed: view.seed,
		lr: view.lr,
		epoch: view.epoch,
		target: view.target,
		epochsPerSecond: 48,
		status: 'running',
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
});
