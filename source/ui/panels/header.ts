import type {Status} from '../../run/controls.js';
import {type Line, span, truncate} from '../lines.js';
import type {Theme} from '../theme.js';
import {rate} from '../format.js';

export type HeaderProps = {
	readonly seed: number;
	readonly lr: number;
	readonly epoch: number;
	readonly target: number | undefined;
	readonly epochsPerSecond: number;
	readonly status: Status;
	/** Which spinner frame shows while running: one step per published frame. */
	readonly spinnerFrame: number;
	/** Cells the line may take. */
	readonly width: number;
	readonly theme: Theme;
};

/** What the header line holds at a width: the state, the epoch, the seed and the lr always. */
export type HeaderLayout = {
	readonly name: boolean;
	readonly gap: string;
	/** The speed part ("48 epochs/s", "48/s"), or undefined when left out. */
	readonly rate: string | undefined;
};

/**
 * The fullest layout that fits: first "epochs/s" becomes "/s", then the gaps
 * shrink to one space, then the name goes, then the speed. The state, epoch,
 * seed and lr stay whole (at 75 cells for any 32-bit seed, a ten-digit epoch
 * and target, and any speed, with lr 0.01); only an lr longer than the rest
 * leaves can be cut at the end.
 */
export function headerLayout(
	{mark, status, epoch, seed, lr, speed}: Record<'mark' | 'status' | 'epoch' | 'seed' | 'lr' | 'speed', string>,
	width: number,
): HeaderLayout {
	const layouts: HeaderLayout[] = [
		{name: true, gap: '  ', rate: `${speed} epochs/s`},
		{name: true, gap: '  ', rate: `${speed}/s`},
		{name: true, gap: ' ', rate: `${speed}/s`},
		{name: false, gap: ' ', rate: `${speed}/s`},
		{name: false, gap: ' ', rate: undefined},
	];
	const length = ({name, gap, rate}: HeaderLayout): number =>
		[...[name ? 'tinygan' : undefined, `${mark} ${status}`, epoch, rate, seed, lr].filter(Boolean).join(gap)].length;
	return layouts.find(layout => length(layout) <= width) ?? layouts.at(-1)!;
}

/** One line: the name, the state with its mark (a spinner while running), the epoch, the speed, the seed and the lr. */

/** One line: the name, the state with its mark (a spinner while running), the epoch, the speed, the seed and the lr. */
export function headerLines({
	seed,
	lr,
	epoch,
	target,
	epochsPerSecond,
	status,
	spinnerFrame,
	width,
	theme,
}: HeaderProps): Line[] {
	const {glyphs} = theme;
	const {spinner} = glyphs;
	const mark =
		status === 'running'
			? (spinner[((Math.floor(spinnerFrame) % spinner.length) + spinner.length) % spinner.length] ?? spinner[0]!)
			: glyphs[status];
	const parts = {
		mark,
		status,
		epoch: `epoch ${epoch}${target === undefined ? '' : `/${target}`}`,
		seed: `seed ${seed}`,
		lr: `lr ${lr}`,
		speed: rate(epochsPerSecond),
	};
	const {name, gap, rate: speed} = headerLayout(parts, width);
	// The state comes first after the name: whatever happens, the end is cut, never the state
	const line: Line = [
		...(name ? [span('tinygan', undefined, theme.color), span(gap)] : []),
		span(`${mark} ${status}`, theme[status]),
		span(`${gap}${parts.epoch}${gap}${speed === undefined ? '' : speed + gap}${parts.seed}${gap}${parts.lr}`),
	];
	return [truncate(line, width, glyphs.ellipsis)];
}
