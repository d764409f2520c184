// The rewind history's budgets: the memory a timeline (source/run/timeline.ts) retains after a long
// run at max speed, the time to reach an exact epoch of the last 1000, and what recording costs the
// training. source/run/timeline.ts is bundled with the engine by esbuild into a temporary file and run
// in a child `node --expose-gc`, which prints one JSON line.
import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * A run of this length has its coarse snapshots near their most (199 of 200): 200 steps of 8192
 * epochs end at 1,638,400, and the dense snapshots start at the last boundary before latest − 1000.
 */
const epochs = 1_639_000;

// The child: a trainer and its loss history as the dashboard keeps them, trained in slices of the sizes
// the dashboard trains at max speed (batches of 64 to 8192 epochs), each stopped at the timeline's next
// boundary and recorded.
const child = `
import {Trainer} from './source/engine/trainer.js';
import {slantedFaces} from './source/engine/data.js';
import {LossHistory, advanceTail} from './source/run/history.js';
import {Timeline, trainerSnapshotCodec, recentEpochs, boundaryEvery, maxSnapshots} from './source/run/timeline.js';

const epochs = ${epochs};
const config = {seed: 1, lr: 0.01, faces: slantedFaces};
const codec = {
	pack: ({trainer, history}) => ({trainer: trainerSnapshotCodec.pack(trainer), history}),
	unpack: ({trainer, history}) => ({trainer: trainerSnapshotCodec.unpack(trainer), history}),
	bytes: ({trainer}) => trainerSnapshotCodec.bytes(trainer) + 100,
};
const replayFrom = snapshot => {
	const trainer = Trainer.fromSnapshot(snapshot.trainer);
	let tail = snapshot.history;
	return {
		get epoch() { return trainer.epoch; },
		snapshot: () => ({trainer: trainer.snapshot(), history: tail}),
		run: n => trainer.run(n, stats => { tail = advanceTail(tail, stats); }),
	};
};
/** The heap in use and array buffers' memory, after full collections and turns of the event loop (V8 frees buffers then). */
async function retained() {
	for (let i = 0; i < 3; i++) {
		globalThis.gc();
		await new Promise(resolve => setTimeout(resolve, 20));
	}

	const {heapUsed, arrayBuffers} = process.memoryUsage();
	return heapUsed + arrayBuffers;
}

/**
 * Trains to \`to\` in slices like the dashboard's at max speed (64 to 8192 epochs); with timelines, each
 * slice stopped at their next boundary and recorded in all. Returns the mean time of a record at a
 * boundary in the first, in µs.
 */
function train(timelines, to) {
	const add = stats => history.add(stats);
	let slice = 64;
	let recordMs = 0;
	let records = 0;
	while (trainer.epoch < to) {
		let n = Math.min(slice, to - trainer.epoch);
		if (timelines.length > 0) n = Math.min(n, timelines[0].nextBoundary(trainer.epoch) - trainer.epoch);
		trainer.run(n, add);
		if (timelines.length > 0) {
			const started = performance.now();
			timelines[0].record(live);
			if (trainer.epoch % boundaryEvery === 0) {
				recordMs += performance.now() - started;
				records++;
			}

			for (const timeline of timelines.slice(1)) timeline.record(live);
		}

		slice = slice === 8192 ? 64 : slice * 2;
	}

	return records > 0 ? (recordMs * 1000) / records : 0;
}

let trainer;
let history;
const live = {get epoch() { return trainer.epoch; }, snapshot: () => ({trainer: trainer.snapshot(), history: history.tail()})};

// Training speed with and without recording, alternating, best of 3 each (after a warm-up of both)
const rate = {with: 0, without: 0, recordUs: Number.POSITIVE_INFINITY};
for (let round = 0; round < 4; round++) {
	for (const recording of [false, true]) {
		trainer = new Trainer(config);
		history = new LossHistory();
		const started = performance.now();
		const recordUs = train(recording ? [new Timeline(live, codec)] : [], 1_000_000);
		const perSecond = 1e6 / ((performance.now() - started) / 1000);
		if (round > 0) {
			rate[recording ? 'with' : 'without'] = Math.max(rate[recording ? 'with' : 'without'], perSecond);
			if (recording) rate.recordUs = Math.min(rate.recordUs, recordUs);
		}
	}
}

/**
 * Timelines of a run of \`epochs\`, ten of them, all recording the same run: the heap one holds is a
 * tenth of the difference, and the measure's noise (about 100 KB here) a tenth too. Times to reach
 * exact epochs, in the first. In a function: its frame holds nothing after.
 */
function recorded() {
	trainer = new Trainer(config);
	history = new LossHistory();
	const timelines = Array.from({length: copies}, () => new Timeline(live, codec));
	train(timelines, epochs);
	const [timeline] = timelines;
	const time = epoch => {
		const times = [];
		for (let i = 0; i < 21; i++) {
			const started = performance.now();
			const snapshot = timeline.at(epoch, replayFrom);
			times.push(performance.now() - started);
			if (snapshot.trainer.epoch !== epoch) throw new Error('not at ' + epoch);
		}

		return times.sort((a, b) => a - b)[10];
	};

	// 1000 back, and the longest replay in the last 1000
	const back = time(timeline.latest - recentEpochs);
	let worst = timeline.latest;
	while (worst % boundaryEvery !== boundaryEvery - 1) worst--;
	const {count, bytes, latest} = timeline;
	return {
		timelines,
		count,
		bytes,
		epochs: latest,
		back,
		worst: time(worst),
		worstBack: latest - worst,
		worstReplay: worst % boundaryEvery,
	};
}

const copies = 10;
const measured = recorded();
const held = await retained();
measured.timelines = undefined;
const without = await retained();
console.log(JSON.stringify({...measured, maxSnapshots, retained: (held - without) / copies, rate}));
`;

