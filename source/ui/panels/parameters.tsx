import {Box, Text} from 'ink';
import type {Parameters} from '../../engine/model.js';
import {parameter} from '../format.js';
import type {Glyphs} from '../glyphs.js';
import type {Theme} from '../theme.js';

type Props = {
	readonly parameters: Parameters;
	/** The previous frame's values: each value that moved since gets ↑ or ↓ (^ or v in ASCII). */
	readonly previous: Parameters;
	readonly theme: Theme;
};

function moved(now: number, before: number | undefined, glyphs: Glyphs): string {
	if (before === undefined || now === before) {
		return ' ';
	}

	return now > before ? glyphs.up : glyphs.down;
}

function Row({
	label,
	values,
	previous,
	glyphs,
}: {
	readonly label: string;
	readonly values: readonly number[];
	readonly previous: readonly number[];
	readonly glyphs: Glyphs;
}) {
	return (
		<Text>
			{label.padEnd(14)}
			{values.map((value, i) => ` ${parameter(value)}${moved(value, previous[i], glyphs)}`).join('')}
		</Text>
	);
}

/** Generator and discriminator parameters per pixel, and D's bias. */
export function ParameterTable({parameters, previous, theme}: Props) {
	const {generator: g, discriminator: d} = parameters;
	return (
		<Box flexDirection="column">
			<Text>
				<Text bold={theme.color}>Parameters</Text>
				<Text color={theme.muted}>
					{'    '}
					{['x11', 'x12', 'x21', 'x22'].map(name => name.padStart(10) + ' ').join('')}
				</Text>
			</Text>
			<Row label="G weights  w" values={g.weights} previous={previous.generator.weights} glyphs={theme.glyphs} />
			<Row label="G biases   c" values={g.biases} previous={previous.generator.biases} glyphs={theme.glyphs} />
			<Row label="D weights  v" values={d.weights} previous={previous.discriminator.weights} glyphs={theme.glyphs} />
			<Row label="D bias     b" values={[d.bias]} previous={[previous.discriminator.bias]} glyphs={theme.glyphs} />
		</Box>
	);
}
