// Bundles cli.tsx into dist/ with esbuild: one ESM file for the headless path,
// and a chunk for the dashboard (Ink and React) loaded only when it opens.
import {readFile, rm, chmod} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const {name, version, description} = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * Ink 6.8 keeps three caches: the styled characters of each line and the width of each text
 * (output.js, made new for every frame, so nothing is reused from one frame to the next), and the
 * size and wrapping of every text ever drawn (measure-text.js, wrap-text.js: never emptied, so a
 * dashboard that runs for hours grows without end). Here the first lives from frame to frame, all
 * of them are bounded, and the width of each text node, measured afresh every frame
 * (render-node-to-output.js), comes from measure-text's cache. A replacement that no longer
 * matches (a new Ink) fails the build.
 */
/** Entries each cache keeps: a few frames' worth of lines. */
const cacheLimit = 512;
/** Lines of styled characters kept (each a few hundred small objects): a few frames of lines. */
const lineCacheLimit = 128;
const inkPatches = {
	'output.js': [
		['    caches = new OutputCaches();', '    caches = sharedCaches;'],
		['export default class Output {', 'const sharedCaches = new OutputCaches();\nexport default class Output {'],
		[
			'            cached = styledCharsFromTokens(tokenize(line));',
			`            if (this.styledChars.size >= ${lineCacheLimit}) this.styledChars.clear();\n            cached = styledCharsFromTokens(tokenize(line));`,
		],
		[
			'            cached = stringWidth(text);',
			`            if (this.widths.size >= ${cacheLimit}) this.widths.clear();\n            cached = stringWidth(text);`,
		],
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

const boundInkCaches = {
	name: 'bound-ink-caches',
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

await rm(new URL('../dist', import.meta.url), {recursive: true, force: true});
await esbuild.build({
	absWorkingDir: root,
	entryPoints: {cli: 'cli.tsx'},
	outdir: 'dist',
	bundle: true,
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	platform: 'node',
	target: 'node20',
	format: 'esm',
	jsx: 'automatic',
	legalComments: 'none',
	minifyWhitespace: true,
	minifySyntax: true,
	logLevel: 'warning',
	plugins: [boundInkCaches],
	// Signal-exit and other CommonJS parts of Ink call require()
	banner: {
		js: "#!/usr/bin/env node\nimport {createRequire as __tinyganCreateRequire} from 'node:module';\nconst require = __tinyganCreateRequire(import.meta.url);",
	},
	alias: {'react-devtools-core': './scripts/stubs/react-devtools-core.js'},
	define: {
		'process.env.NODE_ENV': '"production"',
		TINYGAN_PACKAGE: JSON.stringify({name, version, description}),
	},
});
await chmod(new URL('../dist/cli.js', import.meta.url), 0o755);
