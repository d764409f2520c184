// Npm run bench: the speed and size budgets, measured on this machine, printed as one table.
// Budgets are reported here, never asserted in `npm test` (machines are shared and noisy).
//
//   node scripts/bench.mjs [headless|engine|dashboard|slow-link|timeline ...]   (default: all)
//
// Progress goes to stderr while it runs; the table goes to stdout at the end.
import {spawn, execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {hostname, availableParallelism, loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {benchDashboard} from './bench-dashboard.mjs';
import {benchSlowLink} from './bench-slow-link.mjs';
import {benchTimeline} from './bench-timeline.mjs';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const engineLoopSource = fileURLToPath(new URL('engine-loop.c', import.meta.url));
const parts = process.argv.slice(2);
const want = part => parts.length === 0 || parts.includes(part);
const progress = text => process.stderr.write(`bench: ${text}\n`);
const loadAtStart = loadavg()[0];

// NODE_EXTRA_CA_CERTS makes every node process read and parse that certificate bundle as it starts,
// before any JavaScript runs: about 40 ms on the machines this is built on, which set it for their
// proxy. tinygan opens no connection. The measured processes, node -e 0 as well, run without it.
const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
delete process.env.NODE_EXTRA_CA_CERTS;

/** Runs a command to the end; returns wall time, peak resident memory (VmHWM, polled) and stdout's tail. */
function measure(command, args) {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(command, args, {stdio: ['ignore', 'pipe', 'inherit']});
		let peakKb = 0;
		let tail = '';
		const poll = setInterval(() => {
			try {
				const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
				peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
			} catch {}
		}, 20);
		child.stdout.on('data', chunk => {
			tail = (tail + chunk.toString()).slice(-4000);
		});
		child.on('error', reject);
		child.on('close', code => {
			clearInterval(poll);
			resolve({code, ms: performance.now() - started, peakMb: peakKb / 1024, tail});
		});
	});
}

const lastLine = run => JSON.parse(run.tail.trim().split('\n').at(-1));
const seconds = ms => `${(ms / 1000).toFixed(2)} s`;

async function benchHeadless() {
	progress('headless throughput and memory');
	const rows = [];
	const runs = [];
	for (let i = 0; i < 3; i++) {
		runs.push(await measure(process.execPath, [cli, '--json', '--seed', '1', '--epochs', '5000000', '--every', '0']));
	}

	const fastest = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
	const rate = 5e6 / (fastest.ms / 1000);
	rows.push({
		what: 'headless training, 5M epochs, whole process (best of 3)',
		measured: `${(rate / 1e6).toFixed(2)}M epochs/s`,
		budget: '≥ 1M epochs/s',
		ok: rate >= 1e6,
	});
	rows.push({
		what: '  of which in the training loop (end.elapsedMs)',
		measured: `${(5e6 / lastLine(fastest).elapsedMs / 1000).toFixed(2)}M epochs/s`,
	});
	const big = await measure(process.execPath, [cli, '--json', '--seed', '2', '--epochs', '10000000', '--every', '0']);
	rows.push({
		what: 'peak memory, 10M epochs --every 0 (VmHWM)',
		measured: `${big.peakMb.toFixed(1)} MB`,
		budget: '< 150 MB',
		ok: big.peakMb < 150,
	});
	const all = await measure(process.execPath, [cli, '--json', '--seed', '3', '--epochs', '1000000', '--every', '1']);
	rows.push({
		what: '1M epochs with a line each (--every 1): throughput',
		measured: `${(1e6 / (all.ms / 1000) / 1e3).toFixed(0)}k epochs/s`,
	});
	rows.push({
		what: '  peak memory (VmHWM)',
		measured: `${all.peakMb.toFixed(1)} MB`,
		budget: '< 150 MB',
		ok: all.peakMb < 150,
	});
	return rows;
}

/** The 13 parameters in a fixed order, whatever the key order of the JSON. */
function flatParameters(params) {
	const {generator: g, discriminator: d} = params;
	return [...g.weights, ...g.biases, ...d.weights, d.bias];
}

