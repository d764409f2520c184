import {memo} from 'react';
import {Text} from 'ink';
import type {Theme} from '../theme.js';

type Props = {
	readonly width: number;
	readonly height: number;
	readonly minWidth: number;
	readonly minHeight: number;
	readonly theme: Theme;
};

export const TooSmall = memo(function TooSmall({width, height, minWidth, minHeight, theme}: Props) {
	const {times} = theme.glyphs;
	return (
		<Text wrap="wrap">
			terminal too small: have {width}
			{times}
			{height}, need {minWidth}
			{times}
			{minHeight} (q quits)
		</Text>
	);
});
