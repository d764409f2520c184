/**
 * The dashboard's layout as a pure function: from the session's view, the
 * UI state and the terminal's size to the lines of one frame. Ink draws these
 * lines (app.tsx), and so does the first frame before Ink has loaded.
 */
import type {View} from '../run/session.js';
import {speedLabel} from './format.js';
import {type Line, besideEachOther, plain, span, truncate} from './lines.js';
import {headerLines} from './panels/header.js';
import {helpBarLines} from './panels/help-bar.js';
import {helpOverlayLines} from './panels/help-overlay.js';
import {lossChartLines} from './panels/loss-chart.js';
import {parameterLines} from './panels/parameters.js';
import {samplesLines} from './panels/samples.js';
import {tooSmallLines} from './panels/too-small.js';
import {updateLines} from './panels/update.js';
import type {Notice} from './state.js';
import type {Theme} from './theme.js';

export const minSize = {columns: 76, rows: 20} as const;
/** From this width the samples and the parameters sit side by side. */
const wideFrom = 140;
/** Blank cells between the samples and the parameters when side by side. */
const sideGap = 3;

export type FrameInput = {
	readonly view: View;
	readonly helpOpen: boolean;
	/** Said in place of the help bar (see state.ts). */
	readonly notice?: Notice | undefined;
	readonly columns: number;
	readonly rows: number;
	/** Keys work: the help bar lists them. */
	readonly interactive: boolean;
	readonly theme: Theme;
};

const blank: Line = plain('');

export function frameLines({view, helpOpen, notice, columns, rows, interactive, theme}: FrameInput): Line[] {
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
	const samplesRows = 5;
	const parameterRows = 5;
	const fixedRows = 1 + 1 + 1 + 1 + samplesRows + 1 + (wide ? 0 : 1 + parameterRows);
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
		: helpBarLines({speed: speedLabel(view.speed), keys: interactive, width, theme});
	if (helpOpen) {
		const room = rows - 4;
		const overlay = helpOverlayLines({width, height: room, theme}).slice(0, room);
		return [...header, blank, ...overlay, ...Array.from({length: room - overlay.length}, () => blank), ...helpBar];
	}

	const samples = samplesLines({real: view.real, fake: view.fake, width, theme});
	const parameters = parameterLines({parameters: view.parameters, previous: view.previousParameters, theme});
	const lower = wide ? besideEachOther([samples, parameters], sideGap) : [...samples, blank, ...parameters];
	const chartLines = (height: number): Line[] =>
		lossChartLines({
			history: view.history,
			last: view.last,
			divergence: view.divergence,
			width,
			height,
			theme,
			marker: view.status === 'rewound' ? view.epoch : undefined,
			recorded: view.latest,
		});
	if (view.update !== undefined) {
		// One update on show (`u`): it takes the chart's place, and what else fits stays, the samples first
		const update = updateLines({update: view.update, images: view.real.length, width, theme});
		const room = rows - 1 - header.length - 1 - update.length - helpBar.length;
		const below = room >= lower.length + 1 ? lower : room >= samples.length + 1 ? samples : [];
		// The chart's rows: what is left but for its title, the blank after it, and the one before `below`
		const chartRows = room - 1 - below.length - 2;
		const chart = chartRows >= 5 ? [...chartLines(chartRows), blank] : [];
		const body = [...header, blank, ...update, ...(below.length > 0 ? [blank, ...chart, ...below] : [])];
		// The help bar stays on the last line
		const gap = Array.from({length: Math.max(0, rows - 1 - helpBar.length - body.length)}, () => blank);
		return [...body, ...gap, ...helpBar];
	}

	return [...header, blank, ...chartLines(plotRows), blank, ...lower, ...helpBar];
}
