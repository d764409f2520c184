/**
 * A run's configuration: what the command line decides, validated
 * (source/cli/options.ts), and what the headless run and the dashboard read.
 */
import type {Schedule} from './schedule.js';

/** Epochs per second, or as fast as the machine goes. */
export type Speed = number | 'max';

export type RunConfig = {
	/** Integer in 0 … 4294967295; drawn at random when not given (and always reported). */
	readonly seed: number;
	/** The learning rate at the start. */
	readonly lr: number;
	/** Changes at epoch boundaries (`SPEC.md`, "Schedules"), in the order they apply; [] for none. */
	readonly schedule: Schedule;
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
