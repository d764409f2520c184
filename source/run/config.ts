/**
 * A run's configuration: what the command line decides, validated
 * (source/cli/options.ts), and what the headless run and the dashboard read.
 */

/** Epochs per second, or as fast as the machine goes. */
export type Speed = number | 'max';

export type RunConfig = {
	/** Integer in 0 … 4294967295; drawn at random when not given (and always reported). */
	readonly seed: number;
	readonly lr: number;
	/** Target epoch count: the headless run's length, the dashboard's "finished" mark. */
	readonly epochs: number;
	/** Headless: an `epoch` event every K epochs, 0 for none. */
	readonly every: number;
	/** NDJSON instead of the dashboard. */
	readonly json: boolean;
	/** Dashboard: starting speed in epochs per second, or as fast as possible. */
	readonly speed: Speed;
	/** Dashboard: most frames per second. */
	readonly fps: number;
	/** Dashboard: draw with ASCII only (true), with Unicode (false), or as the locale suggests (undefined). */
	readonly ascii: boolean | undefined;
};
