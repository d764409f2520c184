// Bundles cli.tsx into dist/ with esbuild: one ESM file for the headless path,
// and a chunk for the dashboard (Ink and React) loaded only when it opens.
import {readFile, readdir, rm, chmod} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import * as esbuild from 'esbuild';
import {inkPlugins} from './ink-patches.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const {name, version, description} = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * Meow 14 bundles read-package-up and normalize-package-data (with semver, the SPDX licence list and
 * hosted-git-info) into its build/dependencies.js, and evaluates normalize-package-data, a code-frame
 * highlighter and a child_process import as that file loads: about 40 ms of every start, plus compiling
 * 180 KB. Meow uses them only to find package.json when it is not given `pkg` (cli.tsx always gives it)
 * and to normalize it when `cli.pkg` is read (tinygan never reads it). Here options.js gets stubs that
 * throw instead, and the eager statements are marked pure, so esbuild drops all of that code; every flag
 * is parsed by the same code as before. A replacement that no longer matches (a new meow) fails the build,
 * and so does any of that code left in the output.
 */
const meowPatches = {
	'options.js': [
		[
			"import { a as readPackageUpSync, n as normalizePackageData } from './dependencies.js';",
			[
				'const readPackageUpSync = () => {',
				"\tthrow new Error('tinygan builds meow without read-package-up: give meow the pkg option');",
				'};',
				'const normalizePackageData = () => {',
				"\tthrow new Error('tinygan builds meow without normalize-package-data: cli.pkg cannot be read');",
				'};',
			].join('\n'),
		],
	],
	'dependencies.js': [
		['var libExports = requireLib$1();', 'var libExports = /* @__PURE__ */ requireLib$1();'],
		['var normalizeExports = requireNormalize();', 'var normalizeExports = /* @__PURE__ */ requireNormalize();'],
		[
			'const normalizePackageData = getDefaultExportFromCjs(normalizeExports);',
			'const normalizePackageData = /* @__PURE__ */ getDefaultExportFromCjs(normalizeExports);',
		],
		['promisify(execFile);', '/* @__PURE__ */ promisify(execFile);'],
	],
};
/** Names that are in the output only if the code above was kept. */
const meowDropped = [
	'requireNormalize',
	'requireSpdxCorrect',
	'readPackageSync',
	'codeFrameColumns',
	'promisify(execFile)',
];

const slimMeow = {
	name: 'slim-meow',
	setup(build) {
		build.onLoad({filter: /[\\/]meow[\\/]build[\\/](options|dependencies)\.js$/}, async ({path}) => {
			let contents = await readFile(path, 'utf8');
			for (const [from, to] of meowPatches[path.split(/[\\/]/).at(-1)]) {
				if (!contents.includes(from)) {
					throw new Error(`scripts/build.mjs: meow's ${path} no longer contains ${JSON.stringify(from)}`);
				}

				contents = contents.replace(from, to);
			}

			return {contents, loader: 'js'};
		});
	},
};

/**
 * `import process from 'node:process'` (tinygan's, meow's and Ink's code all have it) makes Node build
 * an ES module facade of `process`, which reads every property of it once: that opens process.stdin and
 * builds allowedNodeEnvironmentFlags, about 3 ms of every start. In the bundle such an import gives the
 * global `process` instead, which is the same object. Only the named imports below are provided (a new
 * one fails the build), and `import * as` of it fails the build too, since the namespace would differ.
 */
const processExports = ['cwd', 'env'];
const globalProcess = {
	name: 'global-process',
	setup(build) {
		build.onResolve({filter: /^(node:)?process$/}, ({kind, importer}) => {
			if (kind !== 'import-statement') {
				return undefined;
			}

			// One module for each importer, so that it goes in the importer's chunk, not a chunk of its own
			return {path: `${importer} process`, namespace: 'global-process'};
		});
		build.onLoad({filter: /.*/, namespace: 'global-process'}, () => ({
			contents: `export default process;\nexport const {${processExports.join(', ')}} = process;\n`,
			loader: 'js',
		}));
		build.onLoad({filter: /\.[cm]?[jt]sx?$/, namespace: 'file'}, async ({path}) => {
			const contents = await readFile(path, 'utf8');
			if (/import\s*\*\s*as\s+[\w$]+\s+from\s*['"](node:)?process['"]/.test(contents)) {
				throw new Error(`scripts/build.mjs: ${path} imports * as process; see globalProcess`);
			}

			return undefined;
		});
	},
};

/**
 * An ES module import of a Node builtin makes Node build a facade of it, which reads every export
 * once: for fs that loads the streams behind fs.ReadStream. Meow's code imports fs, path, url and util
 * so, about 5 ms of every start in all. In the bundle meow's imports of them read the module with
 * require() instead (the banner's), and only the names meow asks for: an import that the pattern below
 * does not read (`import * as`, a re-export) fails the build.
 */
const requiredBuiltins = new Set(['fs', 'path', 'url', 'util']);
const builtinsByRequire = {
	name: 'builtins-by-require',
	setup(build) {
		build.onResolve({filter: /^(node:)?(fs|path|url|util)$/}, ({path, kind, importer}) => {
			const name = path.replace(/^node:/, '');
			if (
				kind !== 'import-statement' ||
				!requiredBuiltins.has(name) ||
				!/[\\/]node_modules[\\/]meow[\\/]/.test(importer)
			) {
				return undefined;
			}

			return {path: `${importer} ${name}`, namespace: 'builtin-by-require', pluginData: {importer, name}};
		});
		build.onLoad({filter: /.*/, namespace: 'builtin-by-require'}, async ({pluginData: {importer, name}}) => {
			const source = await readFile(importer, 'utf8');
			const names = new Set();
			const statement = new RegExp(`^(import|export)\\b([^;'"]*)from\\s*['"](node:)?${name}['"]`, 'gm');
			for (const [, keyword, clause] of source.matchAll(statement)) {
				const parsed = /^\s*(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\})?\s*$/.exec(clause);
				if (keyword !== 'import' || !parsed) {
					throw new Error(`scripts/build.mjs: ${importer} imports ${name} in a way builtinsByRequire does not read`);
				}

				for (const specifier of (parsed[2] ?? '').split(',')) {
					const imported = specifier.trim().split(/\s+as\s+/)[0];
					if (imported) {
						names.add(imported);
					}
				}
			}

			const named = names.size > 0 ? `export const {${[...names].join(', ')}} = builtin;\n` : '';
			return {contents: `const builtin = require('node:${name}');\nexport default builtin;\n${named}`, loader: 'js'};
		});
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
	// globalProcess first: its check of every file returns nothing, and the patches after it still apply
	plugins: [globalProcess, builtinsByRequire, ...inkPlugins, slimMeow],
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

for (const file of await readdir(new URL('../dist', import.meta.url), {recursive: true})) {
	if (file.endsWith('.js')) {
		const text = await readFile(new URL(`../dist/${file}`, import.meta.url), 'utf8');
		const kept = meowDropped.filter(name => text.includes(name));
		if (kept.length > 0) {
			throw new Error(`scripts/build.mjs: dist/${file} still contains meow's ${kept.join(', ')}`);
		}
	}
}
