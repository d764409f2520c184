// Npm run bench: the speed and size budgets, measured on this machine.
// Budgets are reported here, never asserted in `npm test` (machines are shared and noisy).
import {spawn} from 'node:child_process';
import {readFileSync, existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const only = process.argv[2]; // Optional: "headless" or "dashboard"

/** Runs a command to the end; returns wall time and peak resident memory (VmHWM, polled). */
function measure(command, args) {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(command, args, {stdio: ['ignore', 'pipe', 'inherit']});
		let peakKb = 0;
		let bytes = 0;
		let tail = '';
		const poll = setInterval(() => {
			try {
				const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
				peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
			} catch {}
		}, 20);
		child.stdout.on('data', chunk => {
			bytes += chunk.length;
			tail = (tail + chunk.toString()).slice(-4000);
		});
		child.on('error', reject);
		child.on('close', code => {
			clearInterval(poll);
			resolve({code, ms: performance.now() - started, peakMb: peakKb / 1024, bytes, tail});
		});
	});
}

function row(name, value, budget, ok) {
	console.log(`${ok ? 'ok  ' : 'OVER'}  ${name.padEnd(58)} ${value.padStart(16)}   budget ${budget}`);
}

if (!only || only === 'headless') {
	console.log('Headless (whole process, node dist/cli.js --json --every 0)');
	const best = [];
	for (let i = 0; i < 3; i++) {
		// eslint-disable-next-line no-await-in-loop
		best.push(await measure('node', [cli, '--json', '--seed', '1', '--epochs', '5000000', '--every', '0']));
	}

	const fastest = best.reduce((a, b) => (a.ms < b.ms ? a : b));
	const rate = 5_000_000 / (fastest.ms / 1000);
	row(
		'training throughput, 5M epochs (best of 3)',
		`${(rate / 1e6).toFixed(2)} M epochs/s`,
		'≥ 1 M epochs/s',
		rate >= 1e6,
	);
	const end = JSON.parse(fastest.tail.trim().split('\n').at(-1));
	row(
		'  of which in the training loop (end.elapsedMs)',
		`${(5_000_000 / end.elapsedMs / 1000).toFixed(2)} M epochs/s`,
		'',
		true,
	);

	const big = await measure('node', [cli, '--json', '--seed', '2', '--epochs', '10000000', '--every', '0']);
	row('peak resident memory, 10M epochs --every 0', `${big.peakMb.toFixed(1)} MB`, '< 150 MB', big.peakMb < 150);
	const all = await measure('node', [cli, '--json', '--seed', '3', '--epochs', '1000000', '--every', '1']);
	row(
		'1M epochs with an epoch line each (every 1): throughput',
		`${(1e6 / (all.ms / 1000) / 1e3).toFixed(0)} k epochs/s`,
		'',
		true,
	);
	row('  peak resident memory', `${all.peakMb.toFixed(1)} MB`, '< 150 MB', all.peakMb < 150);
	console.log();
}

if ((!only || only === 'dashboard') && existsSync(new URL('./bench-dashboard.mjs', import.meta.url))) {
	await import('./bench-dashboard.mjs');
}
