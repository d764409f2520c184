// Only what every start needs is imported here: the help text, the training (engine and headless
// run) and the dashboard are loaded once it is known they are needed
import process from 'node:process';
import {chooseMode} from './source/cli/mode.js';
import {readCommandLine} from './source/cli/command-line.js';
import {UsageError} from './source/cli/options.js';
import {guardOutput, isWriteError, outputFailed, print} from './source/cli/output.js';
import {exitCodes} from './source/run/exit-codes.js';
import {unexpectedError} from './source/ui/exits.js';
import {loadDashboard} from './source/ui/load-dashboard.js';

// Package.json's name, version and description, put in by the build (meow need not look for the file)
declare const TINYGAN_PACKAGE: {name: string; version: string; description: string};
const pkg =
	typeof TINYGAN_PACKAGE === 'object' ? TINYGAN_PACKAGE : {name: 'tinygan', version: '0.0.0-dev', description: ''};
const {version} = pkg;

guardOutput(process);

// A terminal that will most likely see the dashboard starts loading it at once: while Yoga compiles
// its WebAssembly off the main thread, meow loads and the flags are read (about 25 ms sooner)
const likely = chooseMode({
	json: process.argv.includes('--json'),
	stdoutIsTerminal: process.stdout.isTTY === true,
	env: process.env,
});
const earlyDashboard =
	likely.mode === 'dashboard' && !process.argv.some(arg => ['--help', '--version'].includes(arg))
		? loadDashboard()
		: undefined;
earlyDashboard?.catch(() => {
	// Reported where it is awaited
});
void main(earlyDashboard);

/** Reads the command line and does what it asks; `dashboard` is the dashboard's code if its loading began. */
async function main(dashboard: ReturnType<typeof loadDashboard> | undefined): Promise<void> {
	const {default: meow} = await import('meow');

	try {
		const command = await readCommandLine(meow, process.argv.slice(2), {
			help: async () => (await import('./source/cli/help.js')).help,
			pkg,
			// Math.random, not node:crypto's randomInt: loading node:crypto took about 5 ms of every start.
			// V8 seeds it from the system's entropy; its 52 random bits give every 32-bit seed alike
			randomSeed: () => Math.floor(Math.random() * 2 ** 32),
		});
		if (command.action === 'help' || command.action === 'presets') {
			await print(process.stdout, command.text);
		} else if (command.action === 'version') {
			await print(process.stdout, version + '\n');
		} else {
			const {options} = command;
			const chosen = chooseMode({
				json: options.json,
				stdoutIsTerminal: process.stdout.isTTY === true,
				env: process.env,
			});
			if (chosen.mode === 'dashboard' && options.updates) {
				// Its events are lines of the NDJSON stream; the dashboard shows updates with the u key
				throw new UsageError('--updates adds events to the NDJSON stream: give --json too (on the dashboard, press u)');
			}

			if (chosen.mode === 'headless') {
				if (chosen.notice !== undefined) {
					process.stderr.write(chosen.notice);
				}

				const {catchSignals, runHeadless} = await import('./source/run/headless.js');
				const signals = catchSignals(process);
				const code = await runHeadless(options, process.stdout, version, {interrupted: signals.received});
				// The exit code once every line is out (an empty write is called back after all before it)
				await print(process.stdout, '');
				signals.release();
				process.exitCode = code;
			} else {
				const {runDashboard} = await (dashboard ?? loadDashboard());
				process.exitCode = await runDashboard(options);
			}
		}
	} catch (error) {
		if (error instanceof UsageError) {
			process.stderr.write(`tinygan: ${error.message}${error.seeHelp ? ' (see tinygan --help)' : ''}\n`);
			process.exitCode = exitCodes.usage;
		} else if (isWriteError(error)) {
			// The stream's error event has most likely ended the process already; should the rejected write
			// get here first, it is the same failure (reported once), not an unexpected error
			outputFailed(process, error);
		} else {
			process.stderr.write(unexpectedError(error));
			process.exitCode = exitCodes.software;
		}
	}
}
