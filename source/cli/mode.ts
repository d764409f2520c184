/**
 * Dashboard or NDJSON. The dashboard needs a terminal that can place the
 * cursor: stdout a terminal, and TERM not `dumb`. Asked for (stdout a
 * terminal, no --json) but impossible, the run prints NDJSON and says why.
 */
export type Mode = {readonly mode: 'dashboard'} | {readonly mode: 'headless'; readonly notice?: string};

export type Surroundings = {
	/** --json was given. */
	readonly json: boolean;
	readonly stdoutIsTerminal: boolean;
	readonly env: Readonly<Record<string, string | undefined>>;
};

export const dumbTerminalNotice =
	'tinygan: TERM=dumb cannot show the dashboard; printing NDJSON (use --json to ask for it)\n';

export function chooseMode({json, stdoutIsTerminal, env}: Surroundings): Mode {
	if (json || !stdoutIsTerminal) {
		return {mode: 'headless'};
	}

	if (env['TERM'] === 'dumb') {
		return {mode: 'headless', notice: dumbTerminalNotice};
	}

	return {mode: 'dashboard'};
}
