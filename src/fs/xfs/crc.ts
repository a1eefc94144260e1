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
  for (let i = 0; i < bytes.length; i++) {
    const byte = i >= skip && i < skip + 4 ? 0 : bytes[i]!;
    crc = TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
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
