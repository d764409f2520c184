/**
 * What a terminal sends and is sent, by name, so that no test spells
 * `'\u001B[C'` by hand: the bytes of keys, the terminal's answer to a status
 * request, and SGR codes.
 */
export const esc = '\u001B';

/** The Esc key: a lone ESC (the reader waits briefly to tell it from the start of a sequence). */
export const escape = esc;
export const space = ' ';
export const arrowRight = `${esc}[C`;
export const arrowLeft = `${esc}[D`;
export const arrowUp = `${esc}[A`;
export const arrowDown = `${esc}[B`;
export const ctrlC = '\u0003';
export const ctrlZ = '\u001A';
export const enter = '\r';
export const tab = '\t';

/** `ESC [ 0 n`: the terminal's answer to a status request (`ESC [ 5 n`): "all sent so far is done". */
export const statusAnswer = `${esc}[0n`;

/** Select Graphic Rendition: `sgr('1')` is bold, `sgr('0')` resets. */
export function sgr(codes: string): string {
	return `${esc}[${codes}m`;
}
