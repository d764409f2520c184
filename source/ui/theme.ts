import {type Glyphs, unicodeGlyphs} from './glyphs.js';

/**
 * Whether to use colour and text styles, decided once from the environment
 * as terminal programs do: FORCE_COLOR (not "0") forces it on; NO_COLOR
 * (any non-empty value) or TERM=dumb turn it off; otherwise only a colour
 * terminal gets it. Nothing is told by colour alone: every coloured thing
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
	readonly finished: string | undefined;
	readonly diverged: string | undefined;
	readonly muted: string | undefined;
	readonly glyphs: Glyphs;
};

export function useColor(env: NodeJS.ProcessEnv, stream: {isTTY?: boolean; hasColors?: () => boolean}): boolean {
	const force = env['FORCE_COLOR'];
	if (force !== undefined && force !== '0' && force !== 'false') {
		return true;
	}

	if (force === '0' || force === 'false') {
		return false;
	}

	if ((env['NO_COLOR'] ?? '') !== '' || env['TERM'] === 'dumb') {
		return false;
	}

	return stream.isTTY === true && (stream.hasColors?.() ?? true);
}

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
				finished: 'blue',
				diverged: 'red',
				muted: 'gray',
			}
		: {
				glyphs,
				color,
				d: undefined,
				g: undefined,
				running: undefined,
				paused: undefined,
				finished: undefined,
				diverged: undefined,
				muted: undefined,
			};
}
