import type {Status} from '../../run/controls.js';
import type {GeneratorLoss, Settings, TrainMode} from '../../run/schedule.js';
import {type Line, span, truncate} from '../lines.js';
import type {Theme} from '../theme.js';
import {rate} from '../format.js';

export type HeaderProps = {
	readonly seed: number;
	/** The settings in force: the lr, G's loss and which nets train (shown when not the defaults). */
	readonly lr: number;
	readonly loss?: GeneratorLoss;
	readonly train?: TrainMode;
	readonly epoch: number;
	readonly target: number | undefined;
	/** Rewound: the latest epoch, which the one on show is "of". */
	readonly latest?: number | undefined;
	readonly epochsPerSecond: number;
	readonly status: Status;
	/** Which spinner frame shows while running: one step per published frame. */
	readonly spinnerFrame: number;
	/** Cells the line may take. */
	readonly width: number;
	readonly theme: Theme;
};

/** What the header line holds at a width: the state, the epoch, the seed, the settings always. */
export type HeaderLayout = {
	readonly name: boolean;
	readonly gap: string;
	/** The speed part ("48 epochs/s", "48/s"), or undefined when left out. */
	readonly rate: string | undefined;
};

type HeaderParts = Record<'mark' | 'status' | 'epoch' | 'seed' | 'settings' | 'speed', string>;

/**
 * The fullest layout that fits: first "epochs/s" becomes "/s", then the gaps
 * shrink to one space, then the name goes, then the speed. The state, epoch,
 * seed and settings stay whole (at 75 cells for any 32-bit seed, a ten-digit
 * epoch and target, and any speed, with lr 0.01 and the default loss and
 * nets); only settings longer than the rest leaves can be cut at the end.
 */
export function headerLayout({mark, status, epoch, seed, settings, speed}: HeaderParts, width: number): HeaderLayout {
	const layouts: HeaderLayout[] = [
		{name: true, gap: '  ', rate: `${speed} epochs/s`},
		{name: true, gap: '  ', rate: `${speed}/s`},
		{name: true, gap: ' ', rate: `${speed}/s`},
		{name: false, gap: ' ', rate: `${speed}/s`},
		{name: false, gap: ' ', rate: undefined},
	];
	const length = ({name, gap, rate}: HeaderLayout): number =>
		[...[name ? 'tinygan' : undefined, `${mark} ${status}`, epoch, rate, seed, settings].filter(Boolean).join(gap)]
			.length;
	return layouts.find(layout => length(layout) <= width) ?? layouts.at(-1)!;
}

const trainLabels: Readonly<Record<TrainMode, string>> = {both: 'both train', d: 'D only', g: 'G only'};

/** The lr always; G's loss and which nets train when they are not the defaults. */
export function settingsText({lr, loss, train}: Settings, gap: string): string {
	return [`lr ${lr}`, loss === 'nonsaturating' ? undefined : loss, train === 'both' ? undefined : trainLabels[train]]
		.filter(Boolean)
		.join(gap);
}

/** One line: the name, the state with its mark (a spinner while running), the epoch, the speed, the seed and the settings. */
export function headerLines({
	seed,
	lr,
	loss = 'nonsaturating',
	train = 'both',
	epoch,
	target,
	latest,
	epochsPerSecond,
	status,
	spinnerFrame,
	width,
	theme,
}: HeaderProps): Line[] {
	const {glyphs} = theme;
	const {spinner} = glyphs;
	const settings = {lr, loss, train};
	const mark =
		status === 'running'
			? (spinner[((Math.floor(spinnerFrame) % spinner.length) + spinner.length) % spinner.length] ?? spinner[0]!)
			: glyphs[status];
	const epochText =
		status === 'rewound' && latest !== undefined
			? `epoch ${epoch} of ${latest}`
			: `epoch ${epoch}${target === undefined ? '' : `/${target}`}`;
	const parts = {
		mark,
		status,
		epoch: epochText,
		seed: `seed ${seed}`,
		settings: settingsText(settings, '  '),
		speed: rate(epochsPerSecond),
	};
	const {name, gap, rate: speed} = headerLayout(parts, width);
	const settingsPart = settingsText(settings, gap);
	// The state comes first after the name: whatever happens, the end is cut, never the state
	const line: Line = [
		...(name ? [span('tinygan', undefined, theme.color), span(gap)] : []),
		span(`${mark} ${status}`, theme[status]),
		span(`${gap}${parts.epoch}${gap}${speed === undefined ? '' : speed + gap}${parts.seed}${gap}${settingsPart}`),
	];
	return [truncate(line, width, glyphs.ellipsis)];
}
