// The bench's side of scripts/pty-run.py: start a command in a pseudo-terminal, type keys into it,
// read what it writes to the terminal, and read its process's figures from /proc.
import {spawn, execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';

const ptyRun = fileURLToPath(new URL('pty-run.py', import.meta.url));

/**
 * Runs `command args` in a pseudo-terminal of cols×rows. Returns:
 * - child: the pty-run process; child.stdout is the terminal's output (reading it is the back-pressure)
 * - type(text): keys typed into the terminal
 * - started: a promise of {pid, at}, the command's process id and performance.now() at the news
 * - marker: a promise of ms from the fork to the first `marker` in the output (null if never)
 * - exited: a promise of {code, ms}, ms from the fork to the command's end
 */
export function startInPty(command, args, {cols = 80, rows = 24, marker} = {}) {
	const child = spawn(
		'python3',
		[
			ptyRun,
			'--cols',
			String(cols),
			'--rows',
			String(rows),
			...(marker ? ['--marker', marker] : []),
			'--',
			command,
			...args,
		],
		{stdio: ['pipe', 'pipe', 'inherit', 'pipe']},
	);
	const events = new Map();
	const waiting = new Map();
	const on = name =>
		events.has(name) ? Promise.resolve(events.get(name)) : new Promise(resolve => waiting.set(name, resolve));
	createInterface({input: child.stdio[3]}).on('line', line => {
		const event = JSON.parse(line);
		event.at = performance.now();
		events.set(event.event, event);
		waiting.get(event.event)?.(event);
	});
	const closed = new Promise(resolve => {
		child.on('close', () => {
			for (const name of ['start', 'marker', 'exit']) waiting.get(name)?.(events.get(name) ?? null);
			resolve();
		});
	});
	child.stdin.on('error', () => {}); // Typing into a terminal whose program has gone
	return {
		child,
		type: text => child.stdin.write(text),
		started: on('start'),
		marker: on('marker').then(event => event?.ms ?? null),
		exited: on('exit'),
		closed,
	};
}

/** Waits for a promise at most `ms`; resolves to `fallback` after that. */
export function within(promise, ms, fallback = undefined) {
	let timer;
	return Promise.race([
		promise,
		new Promise(resolve => {
			timer = setTimeout(resolve, ms, fallback);
		}),
	]).finally(() => clearTimeout(timer));
}

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

let ticksPerSecond;

/** CPU seconds (user + system, all threads) a running process has used, from /proc/PID/stat. */
export function cpuSeconds(pid) {
	ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name in parentheses: state is field 3, utime 14, stime 15
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[14 - 3]) + Number(fields[15 - 3])) / ticksPerSecond;
}

/** A process's resident memory now and its peak (VmRSS, VmHWM) in MB, from /proc/PID/status. */
export function residentMb(pid) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = name => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
	return {rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024};
}

/** Ends a process if it is still there (a bench's run that did not finish in time). */
export function kill(pid, signal = 'SIGKILL') {
	try {
		process.kill(pid, signal);
	} catch {}
}
