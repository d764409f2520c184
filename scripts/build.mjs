// Bundles cli.tsx into dist/ with esbuild: dist/tinygan.js, the program, one CommonJS function for
// every start and the headless run, started by dist/cli.js (scripts/start.cjs) from V8's code cache of
// it (scripts/code-cache.cjs makes it); and dist/dashboard/, the dashboard (Ink and React) as ES
// modules, loaded only when it opens.
import {spawnSync} from 'node:child_process';
import {chmod, copyFile, readFile, readdir, rm, writeFile} from 'node:fs/promises';
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
 * builds allowedNodeEnvironmentFlags, about 3 ms of a start. As CommonJS, esbuild wraps each such
 * require() in an object of getters for all of process's properties. In the bundle such an import gives
 * the global `process` instead, which is the same object. Only the named imports below are provided (a new
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
 * The dashboard is an ES module of its own (Ink and Yoga are ES modules, Yoga with a top-level await),
 * loaded with import() when a run opens it: dashboard.js in dist/dashboard/. That import() is
 * dist/cli.js's: the program calls it as `importDashboard()` (see below).
 */
const dashboardOutside = {
	name: 'dashboard-outside',
	setup(build) {
		build.onResolve({filter: /^\.\/dashboard\.js$/}, ({importer, kind}) => {
			if (!/[\\/]source[\\/]ui[\\/]load-dashboard\.ts$/.test(importer)) {
				return undefined;
			}

			if (kind !== 'dynamic-import') {
				throw new Error('scripts/build.mjs: load-dashboard.ts must load the dashboard with import()');
			}

			return {path: './dashboard/dashboard.js', external: true};
		});
	},
};

const common = {
	absWorkingDir: root,
	bundle: true,
	platform: 'node',
	target: 'node20',
	jsx: 'automatic',
	legalComments: 'none',
	minifyWhitespace: true,
	minifySyntax: true,
	logLevel: 'warning',
	define: {
		'process.env.NODE_ENV': '"production"',
		TINYGAN_PACKAGE: JSON.stringify({name, version, description}),
	},
};

await rm(new URL('../dist', import.meta.url), {recursive: true, force: true});
/**
 * dist/tinygan.js: every start, and all of the headless run, in one CommonJS file (dist/package.json says
 * so). Node starts a CommonJS file without its ES module loader, which reads and links each module in
 * turns of the event loop: a headless run of 0 epochs took 113–116 ms as ES modules (one file or 23)
 * and 97–100 ms so, against 63–72 ms for an empty file. The help text, the presets, the data and
 * checkpoint files and the headless run are in it too, each evaluated when first loaded.
 *
 * It is one function of `require`, `__filename` and `importDashboard`, which dist/cli.js compiles with
 * V8's code cache and calls (scripts/start.cjs). Code compiled so cannot run an import(): the one
 * import() of the dashboard becomes a call of dist/cli.js's.
 */
const dashboardImport = 'import("./dashboard/dashboard.js")';
await esbuild.build({
	...common,
	entryPoints: {tinygan: 'cli.tsx'},
	outdir: 'dist',
	format: 'cjs',
	plugins: [dashboardOutside, globalProcess, slimMeow],
	// Meow is given import.meta: the program's own URL
	banner: {
		js: "(function (require, __filename, importDashboard) {\nconst __importMeta = {url: require('node:url').pathToFileURL(__filename).href};",
	},
	footer: {js: '})'},
	define: {...common.define, 'import.meta': '__importMeta'},
});
const programFile = new URL('../dist/tinygan.js', import.meta.url);
const program = await readFile(programFile, 'utf8');
if (program.split(dashboardImport).length !== 2) {
	throw new Error(`scripts/build.mjs: dist/tinygan.js should have ${dashboardImport} once`);
}

await writeFile(programFile, program.replace(dashboardImport, 'importDashboard()'));
await writeFile(new URL('../dist/package.json', import.meta.url), '{"type": "commonjs"}\n');
await copyFile(new URL('start.cjs', import.meta.url), new URL('../dist/cli.js', import.meta.url));
await chmod(new URL('../dist/cli.js', import.meta.url), 0o755);

/**
 * dist/dashboard/: the dashboard, an ES module, with Ink (render-*.js) in a chunk that it loads as
 * it opens. It has its own copy of the engine and the run: the options the program hands it are plain data.
 */
await esbuild.build({
	...common,
	entryPoints: {dashboard: 'source/ui/dashboard.ts'},
	outdir: 'dist/dashboard',
	splitting: true,
	chunkNames: '[name]-[hash]',
	format: 'esm',
	// globalProcess first: its check of every file returns nothing, and the patches after it still apply
	plugins: [globalProcess, ...inkPlugins],
	// Signal-exit and other CommonJS parts of Ink call require()
	banner: {
		js: "import {createRequire as __tinyganCreateRequire} from 'node:module';\nconst require = __tinyganCreateRequire(import.meta.url);",
	},
	alias: {'react-devtools-core': './scripts/stubs/react-devtools-core.js'},
});
await writeFile(new URL('../dist/dashboard/package.json', import.meta.url), '{"type": "module"}\n');

for (const file of await readdir(new URL('../dist', import.meta.url), {recursive: true})) {
	if (file.endsWith('.js')) {
		const text = await readFile(new URL(`../dist/${file}`, import.meta.url), 'utf8');
		const kept = meowDropped.filter(name => text.includes(name));
		if (kept.length > 0) {
			throw new Error(`scripts/build.mjs: dist/${file} still contains meow's ${kept.join(', ')}`);
		}
	}
}

/**
 * dist/tinygan.js.cache: V8's code cache of the program, made by running it (scripts/code-cache.cjs), with
 * no NODE_OPTIONS: V8 flags given there would be in the cache's checksum, and a run without them would
 * find it rejected.
 */
const {NODE_OPTIONS, ...environment} = process.env;
const made = spawnSync(process.execPath, [fileURLToPath(new URL('code-cache.cjs', import.meta.url))], {
	env: environment,
	stdio: ['ignore', 'ignore', 'inherit'],
});
if (made.status !== 0) {
	throw new Error(`scripts/build.mjs: scripts/code-cache.cjs failed (${made.error?.message ?? `exit ${made.status}`})`);
}
