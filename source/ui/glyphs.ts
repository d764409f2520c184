/**
 * Every character the dashboard draws beyond letters, digits and plain
 * punctuation, in two sets: Unicode for UTF-8 terminals, and printable ASCII
 * for the rest (a C/POSIX or Latin-1 locale shows box and block characters as
 * garbage). Panels draw only from the set in their theme, so a glyph cannot
 * stay Unicode in ASCII mode by accident.
 *
 * Both sets keep every distinction without colour: D's line is single
 * (─ or -), G's double (═ or =); the five pixel shades stay in order of ink.
 */
import spinners from 'cli-spinners';

/** asciichart's symbols, in its order: ┼ ┤ ╶ ╴ ─ ╰ ╭ ╮ ╯ │ (the 3rd and 4th are unused). */
export type ChartSymbols = readonly [string, string, string, string, string, string, string, string, string, string];

export type Glyphs = {
	readonly ascii: boolean;
	/** Pixel shades from 0 to 1, lightest first. */
	readonly shades: readonly [string, string, string, string, string];
	/**
	 * What D looks for: a weight that pushes a dark pixel toward real fills
	 * its cell with `positive`, one that pushes it toward fake with
	 * `negative` (two glyph families, so the sign reads without colour).
	 */
	readonly positive: string;
	readonly negative: string;
	/** The dot of a dot product (v·x). */
	readonly dot: string;
	/** The edges left and right of a sample image. */
	readonly imageLeft: string;
	readonly imageRight: string;
	/** Spinner frames for a running training, one per published frame. */
	readonly spinner: readonly string[];
	/** The header's mark beside each stopped state. */
	readonly paused: string;
	/** Rewound: showing an earlier epoch. */
	readonly rewound: string;
	/** The rewound epoch's line through the loss chart. */
	readonly marker: string;
	readonly finished: string;
	readonly diverged: string;
	/** A parameter that went up or down since the previous frame. */
	readonly up: string;
	readonly down: string;
	/** Width × height. */
	readonly times: string;
	readonly ellipsis: string;
	/** A range of numbers (1–64) and a missing value (–). */
	readonly dash: string;
	/** A minus sign in formulas. */
	readonly minus: string;
	/** Between two parts of a line of hints. */
	readonly separator: string;
	/** D's and G's line in the legend, and their chart symbols. */
	readonly dLine: string;
	readonly gLine: string;
	readonly dChart: ChartSymbols;
	readonly gChart: ChartSymbols;
	/** The chart's axis tick while there is nothing to plot. */
	readonly axis: string;
	/** Ink's border style for boxes. */
	readonly border: 'round' | 'classic';
	/**
	 * Text that comes from elsewhere (the key table, a divergence reason) as
	 * this set can show it: unchanged in Unicode; in ASCII each known symbol
	 * spelled out (→ as ->) and anything else as ?.
	 */
	readonly text: (text: string) => string;
};

export const unicodeGlyphs: Glyphs = {
	ascii: false,
	shades: [' ', '░', '▒', '▓', '█'],
	positive: '█',
	negative: '╳',
	dot: '·',
	imageLeft: '▕',
	imageRight: '▏',
	spinner: spinners.squareCorners.frames,
	paused: '‖',
	rewound: '↶',
	marker: '┊',
	finished: '✓',
	diverged: '✗',
	up: '↑',
	down: '↓',
	times: '×',
	ellipsis: '…',
	dash: '–',
	minus: '−',
	separator: '·',
	dLine: '─',
	gLine: '═',
	dChart: ['┼', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│'],
	gChart: ['┼', '┤', '═', '═', '═', '╚', '╔', '╗', '╝', '║'],
	axis: '┤',
	border: 'round',
	text: text => text,
};

/** How ASCII spells the symbols that other modules' text may hold. */
const spelled: Readonly<Record<string, string>> = {
	'→': '->',
	'←': '<-',
	'↑': '^',
	'↓': 'v',
	'×': 'x',
	'…': '...',
	'–': '-',
	'—': '-',
	'−': '-',
	'·': '-',
	'≥': '>=',
	'≤': '<=',
	'≠': '!=',
	'‖': '||',
	'✓': 'v',
	'✗': 'x',
	θ: 'theta',
	η: 'eta',
	'∂': 'd',
	'\u00A0': ' ',
};

function toAscii(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replaceAll(/[^\u0020-\u007E]/gu, char => spelled[char] ?? '?');
}

/**
 * ASCII, chosen so that each Unicode glyph keeps its meaning:
 * - shades ` .+#@`: each level puts clearly more ink in the cell than the one
 *   before in any font (nothing, a dot, a cross, a lattice, a filled glyph), so
 *   the order reads at a glance; `.` and `:` would be too alike at 1–2 dots;
 * - D's weights `+` and `-` (█ and ╳ in Unicode): the sign itself;
 * - D's curve thin (`-` `|`, `.` over `'` for the rounded corners) and G's
 *   heavy (`=` and `#`): no character in common, so told apart without colour;
 * - marks `||` (the pause sign), `v` (a tick), `x` (a cross): none is a
 *   spinner frame, so a stopped state never reads as a stuck spinner;
 * - the spinner `-\|/` (cli-spinners' "line"), arrows `^` `v`, borders `+-|`.
 */
export const asciiGlyphs: Glyphs = {
	ascii: true,
	shades: [' ', '.', '+', '#', '@'],
	positive: '+',
	negative: '-',
	dot: '.',
	imageLeft: '[',
	imageRight: ']',
	spinner: spinners.line.frames,
	paused: '||',
	rewound: '<<',
	marker: ':',
	finished: 'v',
	diverged: 'x',
	up: '^',
	down: 'v',
	times: 'x',
	ellipsis: '...',
	dash: '-',
	minus: '-',
	separator: '-',
	dLine: '-',
	gLine: '=',
	dChart: ['+', '|', '-', '-', '-', "'", '.', '.', "'", '|'],
	gChart: ['+', '|', '=', '=', '=', '#', '#', '#', '#', '#'],
	axis: '|',
	border: 'classic',
	text: toAscii,
};

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Whether the locale cannot show UTF-8, decided as tmux and ncurses do: the
 * first of LC_ALL, LC_CTYPE and LANG that is set and not empty names the
 * locale; it is UTF-8 if it says so ("en_US.UTF-8", "C.utf8"). With none set
 * the locale is C (POSIX), which is ASCII.
 */
export function asciiFromLocale(env: Env): boolean {
	const locale = [env['LC_ALL'], env['LC_CTYPE'], env['LANG']].find(value => value !== undefined && value !== '');
	return locale === undefined || !/utf-?8/i.test(locale);
}

/** The glyphs to draw with: `--ascii` (true), `--no-ascii` (false), or neither (the locale decides). */
export function glyphsFor(ascii: boolean | undefined, env: Env): Glyphs {
	return (ascii ?? asciiFromLocale(env)) ? asciiGlyphs : unicodeGlyphs;
}
