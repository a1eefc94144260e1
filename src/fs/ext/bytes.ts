import { FilesystemError, hex } from '../../errors.js';

/**
 * Little-endian field reads for the ext parsers. Every parser checks its own lengths first;
 * these still refuse a read past the end of the buffer so that a missed check becomes a typed
 * 'corrupt' error instead of a RangeError.
 */
function check(bytes: Uint8Array, offset: number, width: number, field: string): void {
  if (offset < 0 || offset + width > bytes.length) {
    throw new FilesystemError('corrupt', `ext: field ${field} at ${hex(offset)} lies outside its ${bytes.length}-byte structure`);
  }
}

/** Unsigned little-endian 16-bit field. */
export function le16(bytes: Uint8Array, offset: number, field = 'le16'): number {
  check(bytes, offset, 2, field);
  return bytes[offset]! | (bytes[offset + 1]! << 8);
}

/** Unsigned little-endian 32-bit field. */
export function le32(bytes: Uint8Array, offset: number, field = 'le32'): number {
  check(bytes, offset, 4, field);
  return (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16)) + bytes[offset + 3]! * 0x100_0000;
}

/** Joins a 32-bit low half and a high half (from a separate `_hi` field) into one number. */
export function joinHiLo(hi: number, lo: number): number {
  return hi * 0x1_0000_0000 + lo;
}

/** Canonical lower-case 8-4-4-4-12 form of 16 UUID bytes, as blkid prints it. */
export function uuidString(bytes: Uint8Array): string {
  const h = [...bytes.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** True when all bytes are zero (an unset UUID). */
export function allZero(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0);
}

/** A NUL-padded fixed-width string field (volume labels), decoded as UTF-8. */
export function fixedString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder('utf-8').decode(end < 0 ? bytes : bytes.subarray(0, end));
}
