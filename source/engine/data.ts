import type {Image} from './model.js';

/** The five slanted faces of the tutorial, in the order it trains on them. */
export const slantedFaces: readonly Image[] = [
	[1, 0, 0, 1],
	[0.9, 0.1, 0.2, 0.8],
	[0.9, 0.2, 0.1, 0.8],
	[0.8, 0.1, 0.2, 0.9],
	[0.8, 0.2, 0.1, 0.9],
];
