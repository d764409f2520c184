/**
 * The loss chart's plot is drawn again only when its columns change: frames
 * whose new points complete no column call asciichart no more. asciichart's
 * `plot` is wrapped in a counter for this file.
 */
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {EpochStats} from '../../../source/engine/trainer.js';
import {LossHistory} from '../../../source/run/history.js';
import {LossChart} from './panels.js';
import {themeFor} from '../../../source/ui/theme.js';
import {trainedHistory} from './support.js';

const plots = vi.hoisted(() => ({count: 0}));

vi.mock('asciichart', async importOriginal => {
	const actual = await importOriginal<typeof import('asciichart')>();
	return {
		...actual,
		plot(...parameters: Parameters<typeof actual.plot>) {
			plots.count++;
			return actual.plot(...parameters);
		},
	};
});

const theme = themeFor(false);

afterEach(() => {
	cleanup();
});

describe('LossChart memoisation', () => {
	it('calls asciichart only for frames whose columns changed, and draws the same rows in between', () => {
		// A real run's losses, fed into a history epoch by epoch as the session does
		const {history: run} = trainedHistory(400);
		const history = new LossHistory();
		let epoch = 0;
		const feed = (epochs: number): EpochStats => {
			for (let i = 0; i < epochs; i++) {
				history.add({dLoss: run.d[epoch]!, gLoss: run.g[epoch]!});
				epoch++;
			}

			return {epoch, dLoss: run.d[epoch - 1]!, gLoss: run.g[epoch - 1]!, dReal: 0.5, dFake: 0.5};
		};

		const tree = (last: EpochStats) => (
			<LossChart history={history.points()} last={last} divergence={undefined} width={69} height={7} theme={theme} />
		);

		// 300 epochs in 60 columns: columns of 6 epochs
		const app = render(tree(feed(300)));
		const plotRows = () => app.lastFrame()!.split('\n').slice(1);
		const first = plotRows();
		const calls = plots.count;
		expect(calls).toBeGreaterThan(0);

		// Five more epochs: no new column. A new legend, the same plot, no asciichart call
		app.rerender(tree(feed(5)));
		expect(app.lastFrame()!.split('\n')[0]).toContain(`D ${run.d[304]!.toFixed(4)}`);
		expect(plotRows()).toEqual(first);
		expect(plots.count).toBe(calls);

		// The sixth completes a column: drawn again
		app.rerender(tree(feed(1)));
		expect(plots.count).toBeGreaterThan(calls);
		expect(plotRows()).not.toEqual(first);
	});
});
