/**
 * The dashboard's layout as a pure function: from the session's view, the
 * UI state and the terminal's size to the lines of one frame. Ink draws these
 * lines (app.tsx), and so does the first frame before Ink has loaded.
 */
import type {View} from '../run/session.js';
import {speedLabel} from './format.js';
import {type Line, besideEachOther, lineWidth, padEnd, plain, span, truncate} from './lines.js';
import {dLooksForLines} from './panels/d-looks-for.js';
import {gRangeLines} from './panels/g-range.js';
import {headerLines} from './panels/header.js';
import {helpBarLines} from './panels/help-bar.js';
import {helpOverlayLines} from './panels/help-overlay.js';
import {lossChartLines} from './panels/loss-chart.js';
import {parameterLines} from './panels/parameters.js';
import {samplesLines} from './panels/samples.js';
import {tooSmallLines} from './panels/too-small.js';
import {updateLines} from './panels/update.js';
import type {Lower, Notice} from './state.js';
import type {Theme} from './theme.js';

export const minSize = {columns: 76, rows: 20} as const;
/** From this width the samples and the parameters sit side by side. */
const wideFrom = 140;
/** Blank cells between the samples and the parameters when side by side. */
const sideGap = 3;
/** From this size the views of D and G stand right of the chart; below it they take turns with the samples (`v`). */
export const viewsBesideFrom = {columns: 120, rows: 40} as const;

export type FrameInput = {
	readonly view: View;
	readonly helpOpen: boolean;
	/** Said in place of the help bar (see state.ts). */
	readonly notice?: Notice | undefined;
	/** What the lower half shows below `viewsBesideFrom` (the samples unless said). */
	readonly lower?: Lower | undefined;
	readonly columns: number;
	readonly rows: number;
	/** Keys work: the help bar lists them. */
	readonly interactive: boolean;
	readonly theme: Theme;
};

const blank: Line = plain('');

export function frameLines({
	view,
	helpOpen,
	notice,
	lower = 'samples',
	columns,
	rows,
	interactive,
	theme,
}: FrameInput): Line[] {
	if (columns < minSize.columns || rows < minSize.rows) {
		return tooSmallLines({
			width: columns,
			height: rows,
			minWidth: minSize.columns,
			minHeight: minSize.rows,
			theme,
		});
	}

	// The frame stays one row shorter and one column narrower than the terminal: a full-height frame
	// scrolls some terminals, and a full-width line wraps others
	const width = columns - 1;
	const wide = columns >= wideFrom;
	const samples = samplesLines({
		real: view.real,
		fake: view.fake,
		width,
		realName: view.tutorialFaces ? 'real faces' : 'real images',
		theme,
	});
	const parameters = parameterLines({parameters: view.parameters, previous: view.previousParameters, theme});
	const samplesBelow = wide ? besideEachOther([samples, parameters], sideGap) : [...samples, blank, ...parameters];
	const viewsBeside = columns >= viewsBesideFrom.columns && rows >= viewsBesideFrom.rows;
	const viewsShown = viewsBeside || lower === 'views';
	// Drawn only where they show
	const dView = viewsShown ? dLooksForLines({discriminator: view.parameters.discriminator, theme}) : [];
	const gView = viewsShown ? gRangeLines({range: view.range, theme}) : [];
	const viewsBelow = lower === 'views' && !viewsBeside;
	// The lower half at its smallest, for an update on show when room is short: the samples or the views
	const lowerAlone = viewsBelow ? besideEachOther([dView, gView], sideGap) : samples;
	// The views in the lower half take at least the samples' rows, so that `v` does not move the chart
	const below = viewsBelow ? withRows(lowerAlone, samplesBelow.length) : samplesBelow;
	const fixedRows = 1 + 1 + 1 + 1 + below.length + 1;
	const plotRows = Math.max(3, rows - 1 - fixedRows);
	const header = headerLines({
		seed: view.seed,
		lr: view.settings.lr,
		loss: view.settings.loss,
		train: view.settings.train,
		latest: view.latest,
		epoch: view.epoch,
		target: view.target,
		epochsPerSecond: view.epochsPerSecond,
		status: view.status,
		spinnerFrame: view.frame,
		width,
		theme,
	});
	// A notice (where `w` saved, or why it could not) stands in for the help bar a while
	const helpBar = notice
		? [truncate([span(notice.text, notice.error ? theme.diverged : theme.finished)], width, theme.glyphs.ellipsis)]
		: helpBarLines({
				speed: speedLabel(view.speed),
				keys: interactive,
				width,
				// Where the views stand beside the chart, `v` has nothing to switch
				idle: viewsBeside ? ['toggle-lower'] : [],
				theme,
			});
	if (helpOpen) {
		const room = rows - 4;
		const overlay = helpOverlayLines({width, height: room, theme}).slice(0, room);
		return [...header, blank, ...overlay, ...Array.from({length: room - overlay.length}, () => blank), ...helpBar];
	}

	const views = viewsBeside ? [...dView, blank, ...gView] : [];
	const viewsWidth = Math.max(0, ...views.map(line => lineWidth(line)));
	const leftWidth = viewsBeside ? width - sideGap - viewsWidth : width;
	// Beside the chart (or an update), the views stand at a fixed column however far the plot has come
	const withViews = (left: readonly Line[]): Line[] =>
		viewsBeside ? besideEachOther([left.map(line => padEnd(line, leftWidth + sideGap)), views], 0) : [...left];
	const chartLines = (chartWidth: number, height: number): Line[] =>
		lossChartLines({
			history: view.history,
			last: view.last,
			divergence: view.divergence,
			width: chartWidth,
			height,
			theme,
			marker: view.status === 'rewound' ? view.epoch : undefined,
			recorded: view.latest,
		});
	if (view.update !== undefined) {
		// One update on show (`u`): it takes the chart's place, and what else fits stays, the lower half first
		const update = withViews(updateLines({update: view.update, images: view.real.length, width: leftWidth, theme}));
		const room = rows - 1 - header.length - 1 - update.length - helpBar.length;
		const lowerFits = [below, lowerAlone, samples].find(lines => room >= lines.length + 1) ?? [];
		// The chart's rows: what is left but for its title, the blank after it, and the one before the lower half
		const chartRows = room - 1 - lowerFits.length - 2;
		const chart = chartRows >= 5 ? [...chartLines(width, chartRows), blank] : [];
		const body = [...header, blank, ...update, ...(lowerFits.length > 0 ? [blank, ...chart, ...lowerFits] : [])];
		// The help bar stays on the last line
		return [...withRows(body, rows - 1 - helpBar.length), ...helpBar];
	}

	const top = withViews(chartLines(leftWidth, plotRows));
	return [...header, blank, ...top, blank, ...below, ...helpBar];
}

/** The lines, and blank ones after them up to `rows`. */
function withRows(lines: readonly Line[], rows: number): Line[] {
	return [...lines, ...Array.from({length: rows - lines.length}, () => blank)];
}
