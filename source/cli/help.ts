/**
 * The text of --help, before meow lays it out. Loaded only when --help is
 * asked for: it lists the dashboard's keys from their table (ui/keys.ts).
 */
import {exitCodes, signalExitCode} from '../run/exit-codes.js';
import {keyTable} from '../ui/keys.js';
import {defaults, speedRange} from './options.js';

export const help = `
	Usage
	  $ tinygan [options]

	Trains the 2×2 "slanted faces" GAN of "GANs in Slanted Land" and shows it
	learn on a live dashboard. When stdout is not a terminal, or with --json,
	it prints one JSON object per line instead.

	Options
	  --seed <n>       Random seed, an integer 0 … 4294967295  (default: random, always shown)
	  --lr <x>         Learning rate, a number > 0  (default: ${defaults.lr})
	  --schedule <s>   Changes at epoch boundaries, E:key=value,… each in force from epoch E+1 on:
	                   lr=<x>, loss=nonsaturating|minimax (G's loss), train=both|d|g (the nets that learn)
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
	  $ tinygan --json --seed 42 --schedule 300:lr=0.02,500:loss=minimax,700:train=g

	Exit codes: ${exitCodes.ok} done, ${exitCodes.diverged} the run diverged, ${exitCodes.usage} bad usage, ${exitCodes.software} an unexpected error,
	${exitCodes.ioError} the output could not be written, ${signalExitCode('SIGHUP')}/${signalExitCode('SIGINT')}/${signalExitCode('SIGTERM')} ended by SIGHUP/SIGINT/SIGTERM.
`;
