// Patches the bundle makes to Ink 6.8 and the string-width it measures with, as esbuild plugins
// (scripts/build.mjs uses them; test/build/ink-patches.test.ts holds the patched code to the original).
// Each replacement that no longer matches (a new Ink or string-width) fails the build.
import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';

/**
 * Ink 6.8 keeps three caches: the styled characters of each line and the width of each text
 * (output.js, made new for every frame, so nothing is reused from one frame to the next), and the
 * size and wrapping of every text ever drawn (measure-text.js, wrap-text.js: never emptied, so a
 * dashboard that runs for hours grows without end). Here the first lives from frame to frame, all
 * of them are bounded, and the width of each text node, measured afresh every frame
 * (render-node-to-output.js), comes from measure-text's cache.
 *
 * And two fast paths for what the dashboard draws, lines of one-column characters with SGR codes:
 * string-width counts such text without segmenting it into graphemes, and Output.get makes a frame
 * whose rows are each one such line from column 0 without its grid of styled cells.
 */
/** Entries each cache keeps: a few frames' worth of lines. */
const cacheLimit = 512;
/** Lines of styled characters kept (each a few hundred small objects): a few frames of lines. */
const lineCacheLimit = 128;

/**
 * Text of one column per code point: code points that string-width (the width Ink measures with)
 * gives one column on their own, from blocks where no code point joins its neighbours into one
 * grapheme (no combining marks, joiners or variation selectors: those are zero columns, so never
 * picked): Latin, punctuation, arrows, maths, box drawing, blocks, shapes, Braille. Such text is
 * as many columns as it has code points. Worked out here, at build time, from Ink's string-width
 * (wrap-ansi has an older one of its own, left as it is).
 */
const stringWidthPath = createRequire(import.meta.url).resolve('string-width');
const {default: stringWidth} = await import(pathToFileURL(stringWidthPath).href);
const candidateBlocks = [
	[0x20, 0x7e],
	[0xa0, 0x2ff],
	[0x2010, 0x2bff],
];
let narrowRuns = '';
for (const [from, to] of candidateBlocks) {
	let start;
	for (let code = from; code <= to + 1; code++) {
		const narrow = code <= to && stringWidth(String.fromCodePoint(code)) === 1;
		if (narrow && start === undefined) start = code;
		if (!narrow && start !== undefined) {
			const hex = c => `\\u${c.toString(16).padStart(4, '0')}`;
			narrowRuns += start === code - 1 ? hex(start) : `${hex(start)}-${hex(code - 1)}`;
			start = undefined;
		}
	}
}

/** Matches text of one column per code point, SGR codes (colour, bold) aside. */
const narrowText = `/^(?:[${narrowRuns}]|\\u001B\\[[\\d;]*m)*$/`;

/**
 * Output.get's fast path: the rows, or undefined when any operation is not a whole line at column 0
 * on a row of its own (a clip, an offset, an overlap), for the general path.
 */
const getRowsOfLines = `    getRowsOfLines() {
        const rows = Array.from({length: this.height}, () => '');
        const written = new Uint8Array(this.height);
        for (const operation of this.operations) {
            if (operation.type !== 'write' || operation.x !== 0) {
                return undefined;
            }
            const lines = operation.text.split('\\n');
            for (let index = 0; index < lines.length; index++) {
                const y = operation.y + index;
                if (y < 0 || y >= this.height) {
                    continue;
                }
                if (written[y] === 1) {
                    return undefined;
                }
                written[y] = 1;
                let line = lines[index];
                for (const transformer of operation.transformers) {
                    line = transformer(line, index);
                }
                rows[y] = this.caches.getRow(line);
            }
        }
        return rows;
    }`;
/** What the general path makes of a row holding only `line` from column 0, once per distinct line. */
const getRow = `    getRow(line) {
        let cached = this.rows.get(line);
        if (cached === undefined) {
            if (this.rows.size >= ${cacheLimit}) this.rows.clear();
            if (${narrowText}.test(line)) {
                // One cell per code point: the line is its row already, as written (its SGR codes not
                // re-made, trailing blanks kept: a blank may show a background)
                this.rows.set(line, line);
                return line;
            }
            const row = [];
            let offsetX = 0;
            for (const character of this.getStyledChars(line)) {
                row[offsetX] = character;
                const characterWidth = Math.max(1, this.getStringWidth(character.value));
                for (let index = 1; index < characterWidth; index++) {
                    row[offsetX + index] = {type: 'char', value: '', fullWidth: false, styles: character.styles};
                }
                offsetX += characterWidth;
            }
            cached = styledCharsToString(row).trimEnd();
            this.rows.set(line, cached);
        }
        return cached;
    }`;
