// The dashboard's budgets over SSH, measured as a terminal sees them: ../shared/tools/ttyprobe runs the
// built CLI in a real pseudo-terminal and reports bytes, frames, time to the first frame and CPU.
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ttyprobe = fileURLToPath(new URL('../../shared/tools/ttyprobe', import.meta.url));

function probe(args) {
	return JSON.parse(
		execFileSync('python3', [ttyprobe, ...args, '--', 'node', cli, '--seed', '42'], {encoding: 'utf8'}),
	);
}

function row(name, value, budget, ok) {
	console.log(`${ok ? 'ok  ' : 'OVER'}  ${name.padEnd(58)} ${value.padStart(16)}   budget ${budget}`);
}

if (existsSync(ttyprobe)) {
	console.log('Dashboard (ttyprobe, 80×24, default speed and frame rate)');
	const starts = Array.from({length: 7}, () =>
		probe(['--cols', '80', '--rows', '24', '--secs', '1', '--skip', '0', '--marker', 'Parameters']),
	);
	const firstFrames = starts.map(run => run.marker_ms).sort((a, b) => a - b);
	const median = firstFrames[Math.floor(firstFrames.length / 2)];
	row('launch to first complete frame (median of 7)', `${median.toFixed(0)} ms`, '≤ 250 ms', median <= 250);
	row('  fastest / slowest', `${firstFrames[0].toFixed(0)} / ${firstFrames.at(-1).toFixed(0)} ms`, '', true);

	const run = probe(['--cols', '80', '--rows', '24', '--secs', '20', '--skip', '2', '--marker', 'Parameters']);
	row(
		'bytes to the terminal while training (after 2 s)',
		`${(run.bytes_per_s / 1000).toFixed(1)} KB/s`,
		'≤ 20 KB/s',
		run.bytes_per_s <= 20_000,
	);
	row('  frames per second', run.frames_per_s.toFixed(1), '', true);
	const cpu = (run.cpu_s / run.secs) * 100;
	row('CPU over a 20 s run, start-up included', `${cpu.toFixed(0)}% of a core`, '≤ 25%', cpu <= 25);
	row('  terminal restored after q', String(run.restored), '', run.restored === true);
} else {
	console.log(`Dashboard: skipped, ${ttyprobe} not found`);
}
