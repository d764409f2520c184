/**
 * The one clock abstraction: the time and timers. The session paces training
 * by it and the screen paces frames by it; tests move a fake one by hand.
 */
export type Clock = {
	now(): number;
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
};

export const systemClock: Clock = {
	now: () => performance.now(),
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout(handle) {
		clearTimeout(handle as NodeJS.Timeout);
	},
};
