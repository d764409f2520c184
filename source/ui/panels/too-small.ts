import {type Line, plain} from '../lines.js';
import type {Theme} from '../theme.js';
import {wrapWords} from './loss-chart.js';

export type TooSmallProps = {
	readonly width: number;
	readonly height: number;
	readonly minWidth: number;
	readonly minHeight: number;
	readonly theme: Theme;
};

export function tooSmallLines({width, height, minWidth, minHeight, theme}: TooSmallProps): Line[] {
	const {times} = theme.glyphs;
	const text = `terminal too small: have ${width}${times}${height}, need ${minWidth}${times}${minHeight} (q quits)`;
	return wrapWords(text, width, width).map(line => plain(line));
}
