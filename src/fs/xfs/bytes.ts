import { FilesystemError, hex } from '../../errors.js';

/**
 * Big-endian field reads for the XFS parsers (XFS stores everything big-endian except CRCs).
 * Each parser checks its lengths first; these still turn a missed check into a typed
 * 'corrupt' error instead of a RangeError.
 */
function check(bytes: Uint8Array, offset: number, width: number, field: string): void {
  if (offset < 0 || offset + width > bytes.length) {
    throw new FilesystemError('corrupt', `xfs: field ${field} at ${hex(offset)} lies outside its ${bytes.length}-byte structure`);
  }
}

/** Unsigned 8-bit field. */
export function u8(bytes: Uint8Array, offset: number, field = 'u8'): number {
  check(bytes, offset, 1, field);
  return bytes[offset]!;
}

/** Unsigned big-endian 16-bit field. */
export function be16(bytes: Uint8Array, offset: number, field = 'be16'): number {
  check(bytes, offset, 2, field);
  return (bytes[offset]! << 8) | bytes[offset + 1]!;
}

/** Unsigned big-endian 32-bit field. */
export function be32(bytes: Uint8Array, offset: number, field = 'be32'): number {
  check(bytes, offset, 4, field);
  return bytes[offset]! * 0x100_0000 + ((bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!);
}

/** Unsigned big-endian 64-bit field as a bigint (inode numbers, packed extent records). */
export function be64n(bytes: Uint8Array, offset: number, field = 'be64'): bigint {
  check(bytes, offset, 8, field);
  return (BigInt(be32(bytes, offset, field)) << 32n) | BigInt(be32(bytes, offset + 4, field));
}

/**
 * Unsigned big-endian 64-bit field as a number; values beyond 2^53 (never valid for a size,
 * block or inode number we can address) become Infinity so range checks reject them.
 */
export function be64(bytes: Uint8Array, offset: number, field = 'be64'): number {
  const value = be64n(bytes, offset, field);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(value);
}

/** Unsigned little-endian 32-bit field (XFS CRCs are stored little-endian). */
export function le32(bytes: Uint8Array, offset: number, field = 'le32'): number {
  check(bytes, offset, 4, field);
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16)) + bytes[offset + 3]! * 0x100_0000;
}

/** Four ASCII bytes as text, for magic numbers in messages ("XFSB"). */
export function magicText(value: number): string {
  const chars = [24, 16, 8, 0].map((s) => (value >>> s) & 0xff);
  return chars.every((c) => c >= 0x20 && c < 0x7f) ? String.fromCharCode(...chars) : hex(value);
}

/** The big-endian 32-bit value of a four-character magic ("XFSB" -> 0x58465342). */
export function magic(text: string): number {
  return [...text].reduce((v, c) => v * 256 + c.charCodeAt(0), 0);
}
