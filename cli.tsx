import process from 'node:process';
import {randomInt} from 'node:crypto';
import {chooseMode} from './source/cli/mode.js';
import {readCommandLine} from './source/cli/command-line.js';
import {UsageError, defaults, speedRange} from './source/cli/options.js';
import {guardOutput, isWriteError, outputFailed, print} from './source/cli/output.js';
import {exitCodes, signalExitCode} from './source/run/exit-codes.js';
import {catchSignals, runHeadless} from './source/run/headless.js';
import {keyTable} from './source/ui/keys.js';
import {unexpectedError} from './source/ui/exits.js';
import {loadDashboard} from './source/ui/load-dashboard.js';

// Package.json's name, version and description, put in by the build (meow need not look for the file)
declare const TINYGAN_PACKAGE: {name: string; version: string; description: string};
const pkg =
	typeof TINYGAN_PACKAGE === 'object' ? TINYGAN_PACKAGE : {name: 'tinygan', version: '0.0.0-dev', description: ''};
const {version} = pkg;

const help = `
	Usage
	  $ tinygan [options]

	Trains the 2×2 "slanted faces" GAN of "GANs in Slanted Land" and shows it
	learn on a live dashboard. When stdout is not a terminal, or with --json,
	it prints one JSON object per line instead.

	Options
	  --seed <n>       Random seed, an integer 0 … 4294967295  (default: random, always shown)
	  --lr <x>         Learning rate, a number > 0  (default: ${defaults.lr})
	  --epochs <n>     Epochs to train; the dashboard pauses there  (default: ${defaults.epochs})
	  --every <k>      With --json: an epoch line every k epochs, 0 for none  (default: ${defaults.every})
	  --speed <x|max>  Dashboard: starting epochs per second, ${speedRange.min} … ${speedRange.max}, or max  (default: ${defaults.speed})
	  --fps <n>        Dashboard: most frames per second, 1 … 60  (default: ${defaults.fps})
	  --ascii          Dashboard: draw with ASCII characters only  (default: as the locale allows)
	  --no-ascii       Dashboard: draw with Unicode whatever the locale
	  --json           Print NDJSON (start, epoch, end events) instead of the dashboard
	  --help           Show this help
	  --version        Show the version

	Keys (dashboard)
	  ${keyTable.flatMap(binding => (binding.bar === undefined ? [] : [binding.bar])).join(' · ')}

	Examples
	  $ tinygan --seed 42
	  $ tinygan --json --seed 42 --every 100 | tail -n 1
	  $ tinygan --seed 7 --lr 0.05 --epochs 5000 --speed max

	Exit codes: ${exitCodes.ok} done, ${exitCodes.diverged} the run diverged, ${exitCodes.usage} bad usage, ${exitCodes.software} an unexpected error,
	${exitCodes.ioError} the output could not be written, ${signalExitCode('SIGHUP')}/${signalExitCode('SIGINT')}/${signalExitCode('SIGTERM')} ended by SIGHUP/SIGINT/SIGTERM.
`;

guardOutput(process);

// A terminal that will most likely see the dashboard starts loading it at once: while Yoga compiles
// its WebAssembly off the main thread, meow loads and the flags are read (about 25 ms sooner)
const likely = chooseMode({
	json: process.argv.includes('--json'),
	stdoutIsTerminal: process.stdout.isTTY === true,
	env: process.env,
});
const dashboard =
	likely.mode === 'dashboard' && !process.argv.some(arg => ['--help', '--version'].includes(arg))
		? loadDashboard()
		: undefined;
dashboard?.catch(() => {
	// Reported where it is awaited
});
const {default: meow} = await import('meow');

try {
	const command = readCommandLine(meow, process.argv.slice(2), {help, pkg, randomSeed: () => randomInt(0, 2 ** 32)});
	if (command.action === 'help') {
		await print(process.stdout, command.text);
	} else if (command.action === 'version') {
		await print(process.stdout, version + '\n');
	} else {
		const {options} = command;
		const chosen = chooseMode({json: options.json, stdoutIsTerminal: process.stdout.isTTY === true, env: process.env});
		if (chosen.mode === 'headless') {
			if (chosen.notice !== undefined) {
				process.stderr.write(chosen.notice);
			}

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
		process.stderr.write(`tinygan: ${error.message} (see tinygan --help)\n`);
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
