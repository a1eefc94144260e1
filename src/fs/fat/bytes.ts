import { FilesystemError, hex } from '../../errors.js';

/**
 * Little-endian field reads for the FAT parsers. Parsers check their lengths first; these still
 * refuse a read past the end of the buffer so a missed check is a typed 'corrupt' error.
 */
function check(bytes: Uint8Array, offset: number, width: number): void {
  if (offset < 0 || offset + width > bytes.length) {
    throw new FilesystemError('corrupt', `fat: field at ${hex(offset)} lies outside its ${bytes.length}-byte structure`);
  }
}

/** Unsigned 8-bit field. */
export function u8(bytes: Uint8Array, offset: number): number {
  check(bytes, offset, 1);
  return bytes[offset]!;
}

/** Unsigned little-endian 16-bit field. */
export function le16(bytes: Uint8Array, offset: number): number {
  check(bytes, offset, 2);
  return bytes[offset]! | (bytes[offset + 1]! << 8);
}

/** Unsigned little-endian 32-bit field. */
export function le32(bytes: Uint8Array, offset: number): number {
  check(bytes, offset, 4);
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16)) + bytes[offset + 3]! * 0x100_0000;
}

/** Whether n is a power of two (n > 0). */
export function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}
