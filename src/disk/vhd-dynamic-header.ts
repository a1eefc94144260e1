import { ascii, vhdChecksum } from './vhd-footer.js';

/** Size of the dynamic disk header ("Dynamic Disk Header Format", VHD spec). */
export const VHD_DYNAMIC_HEADER_SIZE = 1024;

/** Dynamic header cookie, bytes 0-7. */
export const VHD_DYNAMIC_COOKIE = 'cxsparse';

/** The dynamic disk header fields the reader needs (all big-endian on disk). */
export interface VhdDynamicHeader {
  /** Offset 0x00: "cxsparse". */
  cookieValid: boolean;
  /** Offset 0x10: absolute file offset of the Block Allocation Table; NaN when beyond 2^53. */
  tableOffset: number;
  /** Offset 0x18: 0x00010000. */
  headerVersion: number;
  /** Offset 0x1c: number of BAT entries. */
  maxTableEntries: number;
  /** Offset 0x20: bytes of data per block (2 MiB by default), excluding the sector bitmap. */
  blockSize: number;
  /** Offset 0x24: stored checksum, and whether it matches. */
  checksum: number;
  checksumValid: boolean;
}

/** Parses the 1024-byte dynamic disk header. Pure; validity is reported, not thrown. */
export function parseDynamicHeader(bytes: Uint8Array): VhdDynamicHeader {
  if (bytes.length !== VHD_DYNAMIC_HEADER_SIZE) {
    throw new RangeError(`VHD dynamic header must be ${VHD_DYNAMIC_HEADER_SIZE} bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tableOffset = view.getBigUint64(0x10); // Table Offset
  const checksum = view.getUint32(0x24); // Checksum
  return {
    cookieValid: ascii(bytes.subarray(0x00, 0x08)) === VHD_DYNAMIC_COOKIE, // Cookie
    tableOffset: tableOffset <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(tableOffset) : Number.NaN,
    headerVersion: view.getUint32(0x18), // Header Version
    maxTableEntries: view.getUint32(0x1c), // Max Table Entries
    blockSize: view.getUint32(0x20), // Block Size
    checksum,
    checksumValid: vhdChecksum(bytes, 0x24) === checksum,
  };
}
