import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// End-to-end tests start the built CLI in a real terminal (tmux); they wait for conditions, not for time
		testTimeout: 30_000,
		hookTimeout: 30_000,
		// Ink draws nothing until exit when is-in-ci sees CI (as CI machines set it), and component tests
		// render through Ink itself. The dashboard's own answer to CI (it does not use that path) is
		// tested end to end with CI=true set explicitly.
		env: {CI: 'false'},
	},
});
