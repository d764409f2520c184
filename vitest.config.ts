import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// End-to-end tests start the built CLI in a real terminal (tmux); they wait for conditions, not for time
		testTimeout: 30_000,
		hookTimeout: 30_000,
	},
});
