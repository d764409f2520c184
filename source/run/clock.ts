/**
 * The one clock abstraction: the time and timers. The session paces training
 * by it and the screen paces frames by it; tests move a fake one by hand.
 */
export type Clock = {
	now(): number;
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
};

/**
 * Milliseconds from an arbitrary point, monotonic. `process.hrtime`, not
 * `performance.now()`: the first use of the global `performance` loads
 * node:perf_hooks, about 2 ms of a headless start.
 */
export function monotonicMs(): number {
	const [seconds, nanoseconds] = process.hrtime();
	return seconds * 1000 + nanoseconds / 1e6;
}

export const systemClock: Clock = {
	now: monotonicMs,
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout(handle) {
		clearTimeout(handle as NodeJS.Timeout);
	},
};
