/**
 * Where things are, computed from this file: the tests run from a fresh
 * clone anywhere; everything they read is inside the repository.
 */
import {existsSync, readFileSync} from 'node:fs';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const cliPath = resolve(repoRoot, 'dist/cli.js');
export const referencePath = resolve(repoRoot, 'test/fixtures/reference-seed42.json');

/** For a `beforeAll`: a clear failure instead of a wall of "Cannot find module". */
export function assertBuilt(): void {
	if (!existsSync(cliPath)) {
		throw new Error(`${cliPath} is missing: run \`npm run build\` first (\`npm test\` does it in its pretest step)`);
	}
}

export function packageVersion(): string {
	const json = JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as {version?: unknown};
	if (typeof json.version !== 'string') {
		throw new TypeError('package.json has no version');
	}

	return json.version;
}
