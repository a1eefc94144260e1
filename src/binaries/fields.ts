import { BinaryError, hex } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';

/**
 * Bounded reads for the binary-header parsers. Every offset and size in a binary comes from
 * the file itself, so each is checked against the file's size before anything is read or
 * allocated: a hostile value ends in a BinaryError naming the field, its offset and the size,
 * never in a read past the end or a large allocation.
 */

/** Bytes [offset, offset+length) of `source`, which must lie inside it; `what` names the structure for the error. */
export async function readField(source: ByteSource, offset: number, length: number, what: string, fieldOffset?: number): Promise<Uint8Array> {
  checkInside(source, offset, length, what, fieldOffset);
  return source.read(offset, length);
}

/** Throws a BinaryError unless [offset, offset+length) lies inside the file. */
export function checkInside(source: { name: string; size: number }, offset: number, length: number, what: string, fieldOffset?: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > source.size) {
    throw new BinaryError('corrupt', `${source.name}: ${what} (${length} bytes at ${hex(Math.max(0, offset || 0))}) lies outside the file of ${source.size} bytes`, {
      offset: fieldOffset ?? Math.max(0, offset || 0),
    });
  }
}

/** Little/big-endian integer reads on bytes already bounds-checked by their reader. */
export function u16(bytes: Uint8Array, at: number, littleEndian = true): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(at, littleEndian);
}

export function u32(bytes: Uint8Array, at: number, littleEndian = true): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, littleEndian);
}

/** A 64-bit field as a number; values past 2^53 are returned as Infinity so range checks fail them. */
export function u64(bytes: Uint8Array, at: number, littleEndian = true): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(at, littleEndian);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(v);
}

/** Whether `bytes` holds `magic` (ASCII) at `at`. */
export function hasMagic(bytes: Uint8Array, at: number, magic: string): boolean {
  if (at + magic.length > bytes.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic.charCodeAt(i)) return false;
  return true;
}
