import { VolumeError, hex } from '../../errors.js';

/** Little-endian u32 at `at` of `bytes`. */
export function u32(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, true);
}

/**
 * Little-endian u64 at `at`, as a number; a value past 2^53 cannot be a real offset or size on
 * any disk we read, so it is corrupt (reported at `base + at`, the offset in the PV).
 */
export function u64(bytes: Uint8Array, at: number, field: string, base: number): number {
  const value = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new VolumeError('corrupt', `LVM2 ${field} ${hex(value)} is beyond any disk size`, { offset: base + at });
  }
  return Number(value);
}

/** Bytes as Latin-1 text (labels and magics are ASCII). */
export function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}
