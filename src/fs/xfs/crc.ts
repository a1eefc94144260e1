import { le32 } from './bytes.js';

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) lookup table. */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Standard CRC-32C of `bytes`, treating the four bytes at `skip` (the stored CRC) as zeros. */
export function crc32c(bytes: Uint8Array, skip = -1): number {
  let crc = 0xffffffff;
  const step = (byte: number) => {
    crc = TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  };
  const end = skip < 0 ? bytes.length : Math.min(skip, bytes.length);
  for (let i = 0; i < end; i++) step(bytes[i]!);
  if (skip >= 0) {
    for (let i = skip; i < Math.min(skip + 4, bytes.length); i++) step(0);
    for (let i = skip + 4; i < bytes.length; i++) step(bytes[i]!);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * Whether a v5 metadata structure's CRC (a little-endian field at `crcOffset`, computed with
 * the field zeroed) matches its bytes.
 */
export function crcMatches(bytes: Uint8Array, crcOffset: number): boolean {
  return le32(bytes, crcOffset, 'crc') === crc32c(bytes, crcOffset);
}
