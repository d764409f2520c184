/**
 * Runs the built CLI as a child process with stdout and stderr piped (so
 * neither is a terminal), and the shapes of its NDJSON events.
 */
import {spawn} from 'node:child_process';
import process from 'node:process';
import {cliPath, repoRoot} from './paths.js';

export type CliResult = {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly stdout: string;
	readonly stderr: string;
};

export type RunOptions = {
	/** Extra environment variables (on top of this process's). */
	readonly env?: Record<string, string>;
	/** The child is killed after this long and the run fails: a hang is a bug, not a wait. */
	readonly timeoutMs?: number;
	/** A file descriptor to give the child as stdout (or stderr) instead of a pipe, e.g. one open on /dev/full. */
	readonly stdout?: number;
	readonly stderr?: number;
};

export async function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
	const timeoutMs = options.timeoutMs ?? 20_000;
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {
			cwd: repoRoot,
			env: {...process.env, ...options.env},
			stdio: ['ignore', options.stdout ?? 'pipe', options.stderr ?? 'pipe'],
		});
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`tinygan ${args.join(' ')} did not exit within ${timeoutMs} ms`));
		}, timeoutMs);
		child.on('error', error => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8')});
		});
	});
}

export type Params = {
	readonly generator: {readonly weights: number[]; readonly biases: number[]};
	readonly discriminator: {readonly weights: number[]; readonly bias: number};
};

export type StartEvent = {
	readonly type: 'start';
	readonly version: string;
	readonly config: {readonly seed: number; readonly lr: number; readonly epochs: number; readonly schedule?: string};
	readonly params: Params;
};

export type EpochEvent = {
	readonly type: 'epoch';
	readonly epoch: number;
	readonly dLoss: number;
	readonly gLoss: number;
	readonly dReal: number;
	readonly dFake: number;
};

export type EndEvent = {
	readonly type: 'end';
	readonly epoch: number;
	readonly status?: string;
	readonly reason?: string;
	readonly params: Params;
	readonly samples: Array<{readonly z: number; readonly image: number[]}>;
	readonly elapsedMs: number;
};

/** With --updates: one SGD update, its gradient for the net it updates, all parameters after it. */
export type UpdateEvent = {
	readonly type: 'update';
	readonly epoch: number;
	readonly sample: number;
	readonly step: 'd-real' | 'd-fake' | 'g';
	readonly z: number;
	readonly d: number;
	readonly loss: number;
	readonly gradient:
		| {readonly discriminator: {readonly weights: number[]; readonly bias: number}}
		| {readonly generator: {readonly weights: number[]; readonly biases: number[]}};
	readonly params: Params;
};

export type Event = StartEvent | EpochEvent | EndEvent;

/** Every line of stdout as JSON; throws naming the line that does not parse. */
export function parseNdjson(stdout: string): Event[] {
	if (!stdout.endsWith('\n')) {
		throw new Error(`stdout does not end with a newline: ${JSON.stringify(stdout.slice(-200))}`);
	}

	return stdout
		.slice(0, -1)
		.split('\n')
		.map((line, index) => {
			try {
				return JSON.parse(line) as Event;
			} catch {
				throw new Error(`line ${index + 1} of stdout is not JSON: ${JSON.stringify(line.slice(0, 200))}`);
			}
		});
}

/** The run as start, epochs, end; throws if the events are not in that shape. */
export function splitRun(events: readonly Event[]): {start: StartEvent; epochs: EpochEvent[]; end: EndEvent} {
	const start = events[0];
	const end = events.at(-1);
	if (start?.type !== 'start' || end?.type !== 'end' || events.length < 2) {
		throw new Error(`expected start … end, got types ${events.map(event => event.type).join(',')}`);
	}

	const middle = events.slice(1, -1);
	const epochs = middle.filter((event): event is EpochEvent => event.type === 'epoch');
	if (epochs.length !== middle.length) {
		throw new Error(
			`expected only epoch events between start and end, got ${middle.map(event => event.type).join(',')}`,
		);
	}

	return {start, epochs, end};
}

