/**
 * The built CLI in a real terminal: tmux on a private socket (one server per
 * test file, killed with `killServer`), sessions started on a gate so that
 * the pane's raw output is logged from the first byte, and waits that poll
 * a condition every 50 ms up to a deadline, never sleep.
 */
import {afterAll, afterEach, beforeAll} from 'vitest';
import {execFile, execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import process from 'node:process';
import {assertBuilt, cliPath, repoRoot} from './paths.js';

export const defaultTimeoutMs = 15_000;
const pollMs = 50;

export function hasTmux(): boolean {
	try {
		execFileSync('tmux', ['-V'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

/** Single-quoted for sh: safe for any text. */
export function shellQuote(text: string): string {
	return `'${text.replaceAll("'", String.raw`'\''`)}'`;
}

export async function delay(ms: number): Promise<void> {
	return new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

export type WaitOptions = {
	readonly timeoutMs?: number;
	/** What was being waited for, for the failure message. */
	readonly what?: string;
	/** Extra context for the failure message (the last screen). */
	readonly context?: () => string;
};

/**
 * Calls `check` every 50 ms until it returns something other than
 * undefined/false, and returns that; fails after the deadline with the
 * last context. An exception from `check` fails at once.
 */
export async function waitFor<T>(
	check: () => Promise<T | undefined | false> | T | undefined | false,
	options: WaitOptions = {},
): Promise<T> {
	const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		// eslint-disable-next-line no-await-in-loop
		const result = await check();
		if (result !== undefined && result !== false) {
			return result;
		}

		if (Date.now() > deadline) {
			const context = options.context?.() ?? '';
			throw new Error(
				`timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a condition'}${context === '' ? '' : `\n${context}`}`,
			);
		}

		// eslint-disable-next-line no-await-in-loop
		await delay(pollMs);
	}
}

/** The completed-epoch count in the header (`epoch 57/1000` → 57), or undefined. */
export function readEpoch(screen: string): number | undefined {
	const match = /\bepoch (\d+)/.exec(screen);
	return match ? Number(match[1]) : undefined;
}

/** The exit code the wrapper shell printed after the CLI ended (`EXIT=0`), or undefined. */
export function readExit(screen: string): number | undefined {
	const match = /^EXIT=(\d+)$/m.exec(screen);
	return match ? Number(match[1]) : undefined;
}

/** Signs that the full dashboard is drawn: each panel's title or a row only that panel has. */
export const panelMarks = ['tinygan', 'Loss', 'Samples', 'Parameters', 'q quit'] as const;

export function showsPanels(screen: string): boolean {
	return panelMarks.every(mark => screen.includes(mark)) && readEpoch(screen) !== undefined;
}

export type DashboardOptions = {
	/** Session name, unique within the server. */
	readonly name: string;
	readonly args: readonly string[];
	readonly columns?: number;
	readonly rows?: number;
	/**
	 * Environment for the CLI on top of this process's: a value sets the
	 * variable, undefined unsets it. NO_COLOR and FORCE_COLOR are unset and
	 * the locale is C.UTF-8 unless given here.
	 */
	readonly env?: Readonly<Record<string, string | undefined>>;
	/** Give the CLI /dev/null as stdin instead of the terminal. */
	readonly stdinNull?: boolean;
};

export class TmuxServer {
	readonly socket = `tinygan-e2e-${randomBytes(6).toString('hex')}`;
	readonly directory = mkdtempSync(join(tmpdir(), 'tinygan-e2e-'));

	private ready: Promise<unknown> | undefined;

	async tmux(...args: string[]): Promise<string> {
		return new Promise((resolve, reject) => {
			execFile('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8'}, (error, stdout, stderr) => {
				if (error) {
					reject(new Error(`tmux ${args.join(' ')} failed: ${stderr || error.message}`));
				} else {
					resolve(stdout);
				}
			});
		});
	}

	/**
	 * Starts `node dist/cli.js <args>` in a new session of the given size:
	 * `EXIT=<code>` is printed when it ends, and the pane stays open. The
	 * session's shell waits for Enter before it starts the CLI, so the pane
	 * log (`rawOutput`) has everything the CLI wrote.
	 */
	async start(options: DashboardOptions): Promise<Dashboard> {
		const {name} = options;
		const {dir, logFile} = await this.openPane(name, options.columns ?? 80, options.rows ?? 24, dir => {
			const pidFile = join(dir, 'pid');
			// A UTF-8 locale unless a test asks for another: the dashboard draws ASCII in any other
			const variables: Record<string, string | undefined> = {
				NO_COLOR: undefined,
				FORCE_COLOR: undefined,
				LANG: 'C.UTF-8',
				LC_ALL: undefined,
				LC_CTYPE: undefined,
				...options.env,
			};
			const unset = Object.entries(variables).flatMap(([key, value]) => (value === undefined ? ['-u', key] : []));
			const env = Object.entries(variables).flatMap(([key, value]) => (value === undefined ? [] : [`${key}=${value}`]));
			const command = ['env', ...unset, ...env, process.execPath, cliPath, ...options.args]
				.map(word => shellQuote(word))
				.join(' ');
			const script = [
				`cd ${shellQuote(repoRoot)} || exit 1`,
				'IFS= read -r gate',
				'echo "tinygan-e2e: before the CLI"',
				// The inner shell writes its pid and becomes the CLI: the pid is the CLI's
				`sh -c 'echo $$ > "$0"; exec "$@"' ${shellQuote(pidFile)} ${command}${options.stdinNull ? ' < /dev/null' : ''}`,
				'echo "EXIT=$?"',
				'exec sleep 600',
				'',
			].join('\n');
			const scriptFile = join(dir, 'run.sh');
			writeFileSync(scriptFile, script);
			return `sh ${shellQuote(scriptFile)}`;
		});
		const pidFile = join(dir, 'pid');
		const dashboard = new Dashboard(this, name, pidFile, logFile);
		await dashboard.keys('Enter');
		return dashboard;
	}

	/**
	 * A session running an interactive bash (prompt `shell:`, UTF-8 locale) in
	 * which a test types commands as a person would: job control needs a shell.
	 */
	async startShell(name: string, columns = 80, rows = 24): Promise<Dashboard> {
		const {dir, logFile} = await this.openPane(
			name,
			columns,
			rows,
			() => 'env -u NO_COLOR -u FORCE_COLOR -u LC_ALL -u LC_CTYPE LANG=C.UTF-8 PS1=shell: bash --norc --noprofile -i',
		);
		return new Dashboard(this, name, join(dir, 'pid'), logFile);
	}

	/** A new session `name` running the command `commandIn(its folder)`, its output logged to the folder's pane.log. */
	private async openPane(
		name: string,
		columns: number,
		rows: number,
		commandIn: (dir: string) => string,
	): Promise<{dir: string; logFile: string}> {
		// A session that outlives the tests' sessions keeps the server up: a server whose last
		// session was just killed is still exiting, and a new session can connect to it and fail
		this.ready ??= this.tmux('new-session', '-d', '-s', 'keep-alive', '-x', '80', '-y', '24', 'cat');
		await this.ready;
		const dir = join(this.directory, name);
		mkdirSync(dir, {recursive: true});
		const logFile = join(dir, 'pane.log');
		const command = commandIn(dir);
		writeFileSync(logFile, '');
		await this.tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), command);
		await this.tmux('pipe-pane', '-t', name, `cat >> ${shellQuote(logFile)}`);
		return {dir, logFile};
	}

	async killSession(name: string): Promise<void> {
		try {
			await this.tmux('kill-session', '-t', name);
		} catch {
			// Already gone
		}
	}

	async killServer(): Promise<void> {
		let socketPath = '';
		try {
			socketPath = (await this.tmux('display-message', '-p', '#{socket_path}')).trim();
			await this.tmux('kill-server');
		} catch {
			// No server running
		}

		// tmux leaves the socket file behind
		if (socketPath.includes(this.socket)) {
			rmSync(socketPath, {force: true});
		}

		rmSync(this.directory, {recursive: true, force: true});
	}
}

export class Dashboard {
	/** The last screen captured, for failure messages. */
	last = '';

	constructor(
		readonly server: TmuxServer,
		readonly name: string,
		private readonly pidFile: string,
		private readonly logFile: string,
	) {}

	/** The visible screen, one line per row (trailing blanks trimmed by tmux). */
	async capture(options: {escapes?: boolean; joinWrapped?: boolean; history?: boolean} = {}): Promise<string> {
		const args = ['capture-pane', '-p', '-t', this.name];
		if (options.escapes) {
			args.push('-e');
		}

		if (options.joinWrapped) {
			args.push('-J');
		}

		if (options.history) {
			args.push('-S', '-');
		}

		const screen = await this.server.tmux(...args);
		this.last = screen;
		return screen;
	}

	/** Sends tmux key names (`Space`, `Right`, `C-c`) or literal keys, one key per call. */
	async keys(...keys: string[]): Promise<void> {
		await this.server.tmux('send-keys', '-t', this.name, ...keys);
	}

	/** Sends text as typed, without tmux reading it as key names (for `-`, `+`, `?`). */
	async type(text: string): Promise<void> {
		await this.server.tmux('send-keys', '-t', this.name, '-l', '--', text);
	}

	async resize(columns: number, rows: number): Promise<void> {
		await this.server.tmux('resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows));
	}

	/** A tmux format for this pane, such as `#{alternate_on}`. */
	async display(format: string): Promise<string> {
		return (await this.server.tmux('display-message', '-p', '-t', this.name, format)).trim();
	}

	/** Whether the pane is on the alternate screen (tmux's `#{alternate_on}`). */
	async alternateOn(): Promise<boolean> {
		return (await this.display('#{alternate_on}')) === '1';
	}

	/** Whether the terminal cursor is shown (tmux's `#{cursor_flag}`). */
	async cursorVisible(): Promise<boolean> {
		return (await this.display('#{cursor_flag}')) === '1';
	}

	/** The CLI's pid (written by the wrapper shell that became the CLI). */
	async pid(): Promise<number> {
		return waitFor(
			() => {
				if (!existsSync(this.pidFile)) {
					return undefined;
				}

				const pid = Number(readFileSync(this.pidFile, 'utf8').trim());
				return Number.isInteger(pid) && pid > 0 ? pid : undefined;
			},
			{what: 'the CLI pid file'},
		);
	}

	/** Every byte the pane received so far (the CLI's stdout and stderr, and the shell's echo). */
	rawOutput(): string {
		return readFileSync(this.logFile, 'utf8');
	}

	/** Captures until `predicate` holds for the screen; returns that screen. */
	async waitForScreen(
		predicate: (screen: string) => boolean,
		what: string,
		options: {timeoutMs?: number; joinWrapped?: boolean; untilExit?: boolean} = {},
	): Promise<string> {
		return waitFor(
			async () => {
				const screen = await this.capture({joinWrapped: options.joinWrapped});
				if (predicate(screen)) {
					return screen;
				}

				// The CLI ended: what was awaited will not come (unless it is the exit itself)
				if (!options.untilExit && readExit(screen) !== undefined) {
					throw new Error(`the CLI exited while waiting for ${what}\n${this.describe()}`);
				}

				return undefined;
			},
			{what, timeoutMs: options.timeoutMs, context: () => this.describe()},
		);
	}

	/**
	 * Like `waitForScreen`, and also until two captures in a row are the
	 * same: a frame can be caught half drawn.
	 */
	async waitForSteadyScreen(
		predicate: (screen: string) => boolean,
		what: string,
		/** The part of the screen that must hold still (default: all of it; a running header never does). */
		part: (screen: string) => string = screen => screen,
	): Promise<string> {
		let previous: string | undefined;
		return waitFor(
			async () => {
				const screen = await this.capture();
				const steady = predicate(screen) && part(screen) === previous;
				previous = part(screen);
				if (!steady && readExit(screen) !== undefined) {
					throw new Error(`the CLI exited while waiting for ${what}\n${this.describe()}`);
				}

				return steady ? screen : undefined;
			},
			{what: `${what} (two identical captures in a row)`, context: () => this.describe()},
		);
	}

	/** Waits for the header's epoch to satisfy `predicate`; returns it. */
	async waitForEpoch(predicate: (epoch: number) => boolean, what: string): Promise<number> {
		const screen = await this.waitForScreen(s => {
			const epoch = readEpoch(s);
			return epoch !== undefined && predicate(epoch);
		}, what);
		return readEpoch(screen)!;
	}

	/** Waits for the CLI to end (the wrapper prints EXIT=n); returns the code and the normal screen, wrapped lines joined. */
	async waitForExit(): Promise<{code: number; screen: string}> {
		const screen = await this.waitForScreen(s => readExit(s) !== undefined, 'the CLI to exit (EXIT=…)', {
			joinWrapped: true,
			untilExit: true,
		});
		return {code: readExit(screen)!, screen};
	}

	/** Waits until the pane log contains `text` (the log is written by a separate process, a moment later). */
	async waitForRaw(text: string): Promise<string> {
		return waitFor(
			() => {
				const raw = this.rawOutput();
				return raw.includes(text) ? raw : undefined;
			},
			{what: `the pane output to contain ${JSON.stringify(text)}`, context: () => this.describe()},
		);
	}

	describe(): string {
		return `last screen of session ${this.name}:\n┌${'─'.repeat(40)}\n${this.last
			.split('\n')
			.map(line => `│${line}`)
			.join('\n')}\n└${'─'.repeat(40)}`;
	}

	async kill(): Promise<void> {
		await this.server.killSession(this.name);
	}
}

export type Summary = {
	readonly trained: number | undefined;
	readonly params: {
		readonly generator: {readonly weights: number[]; readonly biases: number[]};
		readonly discriminator: {readonly weights: number[]; readonly bias: number};
	};
	/** The command line that reproduces the run headless. */
	readonly command: string;
};

function numbersIn(line: string, label: string): number[] {
	const match = new RegExp(`^${label} \\[([^\\]]*)\\]$`).exec(line);
	if (!match) {
		throw new Error(`not a "${label} [...]" line: ${line}`);
	}

	return match[1]!
		.trim()
		.split(/\s+/)
		.map(word => {
			const value = Number(word);
			if (!Number.isFinite(value)) {
				throw new TypeError(`"${word}" in "${line}" is not a number`);
			}

			return value;
		});
}

/** Reads the summary printed after the dashboard (capture it with wrapped lines joined). */
export function parseSummary(screen: string): Summary {
	const lines = screen.split('\n').map(line => line.trim());
	const find = (prefix: string): string => {
		const found = lines.filter(line => line.startsWith(prefix));
		if (found.length !== 1) {
			throw new Error(`expected one line beginning "${prefix}", found ${found.length} in:\n${screen}`);
		}

		return found[0]!;
	};

	const bias = Number(find('Discriminator bias ').slice('Discriminator bias '.length));
	if (!Number.isFinite(bias)) {
		throw new TypeError(`Discriminator bias is not a number in:\n${screen}`);
	}

	const trained = /^tinygan: (\d+) epochs?,/m.exec(screen);
	return {
		trained: trained ? Number(trained[1]) : undefined,
		params: {
			generator: {
				weights: numbersIn(find('Generator weights '), 'Generator weights'),
				biases: numbersIn(find('Generator biases '), 'Generator biases'),
			},
			discriminator: {weights: numbersIn(find('Discriminator weights '), 'Discriminator weights'), bias},
		},
		command: find('tinygan --'),
	};
}

/**
 * For a describe block of end-to-end tests: a tmux server of its own, and a
 * `start` whose dashboards are killed after each test (the server after all).
 */
export function dashboardsInTmux(): {
	server: TmuxServer;
	start: (options: DashboardOptions) => Promise<Dashboard>;
	startShell: (name: string) => Promise<Dashboard>;
} {
	const server = new TmuxServer();
	const started: Dashboard[] = [];
	beforeAll(() => {
		assertBuilt();
	});

	afterEach(async () => {
		for (const dashboard of started.splice(0)) {
			// eslint-disable-next-line no-await-in-loop
			await dashboard.kill();
		}
	});

	afterAll(async () => {
		await server.killServer();
	});

	return {
		server,
		async start(options) {
			const dashboard = await server.start(options);
			started.push(dashboard);
			return dashboard;
		},
		async startShell(name) {
			const shell = await server.startShell(name);
			started.push(shell);
			return shell;
		},
	};
}
