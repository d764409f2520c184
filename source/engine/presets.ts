/**
 * The datasets --preset names: pure data, each with the line --preset list
 * prints for it. `slanted` is the tutorial's and the default.
 */
import type {Image} from './model.js';
import {slantedFaces} from './data.js';

export type Preset = {readonly name: string; readonly description: string; readonly faces: readonly Image[]};

export const defaultPreset = 'slanted';

export const presets: readonly Preset[] = [
	{name: 'slanted', description: "the tutorial's five faces, dark on the \\ diagonal", faces: slantedFaces},
	{
		name: 'backslanted',
		description: 'the same five faces mirrored, dark on the / diagonal: G must find the other corner',
		faces: slantedFaces.map(([a, b, c, d]) => [b, a, d, c]),
	},
	{
		name: 'bars',
		description: 'a dark top row or a dark left column: two modes, and an invitation to mode collapse',
		faces: [
			[1, 1, 0, 0],
			[1, 0, 1, 0],
			[0.9, 0.9, 0.1, 0.1],
			[0.9, 0.1, 0.9, 0.1],
		],
	},
	{
		name: 'dot',
		description: 'a single dark pixel, top left: the easiest target, one image',
		faces: [[1, 0, 0, 0]],
	},
	{
		name: 'checkers',
		description: 'both diagonals, slanted and backslanted: a two-mode set where G tends to settle on one',
		faces: [
			[1, 0, 0, 1],
			[0, 1, 1, 0],
			[0.9, 0.1, 0.1, 0.9],
			[0.1, 0.9, 0.9, 0.1],
		],
	},
];

export function presetNamed(name: string): Preset | undefined {
	return presets.find(preset => preset.name === name);
}