async function benchEngine() {
	const what = 'engine vs C, 3M epochs, whole process (C time / node time)';
	const budget = '≥ 1.0';
	if (!existsSync(engineLoopSource)) {
		return [{what, measured: 'skipped: no scripts/engine-loop.c here', budget, ok: 'skip'}];
	}

	try {
		execFileSync('gcc', ['--version'], {stdio: 'ignore'});
	} catch {
		return [{what, measured: 'skipped: gcc not found', budget, ok: 'skip'}];
	}

	progress('engine vs C: compiling scripts/engine-loop.c');
	const dir = mkdtempSync(join(tmpdir(), 'tinygan-bench-'));
	try {
		const engineLoop = join(dir, 'engine-loop');
		execFileSync('gcc', ['-O2', '-o', engineLoop, engineLoopSource, '-lm'], {stdio: ['ignore', 'ignore', 'inherit']});
		progress('engine vs C: 5 runs each of 3M epochs and of 6M, alternating');
		const epochs = 3_000_000;
		const nodeRun = count =>
			measure(process.execPath, [cli, '--json', '--every', '0', '--seed', '1', '--epochs', String(count)]);
		const node = [];
		const c = [];
		// Twice as many epochs: the difference is what the next 3M cost each, once started and warmed up
		const nodeTwice = [];
		const cTwice = [];
		// What node pays before the first epoch: its own start, and tinygan's (a run of 0 epochs)
		const bareNode = [];
		const noEpochs = [];
		for (let i = 0; i < 5; i++) {
			node.push(await nodeRun(epochs));
			c.push(await measure(engineLoop, ['1', String(epochs)]));
			nodeTwice.push(await nodeRun(2 * epochs));
			cTwice.push(await measure(engineLoop, ['1', String(2 * epochs)]));
			bareNode.push(await measure(process.execPath, ['-e', '0']));
			noEpochs.push(await nodeRun(0));
		}

		const best = runs => runs.reduce((a, b) => (a.ms < b.ms ? a : b));
		const nodeBest = best(node);
		const cBest = best(c);
		const failed = [...node, ...c, ...nodeTwice, ...cTwice].find(run => run.code !== 0);
		if (failed) {
			return [{what, measured: `a run failed (exit ${failed.code})`, budget, ok: false}];
		}

		const ratio = cBest.ms / nodeBest.ms;
		const startBest = best(noEpochs).ms;
		const nodeTwiceBest = best(nodeTwice).ms;
		const cTwiceBest = best(cTwice).ms;
		const nodeParameters = flatParameters(lastLine(nodeBest).params);
		const cParameters = flatParameters(lastLine(cBest).params);
		const difference = Math.max(...nodeParameters.map((value, i) => Math.abs(value - cParameters[i])));
		return [
			{what, measured: ratio.toFixed(2), budget, ok: ratio >= 1},
			{what: '  node / C, best of 5 each', measured: `${seconds(nodeBest.ms)} / ${seconds(cBest.ms)}`},
			{
				what: "  of node's: its start (node -e 0) / tinygan with 0 epochs",
				measured: `${seconds(best(bareNode).ms)} / ${seconds(startBest)}`,
			},
			{
				what: '  the loop alone: C time / (node time − 0-epoch run)',
				measured: (cBest.ms / (nodeBest.ms - startBest)).toFixed(2),
			},
			{
				what: '  6M epochs, whole process: C time / node time',
				measured: `${(cTwiceBest / nodeTwiceBest).toFixed(2)} (${seconds(nodeTwiceBest)} / ${seconds(cTwiceBest)})`,
			},
			{
				what: '  the second 3M epochs (6M run − 3M run): C time / node time',
				measured: ((cTwiceBest - cBest.ms) / (nodeTwiceBest - nodeBest.ms)).toFixed(2),
			},
			{
				what: '  same final parameters (largest difference)',
				measured: difference.toExponential(1),
				budget: '≤ 1e-9',
				ok: difference <= 1e-9,
			},
		];
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

function printTable(rows) {
	const date = new Date().toISOString().replace('T', ' ').slice(0, 16);
	const width = (key, header) => Math.max(header.length, ...rows.map(row => (row[key] ?? '').length));
	const what = width('what', 'what');
	const measured = width('measured', 'measured');
	const status = ok => (ok === true ? 'ok' : ok === false ? 'OVER' : (ok ?? ''));
	const line = (s, w, m, b) => `${s.padEnd(4)}  ${w.padEnd(what)}  ${m.padEnd(measured)}  ${b}`.trimEnd();
	console.log(`measured on ${availableParallelism()}-core ${hostname()}, ${date} UTC, Node ${process.version}`);
	// A shared machine's other work shows in every figure: the 1-minute load average tells how busy it was
	console.log(`load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`);
	if (extraCaCerts !== undefined) {
		console.log("node processes measured without this environment's NODE_EXTRA_CA_CERTS (about 40 ms of every start)");
	}
	console.log();
	console.log(line('', 'what', 'measured', 'budget'));
	for (const row of rows) {
		console.log(row.section ? `\n${row.section}` : line(status(row.ok), row.what, row.measured, row.budget ?? ''));
	}
}

const rows = [];
if (want('headless')) rows.push({section: 'Headless (node dist/cli.js --json)'}, ...(await benchHeadless()));
if (want('engine')) rows.push({section: 'Engine vs the same loop in C'}, ...(await benchEngine()));
if (want('dashboard')) {
	rows.push({section: 'Dashboard (80×24 pseudo-terminal, default speed and frame rate)'});
	rows.push(...(await benchDashboard(cli, progress)));
}

if (want('slow-link')) {
	rows.push({section: 'Dashboard over a slow link (2 MB buffer, 2,000 B/s, @xterm/headless far terminal)'});
	rows.push(...(await benchSlowLink(cli, progress)));
}

if (want('timeline')) {
	rows.push({section: 'Rewind history (source/run/timeline.ts with the engine, node --expose-gc)'});
	rows.push(...(await benchTimeline(progress)));
}

printTable(rows);
