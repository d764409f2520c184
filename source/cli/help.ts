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
	  --epochs <n>     Epochs to train in all; the dashboard pauses there  (default: ${defaults.epochs})
	  --every <k>      With --json: an epoch line every k epochs, 0 for none  (default: ${defaults.every})
	  --speed <x|max>  Dashboard: starting epochs per second, ${speedRange.min} … ${speedRange.max}, or max  (default: ${defaults.speed})
	  --fps <n>        Dashboard: most frames per second, 1 … 60  (default: ${defaults.fps})
	  --ascii          Dashboard: draw with ASCII characters only  (default: as the locale allows)
	  --no-ascii       Dashboard: draw with Unicode whatever the locale
	  --json           Print NDJSON (start, epoch, end events) instead of the dashboard
	  --updates        With --json: an update event for each SGD update (D on the real image, D on G's, G),
	                   before each epoch line
	  --save <file>    When the run ends (finished, diverged, or by a signal), write its checkpoint to <file>
	  --load <file>    Go on with the run in a checkpoint: its seed, lr and schedule hold (so no --seed, no --lr);
	                   --schedule adds changes after its epoch; --epochs is still the whole run's, from epoch 0,
	                   at least the checkpoint's  (default then: ${defaults.epochs}, or the checkpoint's epoch if later);
	                   its dataset holds too (so no --data, no --preset)
	  --preset <name>  Train on a built-in dataset; list shows them with what each teaches  (default: slanted)
	  --data <file>    Train on the images in a JSON file: an array of 1 … 10000 images, each [a, b, c, d]
	                   or [[a, b], [c, d]] (row-major), values in [0, 1], or a checkpoint's images; not with --preset
	  --help           Show this help
	  --version        Show the version

	Keys (dashboard)
	  ${keyTable.flatMap(binding => (binding.bar === undefined ? [] : [binding.bar])).join(' · ')}

	Examples
	  $ tinygan --seed 42
	  $ tinygan --json --seed 42 --every 100 | tail -n 1
	  $ tinygan --seed 7 --lr 0.05 --epochs 5000 --speed max
	  $ tinygan --json --seed 42 --schedule 300:lr=0.02,500:loss=minimax,700:train=g
	  $ tinygan --json --updates --seed 42 --epochs 1 | jq -c 'select(.type == "update")'
	  $ tinygan --preset list
	  $ tinygan --seed 42 --preset bars
	  $ tinygan --json --seed 42 --data faces.json --epochs 300
	  $ tinygan --json --seed 42 --epochs 300 --save run.json
	  $ tinygan --load run.json --epochs 5000 --schedule 1000:loss=minimax --save run.json

	Exit codes: ${exitCodes.ok} done, ${exitCodes.diverged} the run diverged, ${exitCodes.usage} bad usage, ${exitCodes.software} an unexpected error,
	${exitCodes.ioError} the output could not be written or --save failed, ${signalExitCode('SIGHUP')}/${signalExitCode('SIGINT')}/${signalExitCode('SIGTERM')} ended by SIGHUP/SIGINT/SIGTERM.
`;
