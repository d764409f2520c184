import {Text} from 'ink';
import Spinner from 'ink-spinner';
import type {Status} from '../../run/controls.js';
import type {Theme} from '../theme.js';
import {rate} from '../format.js';

type Props = {
	readonly seed: number;
	readonly lr: number;
	readonly epoch: number;
	readonly target: number | undefined;
	readonly epochsPerSecond: number;
	readonly status: Status;
	readonly theme: Theme;
};

const marks: Record<Exclude<Status, 'running'>, string> = {paused: '‖', finished: '✓', diverged: '✗'};

export function Header({seed, lr, epoch, target, epochsPerSecond, status, theme}: Props) {
	// One line, the state first: on a narrow terminal the end is cut, never the state
	return (
		<Text wrap="truncate-end">
			<Text bold={theme.color}>tinygan</Text>
			{'  '}
			<Text color={theme[status]}>
				{status === 'running' ? <Spinner type="squareCorners" /> : marks[status]} {status}
			</Text>
			{'  '}epoch {epoch}
			{target === undefined ? '' : `/${target}`}
			{'  '}
			{rate(epochsPerSecond)} epochs/s{'  '}seed {seed}
			{'  '}lr {lr}
		</Text>
	);
}