export async function benchTimeline(progress) {
	progress('timeline: bundling source/run/timeline.ts with the engine');
	const dir = mkdtempSync(join(tmpdir(), 'tinygan-bench-timeline-'));
	try {
		const bundle = join(dir, 'timeline.mjs');
		await esbuild.build({
			stdin: {contents: child, resolveDir: root, sourcefile: 'bench-timeline-child.js', loader: 'js'},
			outfile: bundle,
			bundle: true,
			platform: 'node',
			target: 'node20',
			format: 'esm',
			logLevel: 'warning',
		});
		progress(`timeline: ${(epochs / 1e6).toFixed(2)}M epochs recorded at max-speed slices, and 8M to time recording`);
		const {stdout} = await promisify(execFile)(process.execPath, ['--expose-gc', bundle], {maxBuffer: 1 << 20});
		const m = JSON.parse(stdout.trim().split('\n').at(-1));
		const kb = bytes => `${(bytes / 1024).toFixed(0)} KB`;
		const ms = value => `${value.toFixed(2)} ms`;
		return [
			{
				what: `rewind history after ${m.epochs.toLocaleString('en')} epochs (heap + array buffers retained)`,
				measured: kb(m.retained),
				budget: '≤ 1 MB',
				ok: m.retained <= 1024 * 1024,
			},
			{
				what: '  snapshots kept; estimate (timeline.bytes)',
				measured: `${m.count} of ≤ ${m.maxSnapshots}; ${kb(m.bytes)}`,
				budget: `≤ ${m.maxSnapshots}`,
				ok: m.count <= m.maxSnapshots,
			},
			{
				what: 'reach an exact epoch 1000 back (restore + replay, median of 21)',
				measured: ms(m.back),
				budget: '≤ 5 ms',
				ok: m.back <= 5,
			},
			{
				what: `  the longest replay in the last 1000 (${m.worstBack} back: ${m.worstReplay} epochs)`,
				measured: ms(m.worst),
			},
			{
				what: "a record at a boundary (the run's snapshot, packed; mean, best of 3)",
				measured: `${m.rate.recordUs.toFixed(1)} µs`,
			},
			{
				what: 'max-speed training, recorded at every boundary / not (best of 3)',
				measured: `${(m.rate.with / 1e6).toFixed(2)} / ${(m.rate.without / 1e6).toFixed(2)}M epochs/s`,
			},
		];
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}
