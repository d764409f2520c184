/**
 * Errno codes of failed file and stream operations, in plain words, for the
 * one-line messages of failed output (source/cli/output.ts) and failed
 * checkpoints (checkpoint.ts). Each caller may say a code more precisely
 * where it knows more (a failed save's ENOENT is a missing folder).
 */

export const errnoWords: Readonly<Record<string, string>> = {
	EACCES: 'permission denied',
	EAGAIN: 'resource temporarily unavailable',
	EBADF: 'bad file descriptor',
	EBUSY: 'device or resource busy',
	ECONNRESET: 'connection reset by peer',
	EDQUOT: 'disk quota exceeded',
	EEXIST: 'file exists',
	EFBIG: 'file too large',
	EINVAL: 'invalid argument',
	EIO: 'input/output error',
	EISDIR: 'is a folder',
	ELOOP: 'too many levels of symbolic links',
	EMFILE: 'too many open files',
	ENAMETOOLONG: 'file name too long',
	ENFILE: 'too many open files in the system',
	ENOENT: 'no such file or folder',
	ENOSPC: 'no space left on device',
	ENOTDIR: 'a part of the path is not a folder',
	ENXIO: 'no such device or address',
	EPERM: 'operation not permitted',
	EPIPE: 'broken pipe',
	EROFS: 'read-only file system',
	ETXTBSY: 'text file busy',
};

/** The errno code of a Node error, if it has one. */
export function errnoCode(error: unknown): string | undefined {
	const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
	return typeof code === 'string' && code !== '' ? code : undefined;
}

/** An error in words: from `words` (or the table) by its code, else its code, else its message's first line. */
export function errnoText(error: NodeJS.ErrnoException, words: Readonly<Record<string, string>> = errnoWords): string {
	const code = errnoCode(error);
	if (code === undefined) {
		return error.message.split('\n', 1)[0]!;
	}

	return words[code] ?? errnoWords[code] ?? code;
}