const inkPatches = {
	'output.js': [
		['    caches = new OutputCaches();', '    caches = sharedCaches;'],
		['export default class Output {', 'const sharedCaches = new OutputCaches();\nexport default class Output {'],
		// The frame's blank cells: one shared (never changed) object instead of two new ones per cell per frame
		[
			"                row.push({\n                    type: 'char',\n                    value: ' ',\n                    fullWidth: false,\n                    styles: [],\n                });",
			'                row.push(blankCell);',
		],
		[
			'const sharedCaches',
			"const blankCell = {type: 'char', value: ' ', fullWidth: false, styles: []};\nconst sharedCaches",
		],
		[
			'            cached = styledCharsFromTokens(tokenize(line));',
			`            if (this.styledChars.size >= ${lineCacheLimit}) this.styledChars.clear();\n            cached = styledCharsFromTokens(tokenize(line));`,
		],
		[
			'            cached = stringWidth(text);',
			`            if (this.widths.size >= ${cacheLimit}) this.widths.clear();\n            cached = stringWidth(text);`,
		],
		// A frame whose every row is one line written at column 0 (the dashboard's frames: a column of
		// <Text>s) is its rows' strings, each made once per distinct line, without the cell grid
		[
			'    get() {\n',
			`    get() {\n        const rows = this.getRowsOfLines();\n        if (rows !== undefined) {\n            return {output: rows.join('\\n'), height: this.height};\n        }\n`,
		],
		['    clip(clip) {', `${getRowsOfLines}\n    clip(clip) {`],
		['    getStringWidth(text) {', `${getRow}\n    getStringWidth(text) {`],
		['    styledChars = new Map();', '    styledChars = new Map();\n    rows = new Map();'],
		[
			'            let lineWidth = 0;',
			`            if (this.blockWidths.size >= ${cacheLimit}) this.blockWidths.clear();\n            let lineWidth = 0;`,
		],
	],
	'measure-text.js': [
		[
			'    cache.set(text, dimensions);',
			`    if (cache.size >= ${cacheLimit}) cache.clear();\n    cache.set(text, dimensions);`,
		],
	],
	// The width of every text node, measured again each frame: measure-text's (bounded) cache instead
	'render-node-to-output.js': [
		["import widestLine from 'widest-line';", "import measureText from './measure-text.js';"],
		['const currentWidth = widestLine(text);', 'const currentWidth = measureText(text).width;'],
	],
	'wrap-text.js': [
		['const cache = {};', 'let cache = {};\nlet cached = 0;'],
		[
			'    cache[cacheKey] = wrappedText;',
			`    if (++cached > ${cacheLimit}) {\n        cache = {};\n        cached = 1;\n    }\n    cache[cacheKey] = wrappedText;`,
		],
	],
};

/**
 * The first `new Intl.Segmenter` of a process loads ICU's break rules: 16 to 24 ms here; and
 * string-width's `/^\p{RGI_Emoji}$/v` takes 20 ms to build (ICU's emoji sequences). string-width and
 * @alcalzone/ansi-tokenize make theirs as they load, which the dashboard's modules do before its
 * first frame, though that frame (lines of one-column text) segments nothing and meets no emoji.
 * Here each is made at its first use instead: the same segmenter and pattern, the same answers.
 */
function lazySegmenter(made) {
	return [
		`const segmenter = ${made};`,
		`let madeSegmenter;\nconst segmenter = {segment: text => (madeSegmenter ??= ${made}).segment(text)};`,
	];
}

const lazyEmojiRegex = [
	'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
	'let madeRgiEmojiRegex;\nconst rgiEmojiRegex = {test: text => (madeRgiEmojiRegex ??= /^\\p{RGI_Emoji}$/v).test(text)};',
];

/** Each replacement in a file, [from, to]; a file that no longer holds `from` fails the build. */
async function patched(path, replacements) {
	let contents = await readFile(path, 'utf8');
	for (const [from, to] of replacements) {
		if (!contents.includes(from)) {
			throw new Error(`scripts/build.mjs: ${path} no longer contains ${JSON.stringify(from)}`);
		}

		contents = contents.replace(from, to);
	}

	return {contents, loader: 'js'};
}

/**
 * string-width: text of one column per code point (see narrowText) is measured without segmenting
 * it, and the segmenter is made when first needed.
 */
const narrowStringWidth = {
	name: 'narrow-string-width',
	setup(build) {
		build.onLoad({filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/}, async ({path}) => {
			if (path !== stringWidthPath) return undefined;
			return patched(path, [
				['\tif (/^[\\u0020-\\u007E]*$/.test(string)) {', `\tif (${narrowText}.test(string)) {`],
				lazySegmenter('new Intl.Segmenter()'),
				lazyEmojiRegex,
			]);
		});
	},
};

/** @alcalzone/ansi-tokenize: its segmenter made when first needed. */
const lazyTokenizeSegmenter = {
	name: 'lazy-ansi-tokenize-segmenter',
	setup(build) {
		build.onLoad({filter: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/}, async ({path}) =>
			patched(path, [lazySegmenter('new Intl.Segmenter(undefined, { granularity: "grapheme" })')]),
		);
	},
};

const patchInk = {
	name: 'patch-ink',
	setup(build) {
		build.onLoad(
			{filter: /[\\/]ink[\\/]build[\\/](output|measure-text|wrap-text|render-node-to-output)\.js$/},
			async ({path}) => {
				let contents = await readFile(path, 'utf8');
				for (const [from, to] of inkPatches[path.split(/[\\/]/).at(-1)]) {
					if (!contents.includes(from)) {
						throw new Error(`scripts/build.mjs: Ink's ${path} no longer contains ${JSON.stringify(from)}`);
					}

					contents = contents.replace(from, to);
				}

				return {contents, loader: 'js'};
			},
		);
	},
};

/** The plugins, for esbuild's `plugins`. */
export const inkPlugins = [patchInk, narrowStringWidth, lazyTokenizeSegmenter];
