#!/usr/bin/env node
// The command's file, dist/cli.js (scripts/build.mjs copies it there). It starts the program,
// dist/tinygan.js (cli.tsx and all it imports but the dashboard, bundled as one function), from V8's
// code cache of it, dist/tinygan.js.cache, which the build makes by running it. Node then neither
// parses nor compiles what the cache holds: a headless run of 0 epochs took about 10 ms less.
// Without the cache, or with one V8 rejects (another Node, other V8 flags), V8 compiles the program
// as Node would; nothing else changes.
'use strict';
const {readFileSync} = require('node:fs');
const {join} = require('node:path');
const {Script} = require('node:vm');
const v8 = require('node:v8');

// The training loop (source/engine/trainer.ts) runs at its speed only when V8 inlines σ at all eight
// of its places, and the RNG's draw: V8's default budget, 920 bytes of bytecode inlined into one
// function, covers about six σ (a call spills every live double; the loop is then a quarter slower).
// Set before the program is compiled: V8 checks the flags a code cache was made with.
v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=3000');

const program = join(__dirname, 'tinygan.js');
let cachedData;
try {
	cachedData = readFileSync(`${program}.cache`);
} catch {
	// Compiled without it
}

const script = new Script(readFileSync(program, 'utf8'), {filename: program, cachedData});
// The dashboard is an ES module: the program loads it with this import(), which V8 cannot run in a
// vm.Script's code
script.runInThisContext()(require, program, () => import('./dashboard/dashboard.js'));

// For scripts/code-cache.cjs, which makes the cache once the program has run
module.exports = {script, program};
