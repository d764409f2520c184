/**
 * Loads the dashboard's code so that it draws in the colours the dashboard
 * chose. Nothing here imports Ink: it runs before Ink is loaded.
 */
import process from 'node:process';
import {useColor} from './color.js';

export async function loadDashboard(): Promise<typeof import('./dashboard.js')> {
	// Ink colours through chalk, which reads the environment once as it loads and turns colour
	// off whenever CI is set: give it the dashboard's own decision first
	process.env['FORCE_COLOR'] = useColor(process.env, process.stdout) ? '1' : '0';

	return import('./dashboard.js');
}
