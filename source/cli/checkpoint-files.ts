/**
 * The files of --load and --save, looked at before the run starts: the
 * checkpoint read and checked, the save's folder there. Loaded only when one
 * of the flags is given (it brings node:fs and node:crypto, which a plain
 * start does without).
 */
import {accessSync, constants, statSync} from 'node:fs';
import {dirname} from 'node:path';
import {CheckpointError, loadCheckpoint} from '../run/checkpoint.js';
import {errnoCode, errnoText} from '../run/errno-words.js';
import {type CheckpointFiles, UsageError} from './options.js';

export const checkpointFiles: CheckpointFiles = {
	read(file) {
		try {
			return loadCheckpoint(file);
		} catch (error) {
			if (error instanceof CheckpointError) {
				// Its line as it is ("cannot load FILE: reason"): the help cannot mend a file
				throw new UsageError(error.message.replace(/^tinygan: /, ''), {seeHelp: false});
			}

			throw error;
		}
	},

	/**
	 * What can be known now of a save at the run's end: the file is no folder,
	 * and its folder is there and may be written (for root, that it is there).
	 * A disk that fills up meanwhile can only be found out then.
	 */
	checkSave(file) {
		const cannot = (reason: string) => new UsageError(`cannot save ${printable(file)}: ${reason}`, {seeHelp: false});
		let isFolder = false;
		try {
			isFolder = statSync(file).isDirectory();
		} catch {
			// Not there yet (or not reachable: the folder's check says why)
		}

		if (isFolder) {
			throw cannot('is a folder');
		}

		const folder = dirname(file);
		try {
			if (!statSync(folder).isDirectory()) {
				throw cannot('a part of the path is not a folder');
			}

			// eslint-disable-next-line no-bitwise
			accessSync(folder, constants.W_OK | constants.X_OK);
		} catch (error) {
			if (error instanceof UsageError || errnoCode(error) === undefined) {
				throw error;
			}

			throw cannot(errnoText(error as NodeJS.ErrnoException, {ENOENT: 'no such folder'}));
		}
	},
};

/** A file name as messages name it: as given, unless a control character would break the line. */
function printable(file: string): string {
	return /[\u0000-\u001F\u007F]/.test(file) ? JSON.stringify(file) : file;
}
