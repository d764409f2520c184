/** The README's Usage section shows the real --help, character for character. */
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {beforeAll, expect, test} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {assertBuilt, repoRoot} from '../helpers/paths.js';

beforeAll(() => {
	assertBuilt();
});

test('the README shows the --help of the built CLI exactly', async () => {
	const readme = readFileSync(resolve(repoRoot, 'README.md'), 'utf8');
	const prompt = '```\n$ tinygan --help\n';
	const start = readme.indexOf(prompt);
	expect(start, 'a ``` block starting with "$ tinygan --help"').toBeGreaterThanOrEqual(0);
	const end = readme.indexOf('\n```', start + prompt.length);
	const shown = readme.slice(start + prompt.length, end);
	const help = await runCli(['--help']);
	expect(help.code).toBe(0);
	expect(shown).toBe(help.stdout.trimEnd());
});
