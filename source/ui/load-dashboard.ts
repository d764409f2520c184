/**
 * Loads the dashboard's code (React, Ink and Ink's Yoga layout engine) the
 * way that starts fastest and draws in the colours the dashboard chose.
 * Nothing here imports Ink: it runs before Ink is loaded.
 */
import process from 'node:process';
import {useColor} from './theme.js';

export async function loadDashboard(): Promise<typeof import('./dashboard.js')> {
	// Ink colours through chalk, which reads the environment once as it loads and turns colour
	// off whenever CI is set: give it the dashboard's own decision first
	process.env['FORCE_COLOR'] = useColor(process.env, process.stdout) ? '1' : '0';

	// Yoga loads its WebAssembly with fetch() when there is one, and in Node 20 the first use of
	// fetch loads the whole fetch implementation (about 35 ms of the start-up). Without fetch it
	// decodes the same bytes, embedded in the bundle, directly.
	const fetch = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
	try {
		return await import('./dashboard.js');
	} finally {
		if (fetch) {
			Object.defineProperty(globalThis, 'fetch', fetch);
		}
	}
}
