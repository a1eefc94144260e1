import { crc32 as zlibCrc32 } from 'node:zlib';

/** LVM's calc_crc seed (lib/misc/crc.h INITIAL_CRC). */
export const LVM_INITIAL_CRC = 0xf597a6cf;

/**
 * LVM's calc_crc: the reflected CRC-32 polynomial with seed 0xf597a6cf and no final inversion.
 * zlib's crc32 inverts on entry and exit, so inverting around it gives the raw update.
 */
export function lvmCrc(bytes: Uint8Array): number {
  return ~zlibCrc32(bytes, ~LVM_INITIAL_CRC >>> 0) >>> 0;
}
