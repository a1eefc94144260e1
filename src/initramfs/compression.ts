import type { Compression } from './types.js';

/**
 * What a compressed archive starts with, by its first bytes: the table of the kernel's
 * lib/decompress.c (decompress_method), which looks at two bytes, plus the LZ4 frame format,
 * which the kernel does not read but `lz4` writes without -l. Methods the kernel knows that we
 * do not decode (lzma, lzo) are named so the error can say which one it is.
 */
const MAGICS: { bytes: number[]; method: Compression | 'lzma' | 'lzo' }[] = [
  { bytes: [0x1f, 0x8b], method: 'gzip' },
  { bytes: [0x1f, 0x9e], method: 'gzip' },
  { bytes: [0x42, 0x5a, 0x68], method: 'bzip2' },
  { bytes: [0x5d, 0x00], method: 'lzma' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], method: 'xz' },
  { bytes: [0x89, 0x4c, 0x5a, 0x4f], method: 'lzo' },
  { bytes: [0x02, 0x21, 0x4c, 0x18], method: 'lz4' },
  { bytes: [0x04, 0x22, 0x4d, 0x18], method: 'lz4-frame' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], method: 'zstd' },
];

/** Bytes sniffCompression needs to see (fewer at the end of a file is fine). */
export const SNIFF_BYTES = 6;

/** The compression a stream starting with `head` uses, or undefined when no known magic matches. */
export function sniffCompression(head: Uint8Array): Compression | 'lzma' | 'lzo' | undefined {
  return MAGICS.find((m) => m.bytes.every((b, i) => head[i] === b))?.method;
}
