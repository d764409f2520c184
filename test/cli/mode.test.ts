import {describe, expect, it} from 'vitest';
import {chooseMode, dumbTerminalNotice} from '../../source/cli/mode.js';

describe('chooseMode', () => {
	it('the dashboard on a terminal that can place the cursor', () => {
		expect(chooseMode({json: false, stdoutIsTerminal: true, env: {TERM: 'xterm-256color'}})).toEqual({
			mode: 'dashboard',
		});
		expect(chooseMode({json: false, stdoutIsTerminal: true, env: {}})).toEqual({mode: 'dashboard'});
	});

	it('NDJSON, silently, with --json or stdout not a terminal', () => {
		expect(chooseMode({json: true, stdoutIsTerminal: true, env: {TERM: 'xterm'}})).toEqual({mode: 'headless'});
		expect(chooseMode({json: false, stdoutIsTerminal: false, env: {TERM: 'xterm'}})).toEqual({mode: 'headless'});
		expect(chooseMode({json: false, stdoutIsTerminal: false, env: {TERM: 'dumb'}})).toEqual({mode: 'headless'});
		expect(chooseMode({json: true, stdoutIsTerminal: true, env: {TERM: 'dumb'}})).toEqual({mode: 'headless'});
	});

	it('NDJSON with a one-line notice when the dashboard was asked for on TERM=dumb', () => {
		expect(chooseMode({json: false, stdoutIsTerminal: true, env: {TERM: 'dumb'}})).toEqual({
			mode: 'headless',
			notice: dumbTerminalNotice,
		});
		expect(dumbTerminalNotice).toMatch(/^tinygan: TERM=dumb [^\n]*--json[^\n]*\n$/);
	});
});
