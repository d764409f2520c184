/**
 * The command line as meow reads it, to one of: show the help, show the
 * version, or run with validated options. Meow is passed in: cli.tsx loads it
 * after it has started loading the dashboard, and tests pass it an argv. The
 * help text is asked for only with --help (cli.tsx loads it then), the
 * checkpoint files' code only with --load or --save.
 */
import type meowType from 'meow';
import {type Options, UsageError, parseOptions} from './options.js';

export type Meow = typeof meowType;

export type Command =
	| {readonly action: 'help'; readonly text: string}
	| {readonly action: 'version'}
	| {readonly action: 'presets'; readonly text: string}
	| {readonly action: 'run'; readonly options: Options};

export type CommandLineSetup = {
	/** The help text, indented, in Usage / Options / Examples form; called only for --help. */
	readonly help: () => string | Promise<string>;
	readonly pkg: {readonly name: string; readonly version: string; readonly description: string};
	readonly randomSeed: () => number;
};

/** Rejects with a `UsageError` for bad input. */
export async function readCommandLine(
	meow: Meow,
	argv: readonly string[],
	{help, pkg, randomSeed}: CommandLineSetup,
): Promise<Command> {
	// Meow uses the help text only to lay out `cli.help`: without it, the flags are read the same
	const cli = parse(meow, argv, '', pkg);
	if (cli.flags['help'] === true) {
		// Read again with the text, for meow to lay it out (trimmed, indented, the description first)
		return {action: 'help', text: parse(meow, argv, await help(), pkg).help + '\n'};
	}

	if (cli.flags['version'] === true) {
		return {action: 'version'};
	}

	if (typeof cli.flags['preset'] === 'string' && cli.flags['preset'].trim() === 'list') {
		const {presets} = await import('../engine/presets.js');
		const width = Math.max(...presets.map(preset => preset.name.length));
		return {
			action: 'presets',
			text: presets.map(preset => `${preset.name.padEnd(width)}  ${preset.description}\n`).join(''),
		};
	}

	const dataFiles = cli.flags['data'] === undefined ? undefined : await import('./data-files.js');
	const files =
		cli.flags['load'] === undefined && cli.flags['save'] === undefined
			? undefined
			: (await import('./checkpoint-files.js')).checkpointFiles;
	return {action: 'run', options: parseOptions(cli.flags, cli.input, randomSeed, files, dataFiles)};
}

function parse(meow: Meow, argv: readonly string[], help: string, pkg: CommandLineSetup['pkg']) {
	try {
		return meow(help, {
			importMeta: import.meta,
			argv: [...argv],
			pkg,
			allowUnknownFlags: true, // Reported by parseOptions, on one line
			autoHelp: false, // Printed by the caller, so that a failed write is reported
			autoVersion: false,
			booleanDefault: undefined, // A switch not given is absent, not false
			flags: {
				seed: {type: 'string'},
				lr: {type: 'string'},
				schedule: {type: 'string'},
				save: {type: 'string'},
				load: {type: 'string'},
				data: {type: 'string'},
				preset: {type: 'string'},
				epochs: {type: 'string'},
				every: {type: 'string'},
				speed: {type: 'string'},
				fps: {type: 'string'},
				json: {type: 'boolean'},
				updates: {type: 'boolean'},
				// Every occurrence, so that --ascii --no-ascii can be refused
				ascii: {type: 'boolean', isMultiple: true},
				help: {type: 'boolean'},
				version: {type: 'boolean'},
			},
		});
	} catch (error) {
		// Meow throws "The flag --seed can only be set once."
		const repeated = /--([\w-]+) can only be set once/.exec(String(error));
		throw repeated ? new UsageError(`--${repeated[1]!} is given more than once`) : error;
	}
}
