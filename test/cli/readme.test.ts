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

test('the README’s --updates example shows what the built CLI prints', async () => {
	const readme = readFileSync(resolve(repoRoot, 'README.md'), 'utf8');
	const rows = [...readme.matchAll(/^ {2}(\d+)\t(d-real|d-fake|g)\t(\S+)\t(\S+)$/gm)].map(match =>
		match.slice(1).join('\t'),
	);
	expect(rows.length).toBeGreaterThanOrEqual(4);
	const result = await runCli(['--json', '--updates', '--seed', '42', '--epochs', '1']);
	expect(result.code).toBe(0);
	const printed = result.stdout
		.trim()
		.split('\n')
		.map(line => JSON.parse(line) as {type: string; sample: number; step: string; d: number; loss: number})
		.filter(event => event.type === 'update')
		.map(u => [u.sample, u.step, u.d, u.loss].join('\t'));
	expect(printed).toHaveLength(15);
	for (const row of rows) {
		expect(printed).toContain(row);
	}

	// The whole event shown is the third
	const whole = /^ {2}\{"type":"update",.*$/m.exec(readme)?.[0].trim();
	expect(whole).toBeDefined();
	expect(result.stdout.split('\n')[3]!.startsWith(whole!)).toBe(true);
});
