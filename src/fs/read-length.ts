import { FilesystemError } from '../errors.js';

/** Largest single readFile result; callers cap far lower, this stops a corrupt size field with an uncapped caller. */
export const MAX_FILE_READ = 1024 * 1024 * 1024;

/**
 * How many bytes a readFile may return: min(size, maxBytes), refused past MAX_FILE_READ.
 * `who` names the file in the message ("ext inode 12"); `sizeOffset` is where its size field is.
 */
export function readLength(size: number, maxBytes: number, who: string, sizeOffset: number): number {
  const length = Math.max(0, Math.min(size, Math.floor(maxBytes)));
  if (length > MAX_FILE_READ) {
    throw new FilesystemError('unsupported', `${who}: a ${length}-byte read exceeds the reader's limit of ${MAX_FILE_READ} bytes; pass a smaller maxBytes`, {
      offset: sizeOffset,
    });
  }
  return length;
}
