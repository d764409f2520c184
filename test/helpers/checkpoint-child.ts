/**
 * Checkpoint steps run in a child process (checkpoint-runner.ts, bundled
 * with esbuild): as an unprivileged user, for a read-only folder that root
 * would write anyway; or inside `unshare -rm` on a tmpfs of a few KB, for a
 * disk that really fills up. Each way is probed first: a test skips where
 * the system allows neither.
 */
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import process from 'node:process';
import * as esbuild from 'esbuild';
import {repoRoot} from './paths.js';

export type ChildStep =
	| {readonly op: 'save' | 'saveSync'; readonly path: string; readonly text: string}
	| {readonly op: 'load' | 'list' | 'read'; readonly path: string};

export type ChildResult =
	{readonly ok: true} | {readonly error: string} | {readonly files: readonly string[]} | {readonly text: string};

/** The user a root test process runs unprivileged steps as. */
export const nobody = 65_534;

/** A folder everyone may enter (mkdtemp makes them 700), removed with `dispose`. */
export function sharedTemporaryFolder(prefix: string): {readonly path: string; dispose(): void} {
	const path = mkdtempSync(join(tmpdir(), prefix));
	chmodSync(path, 0o755);
	return {
		path,
		dispose() {
			rmSync(path, {recursive: true, force: true});
		},
	};
}

export type Child = {
	/** Runs the steps in a child process; `as` a uid (root only), or `onTmpfs` mounted at a folder in a namespace of its own. */
	run(
		steps: readonly ChildStep[],
		options?: {readonly as?: number; readonly onTmpfs?: {readonly at: string; readonly kilobytes: number}},
	): ChildResult[];
	dispose(): void;
};

/** Bundles the runner into a folder everyone may read. */
export async function childRunner(): Promise<Child> {
	const folder = sharedTemporaryFolder('tinygan-runner-');
	const script = join(folder.path, 'runner.mjs');
	await esbuild.build({
		entryPoints: [join(repoRoot, 'test/helpers/checkpoint-runner.ts')],
		bundle: true,
		format: 'esm',
		platform: 'node',
		outfile: script,
		logLevel: 'silent',
	});
	let count = 0;
	return {
		run(steps, options = {}) {
			const stepsFile = join(folder.path, `steps-${count++}.json`);
			writeFileSync(stepsFile, JSON.stringify(steps), {mode: 0o644});
			const command = options.onTmpfs
				? {
						file: 'unshare',
						args: [
							'-rm',
							'sh',
							'-c',
							'mount -t tmpfs -o "size=$1k" tmpfs "$2" && exec "$3" "$4" "$5"',
							'sh',
							String(options.onTmpfs.kilobytes),
							options.onTmpfs.at,
							process.execPath,
							script,
							stepsFile,
						],
					}
				: {file: process.execPath, args: [script, stepsFile]};
			const result = spawnSync(command.file, command.args, {
				encoding: 'utf8',
				timeout: 20_000,
				...(options.as === undefined ? {} : {uid: options.as, gid: options.as}),
			});
			if (result.status !== 0) {
				throw new Error(
					`the checkpoint child failed (${result.status ?? result.signal}): ${result.stderr}${result.error ?? ''}`,
				);
			}

			return JSON.parse(result.stdout) as ChildResult[];
		},
		dispose() {
			folder.dispose();
		},
	};
}

/** Whether `unshare -rm` may mount a tmpfs here (user namespaces allowed, or root). */
export function canMountTmpfs(): boolean {
	const folder = sharedTemporaryFolder('tinygan-probe-');
	try {
		const probe = spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=8k tmpfs "$1"', 'sh', folder.path], {
			timeout: 10_000,
		});
		return probe.status === 0;
	} finally {
		folder.dispose();
	}
}

/** Whether this process is root (whom permissions do not stop) and may run a child as `nobody`. */
export function isRoot(): boolean {
	return process.getuid?.() === 0;
}
