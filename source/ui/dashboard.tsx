import type {Options} from '../cli/options.js';
import {runHeadless} from '../run/headless.js';

// The live dashboard lands with the next issue; until then a terminal gets the NDJSON run too.
export async function runDashboard(options: Options, version: string): Promise<number> {
	return runHeadless(options, process.stdout, version);
}
