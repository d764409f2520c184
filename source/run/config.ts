/**
 * A run's configuration: what the command line decides, validated
 * (source/cli/options.ts), and what the headless run and the dashboard read.
 */
import type {Checkpoint} from './checkpoint.js';
import type {Dataset} from './dataset.js';
import type {Schedule} from './schedule.js';

/** Epochs per second, or as fast as the machine goes. */
export type Speed = number | 'max';

export type RunConfig = {
	/** Integer in 0 … 4294967295; drawn at random when not given (and always reported). With `load`, the checkpoint's. */
	readonly seed: number;
	/**
	 * The images trained on, and where they came from (--preset, the default `slanted`, or --data).
	 * With `load`, the checkpoint's faces (it fixes the dataset), named by the preset that has the same
	 * images, or else by the checkpoint's file.
	 */
	readonly data: Dataset;
	/** The learning rate at the start (epoch 0). With `load`, the checkpoint's. */
	readonly lr: number;
	/**
	 * Changes at epoch boundaries (`SPEC.md`, "Schedules"), in the order they apply; [] for none.
	 * With `load`, only the changes to add, all after the checkpoint's epoch: the checkpoint
	 * carries those before (`resume(load, schedule)` joins them).
	 */
	readonly schedule: Schedule;
	/**
	 * Target epoch count, the whole run's (with `load`, counted from epoch 0 as well, and at least the
	 * checkpoint's epoch): the headless run's length, the dashboard's "finished" mark.
	 */
	readonly epochs: number;
	/** Headless: an `epoch` event every K epochs, 0 for none. */
	readonly every: number;
	/** NDJSON instead of the dashboard. */
	readonly json: boolean;
	/** Headless: an `update` event for each SGD update, before each epoch's line (--updates). */
	readonly updates: boolean;
	/** Dashboard: starting speed in epochs per second, or as fast as possible. */
	readonly speed: Speed;
	/** Dashboard: most frames per second. */
	readonly fps: number;
	/** Dashboard: draw with ASCII only (true), with Unicode (false), or as the locale suggests (undefined). */
	readonly ascii: boolean | undefined;
	/** Where the run's checkpoint goes when it ends (--save), or undefined for nowhere. */
	readonly save: string | undefined;
	/** The run to continue (--load), read and checked, or undefined to start anew. */
	readonly load: Checkpoint | undefined;
	/** The file `load` was read from, as given (for reports); undefined without `load`. */
	readonly loadFile: string | undefined;
};
