// Makes dist/tinygan.js.cache (see scripts/start.cjs): runs dist/cli.js as a headless run of a few
// thousand epochs, so that the functions a run uses are compiled, and writes V8's code cache of the
// program as the process exits. Run by scripts/build.mjs, without NODE_OPTIONS (V8 flags given there
// would be taken into the cache's checksum).
'use strict';
const {writeFileSync} = require('node:fs');
const {join} = require('node:path');

const cli = join(__dirname, '../dist/cli.js');
process.argv = [process.execPath, cli, '--json', '--every', '0', '--seed', '1', '--epochs', '3000'];
const {script, program} = require(cli);
process.on('exit', () => {
	writeFileSync(`${program}.cache`, script.createCachedData());
});
