import { crc32 as zlibCrc32 } from 'node:zlib';

/**
 * CRC-32 (IEEE 802.3, the one GPT uses for its header and entry array). Node 20.15+ ships it in
 * zlib; the engines field requires Node 20 and CI runs 20.20, so no table of our own is needed.
 */
export function crc32(bytes: Uint8Array): number {
  return zlibCrc32(bytes) >>> 0;
}
