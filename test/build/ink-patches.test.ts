/**
 * The bundle's patches to Ink and string-width (scripts/ink-patches.mjs) change
 * speed, not results: Ink's Output and string-width are bundled here with the
 * patches and without, and each pair is given the same random input.
 */
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import * as esbuild from 'esbuild';
import {describe, expect, it} from 'vitest';
import {Rng} from '../../source/engine/rng.js';
import {parseLine} from '../../source/terminal/cells.js';
// @ts-expect-error: a build script, plain JavaScript
import {inkPlugins} from '../../scripts/ink-patches.mjs';

type OutputClass = new (options: {width: number; height: number}) => {
	write(
		x: number,
		y: number,
		text: string,
		options: {transformers: Array<(line: string, index: number) => string>},
	): void;
	clip(clip: {x1?: number; x2?: number; y1?: number; y2?: number}): void;
	unclip(): void;
	get(): {output: string; height: number};
};
type Bundle = {Output: OutputClass; stringWidth: (text: string) => number};

const require = createRequire(import.meta.url);
const inkOutput = join(dirname(require.resolve('ink')), 'output.js');

async function bundle(plugins: esbuild.Plugin[]): Promise<Bundle> {
	const result = await esbuild.build({
		stdin: {
			contents: `export {default as Output} from ${JSON.stringify(inkOutput)};\nexport {default as stringWidth} from 'string-width';`,
			resolveDir: process.cwd(),
		},
		bundle: true,
		format: 'esm',
		platform: 'node',
		write: false,
		plugins,
	});
	const code = result.outputFiles[0]!.text;
	return (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as Bundle;
}

const patched = await bundle(inkPlugins as esbuild.Plugin[]);
const original = await bundle([]);

const pieces = [
	...'abc xyz 0123.+-',
	...'░▒▓█─═╮╰┼│↑↓·◱▕▏',
	'好',
	'⌚',
	'e\u0301',
	'👍🏽',
	'\u200D',
	'\uFE0F',
	'\u00AD',
	'\u001B[36m',
	'\u001B[39m',
	'\u001B[1m',
	'\u001B[22m',
	'\u001B[48;5;17m',
	'\u001B[0m',
];

function randomText(rng: Rng, length: number, pool: readonly string[] = pieces): string {
	let text = '';
	for (let i = 0; i < length; i++) {
		text += pool[Math.floor(rng.uniform() * pool.length)];
	}

	return text;
}

/** A frame as what a person sees: each row's characters, and the set of SGR codes on each. */
function seen(output: string): unknown[] {
	return output
		.split('\n')
		.map(line =>
			parseLine(line).map(({text, style}) => [
				text,
				[...style.matchAll(/\u001B\[([\d;]*)m/g)].map(m => m[1]).toSorted(),
			]),
		);
}

describe('the bundle patches to Ink and string-width', () => {
	it('string-width measures as before: every code point of the one-column blocks, and random text', () => {
		for (let code = 0x20; code <= 0x2bff; code++) {
			const text = String.fromCodePoint(code);
			expect(patched.stringWidth(text), code.toString(16)).toBe(original.stringWidth(text));
		}

		const rng = Rng.seeded(3);
		for (let i = 0; i < 3000; i++) {
			const text = randomText(rng, 1 + Math.floor(rng.uniform() * 30));
			expect(patched.stringWidth(text), JSON.stringify(text)).toBe(original.stringWidth(text));
		}
	});

	it("Output.get draws a column of lines as Ink's grid does: the same characters and styles in every cell", () => {
		const rng = Rng.seeded(5);
		const upper = (line: string) => line.toUpperCase();
		for (let i = 0; i < 300; i++) {
			const width = 10 + Math.floor(rng.uniform() * 40);
			const height = 1 + Math.floor(rng.uniform() * 12);
			const frames = [new patched.Output({width, height}), new original.Output({width, height})];
			const rows = Math.floor(rng.uniform() * (height + 3));
			const lines = Array.from({length: rows}, () => randomText(rng, Math.floor(rng.uniform() * width)));
			const transformers = rng.uniform() < 0.3 ? [upper] : [];
			for (const output of frames) {
				for (const [y, line] of lines.entries()) {
					output.write(0, y, line, {transformers});
				}
			}

			const [fast, grid] = frames.map(output => output.get());
			expect(fast!.height).toBe(grid!.height);
			expect(seen(fast!.output), JSON.stringify(lines)).toEqual(seen(grid!.output));
		}
	});

	it('Output.get takes the general path, unchanged, for anything else: offsets, overlaps, clips, several lines in a write', () => {
		const rng = Rng.seeded(9);
		for (let i = 0; i < 300; i++) {
			const frames = [new patched.Output({width: 30, height: 8}), new original.Output({width: 30, height: 8})];
			const operations = Array.from({length: 1 + Math.floor(rng.uniform() * 6)}, () => ({
				x: Math.floor(rng.uniform() * 5),
				y: Math.floor(rng.uniform() * 8),
				text: [randomText(rng, 8), randomText(rng, 5)].slice(0, 1 + Math.floor(rng.uniform() * 2)).join('\n'),
				clip: rng.uniform() < 0.2,
			}));
			for (const output of frames) {
				for (const {x, y, text, clip} of operations) {
					if (clip) output.clip({x1: 1, x2: 20, y1: 0, y2: 6});
					output.write(x, y, text, {transformers: []});
					if (clip) output.unclip();
				}
			}

			const [fast, grid] = frames.map(output => output.get());
			if (
				operations.some(({x, clip}) => x !== 0 || clip) ||
				new Set(operations.map(({y}) => y)).size < operations.length
			) {
				expect(fast, JSON.stringify(operations)).toEqual(grid);
			} else {
				expect(seen(fast!.output)).toEqual(seen(grid!.output));
			}
		}
	});
});
