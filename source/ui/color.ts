/**
 * Whether to use colour and text styles, decided once from the environment
 * as terminal programs do: FORCE_COLOR (not "0") forces it on; NO_COLOR
 * (any non-empty value) or TERM=dumb turn it off; otherwise only a colour
 * terminal gets it. Apart from theme.ts, which needs the glyphs, so that the
 * CLI can decide before it loads any of the dashboard (load-dashboard.ts).
 */
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
