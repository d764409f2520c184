/**
 * The house's layers point one way: engine ← run ← terminal ← ui, and the
 * command line (source/cli, cli.tsx) on top. The engine knows nothing of
 * screens, files or clocks.
 */
import {readFileSync, readdirSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {describe, expect, it} from 'vitest';
import {repoRoot} from './helpers/paths.js';

type Layer = 'engine' | 'run' | 'terminal' | 'ui' | 'cli';

/** What each layer may import from the others. */
const allowed: Record<Layer, readonly Layer[]> = {
	engine: [],
	run: ['engine'],
	terminal: ['run'],
	ui: ['engine', 'run', 'terminal'],
	cli: ['engine', 'run', 'terminal', 'ui'],
};

function sourceFiles(directory: string): string[] {
	return readdirSync(directory, {withFileTypes: true}).flatMap(entry => {
		const path = join(directory, entry.name);
		if (entry.isDirectory()) {
			return sourceFiles(path);
		}

		return /\.tsx?$/.test(entry.name) ? [path] : [];
	});
}

/** Every module a file imports, statically or dynamically. */
function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map(match => match[1]!);
}

function layerOf(file: string): Layer {
	return relative(join(repoRoot, 'source'), file).split('/')[0] as Layer;
}

const files = sourceFiles(join(repoRoot, 'source'));

describe('layers', () => {
	it('finds the source files and their imports', () => {
		expect(files.length).toBeGreaterThan(20);
		expect(importsOf(join(repoRoot, 'source/run/session.ts'))).toContain('./controls.js');
	});

	for (const file of files) {
		const layer = layerOf(file);
		it(`${relative(repoRoot, file)} imports only from ${[layer, ...allowed[layer]].join(', ')}`, () => {
			for (const target of importsOf(file).filter(path => path.startsWith('.'))) {
				const targetLayer = layerOf(resolve(dirname(file), target));
				expect([layer, ...allowed[layer]], `${target}`).toContain(targetLayer);
			}
		});
	}

	it('the engine imports no UI, terminal, timers, files or console', () => {
		for (const file of files.filter(file => layerOf(file) === 'engine')) {
			const text = readFileSync(file, 'utf8');
			expect(
				importsOf(file).filter(path => !path.startsWith('.')),
				file,
			).toEqual([]);
			expect(text, file).not.toMatch(/\b(console|setTimeout|setInterval|process|performance)\./);
		}
	});
});
