/**
 * The built CLI on a real terminal (a pseudo-terminal from util-linux
 * `script`) that cannot place the cursor: TERM=dumb. The dashboard is never
 * loaded; the run prints NDJSON and says why on one line.
 */
import {beforeAll, describe, expect, test} from 'vitest';
import {parseNdjson, runCliInTerminal, splitRun} from '../helpers/cli.js';
import {assertBuilt} from '../helpers/paths.js';

beforeAll(() => {
	assertBuilt();
});

const notice = 'tinygan: TERM=dumb cannot show the dashboard; printing NDJSON (use --json to ask for it)\n';

describe('TERM=dumb on a terminal', () => {
	test('no --json: one line saying so, then the NDJSON run, exit 0, no escape sequence anywhere', async () => {
		const result = await runCliInTerminal(['--seed', '42', '--epochs', '5'], {env: {TERM: 'dumb'}});
		expect(result.code).toBe(0);
		expect(result.stdout.startsWith(notice), result.stdout.slice(0, 300)).toBe(true);
		expect(result.stdout).not.toContain('\u001B');
		const {start, epochs, end} = splitRun(parseNdjson(result.stdout.slice(notice.length)));
		expect(start.config).toEqual({seed: 42, lr: 0.01, epochs: 5});
		expect(epochs.map(event => event.epoch)).toEqual([1, 2, 3, 4, 5]);
		expect(end.status).toBe('finished');
	});

	test('with --json: NDJSON without the notice', async () => {
		const result = await runCliInTerminal(['--json', '--seed', '42', '--epochs', '2'], {env: {TERM: 'dumb'}});
		expect(result.code).toBe(0);
		expect(result.stdout).not.toContain('TERM=dumb');
		expect(splitRun(parseNdjson(result.stdout)).end.epoch).toBe(2);
	});

	// Node's loaders name every module they load under NODE_DEBUG=esm,module: the CommonJS dist/cli.js,
	// and the dashboard, the ES module dist/dashboard/dashboard.js
	const dashboardChunk = /dist\/dashboard\/dashboard\.js/;

	test('the probe sees the dashboard being loaded early on a capable terminal (the control)', async () => {
		// A usage error ends the run before the dashboard starts, after its early load began
		const result = await runCliInTerminal(['--seed', 'x'], {env: {TERM: 'xterm-256color', NODE_DEBUG: 'esm,module'}});
		expect(result.code).toBe(2);
		expect(result.stdout).toMatch(dashboardChunk);
	});

	test.each([
		['early, before the flags are read', ['--seed', 'x'], 2],
		['at all, over a whole run', ['--seed', '1', '--epochs', '3'], 0],
	])('the dashboard is not loaded %s', async (_when, args, code) => {
		const result = await runCliInTerminal(args, {env: {TERM: 'dumb', NODE_DEBUG: 'esm,module'}});
		expect(result.code).toBe(code);
		expect(result.stdout).toContain('dist/cli.js');
		expect(result.stdout).not.toMatch(dashboardChunk);
	});
});
