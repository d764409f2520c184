import {Text} from 'ink';

type Props = {
	readonly width: number;
	readonly height: number;
	readonly minWidth: number;
	readonly minHeight: number;
};

export function TooSmall({width, height, minWidth, minHeight}: Props) {
	return (
		<Text wrap="wrap">
			terminal too small: have {width}×{height}, need {minWidth}×{minHeight} (q quits)
		</Text>
	);
}