/** Paths of every value in `value` that is not a finite number, a string, a boolean, an array or an object. */
export function nonFiniteValues(value: unknown, path = '$'): string[] {
	if (typeof value === 'number') {
		return Number.isFinite(value) ? [] : [`${path} = ${value}`];
	}

	if (typeof value === 'string' || typeof value === 'boolean') {
		return [];
	}

	if (Array.isArray(value)) {
		return value.flatMap((item, index) => nonFiniteValues(item, `${path}[${index}]`));
	}

	if (value !== null && typeof value === 'object') {
		return Object.entries(value).flatMap(([key, item]) => nonFiniteValues(item, `${path}.${key}`));
	}

	return [`${path} = ${String(value)}`];
}

/** The parameters as one flat list, in a fixed order, for element-wise comparisons. */
export function flatParams(params: Params): number[] {
	return [
		...params.generator.weights,
		...params.generator.biases,
		...params.discriminator.weights,
		params.discriminator.bias,
	];
}

export type LiveCli = {
	/** Complete lines of stdout so far, in order. */
	readonly lines: readonly string[];
	/** Stdout as it arrived, one entry per chunk read. */
	readonly chunks: readonly string[];
	/** Resolves once `condition` holds for the lines read so far; rejects if the process ends first or after the timeout. */
	until(condition: (lines: readonly string[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
	kill(signal: NodeJS.Signals): void;
	/** The exit, once stdout and stderr are closed (all output read). */
	readonly closed: Promise<CliResult>;
};

/**
 * Starts the built CLI with stdout and stderr pipes and reads its output as
 * it arrives, for tests that act while it runs. Nothing here sleeps: waits
 * end when the output shows the condition (or the process ends).
 */
export function startCli(args: readonly string[], options: RunOptions = {}): LiveCli {
	const timeoutMs = options.timeoutMs ?? 20_000;
	const child = spawn(process.execPath, [cliPath, ...args], {
		cwd: repoRoot,
		env: {...process.env, ...options.env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const lines: string[] = [];
	const chunks: string[] = [];
	let partial = '';
	let stderr = '';
	let ended = false;
	const listeners = new Set<() => void>();
	const notify = (): void => {
		for (const listener of listeners) {
			listener();
		}
	};

	child.stdout.setEncoding('utf8');
	child.stdout.on('data', (chunk: string) => {
		chunks.push(chunk);
		const parts = (partial + chunk).split('\n');
		partial = parts.pop()!;
		lines.push(...parts);
		notify();
	});
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk: string) => {
		stderr += chunk;
	});
	const killer = setTimeout(() => {
		child.kill('SIGKILL');
	}, timeoutMs);
	const closed = new Promise<CliResult>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(killer);
			ended = true;
			notify();
			resolve({code, signal, stdout: lines.map(line => line + '\n').join('') + partial, stderr});
		});
	});

	return {
		lines,
		chunks,
		async until(condition, what, waitMs = timeoutMs) {
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					done(new Error(`timed out after ${waitMs} ms waiting for ${what}; stderr: ${stderr}`));
				}, waitMs);
				const check = (): void => {
					if (condition(lines)) {
						done();
					} else if (ended) {
						done(new Error(`tinygan ended before ${what}; stderr: ${stderr}`));
					}
				};

				function done(error?: Error): void {
					clearTimeout(timer);
					listeners.delete(check);
					if (error) {
						reject(error);
					} else {
						resolve();
					}
				}

				listeners.add(check);
				check();
			});
		},
		kill(signal) {
			child.kill(signal);
		},
		closed,
	};
}

/** Single-quoted for sh: safe for any text. */
function shQuote(text: string): string {
	return `'${text.replaceAll("'", String.raw`'\''`)}'`;
}

/**
 * Runs the built CLI with stdin, stdout and stderr a pseudo-terminal, through
 * util-linux `script`. Its stdout and stderr arrive mixed, as a terminal shows
 * them, with the terminal's \r\n turned back into \n.
 */
export async function runCliInTerminal(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
	const command = [process.execPath, cliPath, ...args].map(word => shQuote(word)).join(' ');
	const timeoutMs = options.timeoutMs ?? 20_000;
	return new Promise((resolve, reject) => {
		const child = spawn('script', ['-qfec', command, '/dev/null'], {
			cwd: repoRoot,
			env: {...process.env, SHELL: '/bin/sh', ...options.env},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`script -c "tinygan ${args.join(' ')}" did not exit within ${timeoutMs} ms`));
		}, timeoutMs);
		child.on('error', error => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({
				code,
				signal,
				stdout: Buffer.concat(out).toString('utf8').replaceAll('\r\n', '\n'),
				stderr: Buffer.concat(err).toString('utf8'),
			});
		});
	});
}
