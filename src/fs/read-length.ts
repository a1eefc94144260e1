import { FilesystemError } from '../errors.js';

/** Largest single readFile result; callers cap far lower, this stops a corrupt size field with an uncapped caller. */
export const MAX_FILE_READ = 1024 * 1024 * 1024;

/**
 * Checks a readRange request against the file's size: [offset, offset + length) must lie in
 * [0, size] and be at most MAX_FILE_READ long. `who` and `sizeOffset` as for readLength.
 */
export function checkFileRange(size: number, offset: number, length: number, who: string, sizeOffset: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > size) {
    throw new FilesystemError('corrupt', `${who}: a read of ${length} bytes at ${offset} lies outside the file of ${size} bytes`, { offset: sizeOffset });
  }
  if (length > MAX_FILE_READ) {
    throw new FilesystemError('unsupported', `${who}: a ${length}-byte read exceeds the reader's limit of ${MAX_FILE_READ} bytes`, { offset: sizeOffset });
  }
}

/**
 * Copies the part of `chunk` (which holds the file's bytes from `chunkStart`) that overlaps
 * `out` (which wants the file's bytes from `outStart`).
 */
export function copyOverlap(out: Uint8Array, outStart: number, chunk: Uint8Array, chunkStart: number): void {
  const from = Math.max(outStart, chunkStart);
  const to = Math.min(outStart + out.length, chunkStart + chunk.length);
  if (to > from) out.set(chunk.subarray(from - chunkStart, to - chunkStart), from - outStart);
}

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
