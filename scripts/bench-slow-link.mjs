// The dashboard over a slow SSH link, simulated: the dashboard runs in a pseudo-terminal of 80×24
// (scripts/pty-run.py); what it writes goes into a 2 MB buffer (the SSH channel and socket
// buffers), which a 2,000 bytes/s line drains into a terminal emulator at the far end
// (@xterm/headless). The far terminal's answers to status requests (ESC[5n → ESC[0n) go back into the
// pty's input as soon as it has parsed the request; keys are typed into the pty directly. When the
// buffer is full the pty is no longer read (back-pressure), so the dashboard's writes block, as
// with sshd.
import xterm from '@xterm/headless';
import {startInPty, within, sleep, kill} from './pty.mjs';

const cols = 80;
const rows = 24;
const bufferBytes = 2 * 1024 * 1024;
const lineBytesPerSecond = 2000;
const lineTickMs = 10;
const dashboardArgs = ['--seed', '42', '--epochs', '1000000'];

/** The screen the far terminal shows, one string per row. */
function screenLines(term) {
	const buffer = term.buffer.active;
	const lines = [];
	for (let y = 0; y < term.rows; y++) {
		lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
	}

	return lines;
}

/**
 * Starts the dashboard behind the simulated link. answers: whether the far terminal answers ESC[5n.
 * Returns the run, the far terminal, the bytes still in the buffer, and waitFor(test, ms): the ms until
 * the far screen passes test (checked each time the far terminal has parsed what arrived), or null.
 */
async function startBehindLink(cli, {answers}) {
	const term = new xterm.Terminal({cols, rows, allowProposedApi: true, scrollback: 100});
	const run = startInPty(process.execPath, [cli, ...dashboardArgs], {cols, rows});
	const queue = [];
	let queued = 0;
	let arrived = 0;
	let checks = [];
	run.child.stdout.on('data', chunk => {
		queue.push(chunk);
		queued += chunk.length;
		if (queued >= bufferBytes) run.child.stdout.pause();
	});
	term.onData(data => {
		// What the far terminal says back (status reports) goes to the program at once
		const reply = answers ? data : data.replaceAll('\u001B[0n', '');
		if (reply) run.type(reply);
	});

	// The line: lineBytesPerSecond, sent in ticks; an idle line saves up no credit
	let credit = 0;
	let last = performance.now();
	const line = setInterval(() => {
		const now = performance.now();
		credit += ((now - last) / 1000) * lineBytesPerSecond;
		last = now;
		const count = Math.min(Math.floor(credit), queued);
		if (count === 0) {
			if (queued === 0) credit = 0;
			return;
		}

		credit -= count;
		const parts = [];
		let need = count;
		while (need > 0) {
			const head = queue[0];
			if (head.length <= need) {
				parts.push(queue.shift());
				need -= head.length;
			} else {
				parts.push(head.subarray(0, need));
				queue[0] = head.subarray(need);
				need = 0;
			}
		}

		queued -= count;
		arrived += count;
		if (queued < bufferBytes && run.child.stdout.isPaused()) run.child.stdout.resume();
		term.write(Buffer.concat(parts), () => {
			checks = checks.filter(check => !check());
		});
	}, lineTickMs);

	const {pid, at: launched} = await run.started;

	function waitFor(test, ms) {
		const since = performance.now();
		const found = new Promise(resolve => {
			const check = () => {
				if (!test(term)) return false;
				resolve(performance.now() - since);
				return true;
			};

			if (!check()) checks.push(check);
		});
		return within(found, ms, null);
	}

	async function stop() {
		clearInterval(line);
		kill(pid);
		run.child.stdout.removeAllListeners('data');
		run.child.stdout.on('data', () => {}).resume(); // Let pty-run relay what is left and end
		await within(run.closed, 5000);
		kill(run.child.pid);
		term.dispose();
	}

	return {
		run,
		term,
		launched,
		waitFor,
		stop,
		inFlight: () => queued,
		arrived: () => arrived,
	};
}

const seconds = ms => `${(ms / 1000).toFixed(2)} s`;
const kb = bytes => `${(bytes / 1000).toFixed(1)} KB`;

async function keysOverTheLink(cli, {trainMs, waitMs}) {
	const link = await startBehindLink(cli, {answers: true});
	await sleep(link.launched + trainMs - performance.now());
	const inFlightAtSpace = link.inFlight();
	link.run.type(' ');
	const paused = await link.waitFor(term => screenLines(term).some(line => line.includes('paused')), waitMs);
	const inFlightAtQ = link.inFlight();
	link.run.type('q');
	const summary = await link.waitFor(
		term => term.buffer.active.type === 'normal' && screenLines(term).some(line => line.startsWith('tinygan:')),
		waitMs,
	);
	const arrived = link.arrived();
	await link.stop();
	return {paused, summary, inFlightAtSpace, inFlightAtQ, arrived};
}

/** With a far terminal that never answers ESC[5n: does its screen keep changing? Sampled every 250 ms. */
async function withoutAnswers(cli, {fromMs, toMs}) {
	const link = await startBehindLink(cli, {answers: false});
	await sleep(link.launched + fromMs - performance.now());
	let previous = screenLines(link.term).join('\n');
	let changes = 0;
	let samples = 0;
	let still = 0;
	let longestStill = 0;
	while (performance.now() < link.launched + toMs) {
		await sleep(250);
		const now = screenLines(link.term).join('\n');
		samples++;
		if (now === previous) {
			still += 250;
			longestStill = Math.max(longestStill, still);
		} else {
			changes++;
			still = 0;
		}

		previous = now;
	}

	const inFlight = link.inFlight();
	await link.stop();
	return {changes, samples, longestStill, inFlight};
}

export async function benchSlowLink(cli, progress) {
	const trainMs = 15_000;
	const waitMs = 15_000;
	progress(
		`slow link: ${trainMs / 1000} s of training, then space, then q (each waited for at most ${waitMs / 1000} s)`,
	);
	const keys = await keysOverTheLink(cli, {trainMs, waitMs});
	progress('slow link: a far terminal that never answers ESC[5n, watched from 5 s to 15 s');
	const mute = await withoutAnswers(cli, {fromMs: 5000, toMs: 15_000});
	const late = `not within ${waitMs / 1000} s`;
	return [
		{
			what: 'space after 15 s → `paused` on the far screen',
			measured: keys.paused === null ? late : seconds(keys.paused),
			budget: '≤ 2 s',
			ok: keys.paused !== null && keys.paused <= 2000,
		},
		{
			what: 'then q → shell back with the summary on the far screen',
			measured: keys.summary === null ? late : seconds(keys.summary),
			budget: '≤ 3 s',
			ok: keys.summary !== null && keys.summary <= 3000,
		},
		{
			what: '  bytes in flight (in the 2 MB buffer) at space / at q',
			measured: `${kb(keys.inFlightAtSpace)} / ${kb(keys.inFlightAtQ)}`,
		},
		{
			what: 'far terminal never answers ESC[5n: far screen keeps changing',
			measured: `longest still ${seconds(mute.longestStill)}`,
			budget: '≤ 2 s still',
			ok: mute.longestStill <= 2000,
		},
		{
			what: '  changed in … of the 250 ms samples, 5 s to 15 s; in flight at 15 s',
			measured: `${mute.changes}/${mute.samples}; ${kb(mute.inFlight)}`,
		},
	];
}
