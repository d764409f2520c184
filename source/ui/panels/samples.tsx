import {Box, Text} from 'ink';
import type {Image} from '../../engine/model.js';
import {probability, shade} from '../format.js';
import type {Glyphs} from '../glyphs.js';
import type {Theme} from '../theme.js';

type Sample = {readonly image: Image; readonly d: number; readonly z?: number};

type Props = {
	readonly real: readonly Sample[];
	readonly fake: readonly Sample[];
	readonly theme: Theme;
};

/** One row of a 2×2 image: two pixels, each two cells wide, between thin edges. */
function imageRow(image: Image, row: 0 | 1, glyphs: Glyphs): string {
	const a = shade(image[row * 2]!, glyphs.shades);
	const b = shade(image[row * 2 + 1]!, glyphs.shades);
	return `${glyphs.imageLeft}${a}${a}${b}${b}${glyphs.imageRight}`;
}

function Group({
	title,
	samples,
	theme,
}: {
	readonly title: string;
	readonly samples: readonly Sample[];
	readonly theme: Theme;
}) {
	const line = (f: (s: Sample) => string) => samples.map(f).join(' ');
	return (
		<Box flexDirection="column" marginRight={3}>
			<Text color={theme.muted}>{title}</Text>
			<Text>{line(s => imageRow(s.image, 0, theme.glyphs))}</Text>
			<Text>{line(s => imageRow(s.image, 1, theme.glyphs))}</Text>
			<Text>{line(s => ` ${probability(s.d)} `)}</Text>
		</Box>
	);
}

/**
 * The real faces and G(z) for fixed z, each with D's probability that it is
 * real, under the image. Shades: ' ' ░ ▒ ▓ █ from 0 to 1 (dark = high), or
 * ' ' . + # @ in ASCII.
 */
export function Samples({real, fake, theme}: Props) {
	const {shades, ellipsis} = theme.glyphs;
	const zs = fake.map(s => (s.z ?? 0).toFixed(3).replace(/^0/, '')).join(' ');
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text bold={theme.color}>Samples</Text>
				<Text color={theme.muted}>
					{' '}
					{shades.slice(1).join('')} = pixel 0{ellipsis}1 (dark = high); under each: D(x) = P(real)
				</Text>
			</Text>
			<Box>
				<Group title="real faces" samples={real} theme={theme} />
				<Group title={`G(z), z = ${zs}`} samples={fake} theme={theme} />
			</Box>
		</Box>
	);
}
