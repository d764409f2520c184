// Bundles cli.tsx into dist/ with esbuild: one ESM file for the headless path,
// and a chunk for the dashboard (Ink and React) loaded only when it opens.
import {readFile, rm, chmod} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const {name, version, description} = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

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
