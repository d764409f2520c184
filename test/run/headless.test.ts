import {describe, expect, it} from 'vitest';
import {runHeadless, type Sink} from '../../source/run/headless.js';

/** A reader that takes a chunk, then holds the writer off until it asks for more ("drain"). */
class SlowReader implements Sink {
	readonly chunks: string[] = [];
	/** Characters written but not yet read, and the most that ever were. */
	unread = 0;
	mostUnread = 0;
	private drainListeners: Array<() => void> = [];

	write(chunk: string): boolean {
		this.chunks.push(chunk);
		this.unread += chunk.length;
		this.mostUnread = Math.max(this.mostUnread, this.unread);
		return false; // Always "full": the writer must wait for drain
	}

	once(_event: 'drain', listener: () => void): void {
		this.drainListeners.push(listener);
	}

	/** Reads everything written so far, then lets the writer go on. */
	read(): void {
		this.unread = 0;
		const listeners = this.drainListeners;
		this.drainListeners = [];
		for (const listener of listeners) {
			listener();
		}
	}

	get waiting(): boolean {
		return this.drainListeners.length > 0;
	}
}

describe('runHeadless', () => {
	it('waits for the reader: never more than about one flush unread, however long the run', async () => {
		const reader = new SlowReader();
		const done = runHeadless({seed: 1, lr: 0.01, epochs: 20_000, every: 1}, reader, 'test');
		let finished = false;
		void done.then(() => {
			finished = true;
		});
		let reads = 0;
		while (!finished) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setImmediate(resolve);
			});
			if (reader.waiting) {
				reads++;
				reader.read();
			}
		}

		expect(await done).toBe(0);
		// 20,000 epoch lines of ~150 characters (3 MB) went out in many chunks, each waited for
		expect(reads).toBeGreaterThan(20);
		expect(reader.mostUnread).toBeLessThan(200_000);
		const lines = reader.chunks.join('').trimEnd().split('\n');
		expect(lines).toHaveLength(20_002);
		expect(JSON.parse(lines.at(-1)!).epoch).toBe(20_000);
	});
});
