/**
 * Saves and loads checkpoints in a child process, for the tests that need
 * one: as another user than root (a read-only folder), or in a mount
 * namespace of its own with a tiny tmpfs (a full disk). Bundled and started
 * by checkpoint-child.ts. Reads a JSON list of steps from the file named by
 * its argument and writes, as JSON on stdout, one result a step.
 */
import {readFileSync, readdirSync} from 'node:fs';
import process from 'node:process';
import {decodeCheckpoint, loadCheckpoint, saveCheckpoint, saveCheckpointSync} from '../../source/run/checkpoint.js';
import type {ChildResult, ChildStep} from './checkpoint-child.js';

async function run(step: ChildStep): Promise<ChildResult> {
	try {
		switch (step.op) {
			case 'save': {
				await saveCheckpoint(step.path, decodeCheckpoint(step.text, 'the test'));
				return {ok: true};
			}

			case 'saveSync': {
				saveCheckpointSync(step.path, decodeCheckpoint(step.text, 'the test'));
				return {ok: true};
			}

			case 'load': {
				loadCheckpoint(step.path);
				return {ok: true};
			}

			case 'list': {
				return {files: readdirSync(step.path).sort()};
			}

			case 'read': {
				return {text: readFileSync(step.path, 'utf8')};
			}
		}
	} catch (error) {
		return {error: error instanceof Error ? `${error.name}: ${error.message}` : String(error)};
	}
}

const steps = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as ChildStep[];
const results: ChildResult[] = [];
for (const step of steps) {
	results.push(await run(step));
}

process.stdout.write(JSON.stringify(results));
