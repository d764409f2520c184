/**
 * The file of --data, read and checked before the run starts: an array of
 * images, or a checkpoint (whose images it takes: that is how the summary of
 * a loaded run names a dataset no preset has). Loaded only when --data is
 * given.
 */
import {readFileSync, statSync} from 'node:fs';
import type {Image} from '../engine/model.js';
import {CheckpointError, checkpointFormat, decodeCheckpoint, maxCheckpointBytes} from '../run/checkpoint.js';
import {DatasetError, imagesOf} from '../run/dataset.js';
import {errnoCode, errnoText} from '../run/errno-words.js';
import {UsageError} from './options.js';

/** A file of 10,000 images with long numbers is about 1 MB; larger than a checkpoint may be is refused unread. */
const maxBytes = maxCheckpointBytes;

export function readData(file: string): Image[] {
	const wrong = (reason: string) => new UsageError(`--data ${printable(file)}: ${reason}`, {seeHelp: false});
	let text: string;
	try {
		const stat = statSync(file);
		if (stat.isDirectory()) {
			throw wrong('is a folder');
		}

		if (stat.size > maxBytes) {
			throw wrong(`${stat.size} bytes, too large for a dataset or a checkpoint`);
		}

		text = readFileSync(file, 'utf8');
	} catch (error) {
		if (error instanceof UsageError || errnoCode(error) === undefined) {
			throw error;
		}

		throw wrong(errnoText(error as NodeJS.ErrnoException, {ENOENT: 'no such file'}));
	}

	if (text.trim() === '') {
		throw wrong('is empty');
	}

	let content: unknown;
	try {
		content = JSON.parse(text);
	} catch {
		throw wrong('not JSON');
	}

	if (isCheckpoint(content)) {
		try {
			return decodeCheckpoint(text, file).faces.map(face => [...face] as unknown as Image);
		} catch (error) {
			if (error instanceof CheckpointError) {
				throw wrong(`a checkpoint, ${error.reason}`);
			}

			throw error;
		}
	}

	try {
		return imagesOf(content);
	} catch (error) {
		if (error instanceof DatasetError) {
			throw wrong(error.message);
		}

		throw error;
	}
}

function isCheckpoint(content: unknown): boolean {
	return typeof content === 'object' && content !== null && (content as {format?: unknown}).format === checkpointFormat;
}

function printable(file: string): string {
	return /[\u0000-\u001F\u007F]/.test(file) ? JSON.stringify(file) : file;
}
