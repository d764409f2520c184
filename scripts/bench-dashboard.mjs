// The dashboard's budgets as a terminal sees them: the built CLI runs in a pseudo-terminal of 80×24
// (scripts/pty-run.py); the bench counts the bytes it writes there and reads its CPU time and
// memory from /proc.
import {startInPty, within, sleep, cpuSeconds, residentMb, kill} from './pty.mjs';

const cols = 80;
const rows = 24;
// A target the run does not reach while measured, so that it stays at the default speed throughout
const dashboardArgs = ['--seed', '42', '--epochs', '1000000'];
const median = values => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = value => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'never (10 s)');

/** Launch to the first `Parameters` (the last panel drawn) for the dashboard, launch to exit for `node -e 0`. */
async function firstFrames(cli, times) {
	const bare = [];
	const dashboard = [];
	for (let i = 0; i < times; i++) {
		const node = startInPty(process.execPath, ['-e', '0'], {cols, rows});
		node.child.stdout.resume();
		bare.push((await node.exited).ms);
		await node.closed;

		const run = startInPty(process.execPath, [cli, ...dashboardArgs], {cols, rows, marker: 'Parameters'});
		run.child.stdout.resume();
		const {pid} = await run.started;
		const marker = await within(run.marker, 10_000, null);
		dashboard.push(marker ?? Number.POSITIVE_INFINITY);
		run.type('q');
		if (!(await within(run.exited, 5000))) kill(pid);
		await run.closed;
	}

	return {bare, dashboard};
}

/**
 * One run at the default speed: CPU from 2 s to 10 s after launch (start-up left out, V8 still
 * compiling what runs each frame) and from 10 s to 20 s (warmed up, as the rest of a run goes on);
 * bytes from 2 s to 20 s; then space, and CPU and bytes again from 21 s to 35 s (paused, while V8's
 * memory reducer collects the garbage of the run: one GC, 4 or 12 s after the pause, by the phase of
 * its 8 s timer) and from 35 s to 45 s (paused, settled); resident memory polled throughout.
 */
async function steadyRun(cli) {
	const run = startInPty(process.execPath, [cli, ...dashboardArgs], {cols, rows});
	let bytes = 0;
	let tail = '';
	run.child.stdout.on('data', chunk => {
		bytes += chunk.length;
		tail = (tail + chunk.toString('latin1')).slice(-100_000);
	});
	const {pid, at: launched} = await run.started;
	let peakRss = 0;
	const poll = setInterval(() => {
		try {
			peakRss = Math.max(peakRss, residentMb(pid).rss);
		} catch {}
	}, 100);
	const at = async seconds => {
		await sleep(launched + seconds * 1000 - performance.now());
		return {cpu: cpuSeconds(pid), bytes, t: performance.now()};
	};

	const warmingFrom = await at(2);
	const runningFrom = await at(10);
	const runningTo = await at(20);
	run.type(' ');
	const settlingFrom = await at(21);
	const pausedFrom = await at(35);
	const pausedTo = await at(45);
	const {hwm} = residentMb(pid);
	clearInterval(poll);
	run.type('q');
	const exit = await within(run.exited, 5000);
	if (!exit) kill(pid);
	await run.closed;
	const span = (from, to) => (to.t - from.t) / 1000;
	const entered = tail.lastIndexOf('\u001B[?1049h');
	const left = tail.lastIndexOf('\u001B[?1049l');
	return {
		warmingCpu: (runningFrom.cpu - warmingFrom.cpu) / span(warmingFrom, runningFrom),
		runningCpu: (runningTo.cpu - runningFrom.cpu) / span(runningFrom, runningTo),
		pausedCpu: (pausedTo.cpu - pausedFrom.cpu) / span(pausedFrom, pausedTo),
		settlingCpu: (pausedFrom.cpu - settlingFrom.cpu) / span(settlingFrom, pausedFrom),
		bytesPerSecond: (runningTo.bytes - warmingFrom.bytes) / span(warmingFrom, runningTo),
		pausedBytesPerSecond: (pausedTo.bytes - settlingFrom.bytes) / span(settlingFrom, pausedTo),
		peakRss: Math.max(peakRss, 0),
		hwm,
		exit: exit?.code,
		restored: left > entered && /tinygan: \d+ epochs/.test(tail.slice(left)),
	};
}

export async function benchDashboard(cli, progress) {
	progress('first frame vs node -e 0, 7 times each, alternating');
	const {bare, dashboard} = await firstFrames(cli, 7);
	const frame = median(dashboard);
	const node = median(bare);
	const ratio = frame / node;
	progress('a 46 s run: CPU, bytes and memory running (2–20 s) and paused (21–45 s)');
	const steady = await steadyRun(cli);
	const percent = share => `${(share * 100).toFixed(2)}% of a core`;
	return [
		{
			what: 'launch to first complete frame / bare `node -e 0` (medians of 7)',
			measured: `${ratio.toFixed(2)}×`,
			budget: '≤ 2×',
			ok: ratio <= 2,
		},
		{what: '  first frame (`Parameters` on screen): median, fastest–slowest', measured: spread(dashboard)},
		{what: '  `node -e 0`, launch to exit: median, fastest–slowest', measured: spread(bare)},
		{
			what: 'CPU at the default speed, 10 s to 20 s after launch',
			measured: percent(steady.runningCpu),
			budget: '≤ 5% of a core',
			ok: steady.runningCpu <= 0.05,
		},
		{what: '  2 s to 10 s (V8 still compiling what each frame runs)', measured: percent(steady.warmingCpu)},
		{
			what: 'CPU paused (space at 20 s), 35 s to 45 s',
			measured: percent(steady.pausedCpu),
			budget: '0% (≤ 0.2%)',
			ok: steady.pausedCpu <= 0.002,
		},
		{
			what: '  21 s to 35 s (V8 shrinks the heap once, a few seconds after the pause)',
			measured: percent(steady.settlingCpu),
		},
		{
			what: 'bytes to the terminal at the default speed, 2 s to 20 s',
			measured: `${(steady.bytesPerSecond / 1000).toFixed(2)} KB/s`,
			budget: '≤ 4 KB/s',
			ok: steady.bytesPerSecond <= 4000,
		},
		{what: '  paused, 21 s to 45 s', measured: `${(steady.pausedBytesPerSecond / 1000).toFixed(2)} KB/s`},
		{
			what: 'resident memory: peak VmRSS (polled) / VmHWM',
			measured: `${steady.peakRss.toFixed(1)} / ${steady.hwm.toFixed(1)} MB`,
			budget: '≤ 80 MB',
			ok: Math.max(steady.peakRss, steady.hwm) <= 80,
		},
		{
			what: 'q: exit code, left the alternate screen, summary printed',
			measured: `${steady.exit ?? 'none in 5 s'}, ${steady.restored ? 'yes' : 'no'}`,
			budget: '0, yes',
			ok: steady.exit === 0 && steady.restored,
		},
	];
}

function spread(values) {
	const sorted = values.toSorted((a, b) => a - b);
	return `${ms(median(values))}, ${ms(sorted[0])}–${ms(sorted.at(-1))}`;
}
