import {type Glyphs, unicodeGlyphs} from './glyphs.js';

// In its own file so that the CLI can decide colour without loading the glyphs
export {useColor} from './color.js';

/**
 * Whether to use colour and text styles is decided once from the environment
 * (useColor, color.ts). Nothing is told by colour alone: every coloured thing
 * also has its own glyph or label. The glyphs (Unicode or ASCII) are
 * decided apart, from the locale (see glyphs.ts), and travel in the theme
 * so that every panel draws from the same set.
 */
export type Theme = {
	/** Colours and bold/dim may be used. */
	readonly color: boolean;
	readonly d: string | undefined;
	readonly g: string | undefined;
	readonly running: string | undefined;
	readonly paused: string | undefined;
	readonly rewound: string | undefined;
	readonly finished: string | undefined;
	readonly diverged: string | undefined;
	readonly muted: string | undefined;
	/** D's weights by sign (their glyphs tell the sign too). */
	readonly positive: string | undefined;
	readonly negative: string | undefined;
	readonly glyphs: Glyphs;
};

/** The theme for a colour decision and a glyph set (Unicode unless told otherwise). */
export function themeFor(color: boolean, glyphs: Glyphs = unicodeGlyphs): Theme {
	return color
		? {
				glyphs,
				color,
				d: 'cyan',
				g: 'magenta',
				running: 'green',
				paused: 'yellow',
				rewound: 'yellow',
				finished: 'blue',
				diverged: 'red',
				muted: 'gray',
				positive: 'green',
				negative: 'red',
			}
		: {
				glyphs,
				color,
				d: undefined,
				g: undefined,
				running: undefined,
				paused: undefined,
				rewound: undefined,
				finished: undefined,
				diverged: undefined,
				muted: undefined,
				positive: undefined,
				negative: undefined,
			};
}
