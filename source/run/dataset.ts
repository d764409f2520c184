/**
 * A run's dataset (`SPEC.md`, "Datasets"): 1 to 10,000 images of 4 values in
 * [0, 1], from a preset or a JSON file. The file's content is checked here,
 * pure; reading it is source/cli/data-files.ts's.
 */
import type {Image} from '../engine/model.js';

/** A preset, a --data file, or (for a loaded run whose images are no preset's) the checkpoint --load read. */
export type DataSource = {readonly preset: string} | {readonly file: string} | {readonly checkpoint: string};

export type Dataset = {readonly source: DataSource; readonly faces: readonly Image[]};

export const maxImages = 10_000;

/** What is wrong with a dataset's content, in words after "FILE: ". */
export class DatasetError extends Error {
	override name = 'DatasetError';
}

/** The images of a file's parsed JSON: `[a, b, c, d]` or `[[a, b], [c, d]]` each. */
export function imagesOf(content: unknown): Image[] {
	if (!Array.isArray(content)) {
		throw new DatasetError(`not an array of images (a JSON ${jsonType(content)})`);
	}

	if (content.length === 0) {
		throw new DatasetError('no images (1 to 10000 are needed)');
	}

	if (content.length > maxImages) {
		throw new DatasetError(`${content.length} images, more than ${maxImages}`);
	}

	return content.map((item: unknown, i) => {
		const at = (what: string) => new DatasetError(`image ${i}: ${what}`);
		const values = flat(item);
		if (values === undefined) {
			throw at('not [a, b, c, d] or [[a, b], [c, d]]');
		}

		for (const value of values) {
			if (typeof value !== 'number') {
				throw at(`${JSON.stringify(value)} is not a number`);
			}

			if (!(value >= 0 && value <= 1)) {
				throw at(`value ${value} is outside [0, 1]`);
			}
		}

		return values as unknown as Image;
	});
}

function flat(item: unknown): unknown[] | undefined {
	if (!Array.isArray(item)) {
		return undefined;
	}

	if (item.length === 4 && item.every(value => !Array.isArray(value))) {
		return item as unknown[];
	}

	if (item.length === 2 && item.every(row => Array.isArray(row) && row.length === 2)) {
		return (item as unknown[][]).flat();
	}

	return undefined;
}

function jsonType(value: unknown): string {
	return value === null ? 'null' : typeof value === 'object' ? 'object' : typeof value;
}

/** The flags that reproduce a dataset: none for the default; --data takes a checkpoint's images from the checkpoint. */
export function dataFlags(source: DataSource, defaultPreset: string): string {
	if ('checkpoint' in source) {
		return ` --data ${shellWord(source.checkpoint)}`;
	}

	if ('file' in source) {
		return ` --data ${shellWord(source.file)}`;
	}

	return source.preset === defaultPreset ? '' : ` --preset ${source.preset}`;
}

function shellWord(word: string): string {
	return /^[\w./+:=,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
