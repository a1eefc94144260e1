import { hex } from '../errors.js';

/** BAT entry value of a block that was never written: it reads as zeros. */
export const BAT_UNALLOCATED = 0xffffffff;

/** Layout of one dynamic disk's blocks, derived from the header. */
export interface BlockGeometry {
  /** Data bytes per block (header offset 0x20). */
  blockSize: number;
  /** Bytes of the sector bitmap that precedes each block's data, padded to a 512-byte sector. */
  bitmapSize: number;
}

/** The sector bitmap holds one bit per 512-byte sector, padded to a whole sector (VHD spec, "Block Allocation Table and Data Blocks"). */
export function blockGeometry(blockSize: number): BlockGeometry {
  const sectors = blockSize / 512;
  return { blockSize, bitmapSize: Math.ceil(Math.ceil(sectors / 8) / 512) * 512 };
}

/** The Block Allocation Table: one big-endian sector number per block, and which entries point outside the file. */
export interface Bat {
  /** Absolute file offset of the table (header offset 0x10). */
  tableOffset: number;
  /** Sector number of each block's bitmap, or BAT_UNALLOCATED. */
  entries: Uint32Array;
  /** Indexes of entries whose bitmap+data would run past the data area of the file. */
  outOfBounds: Set<number>;
}

/**
 * Parses `count` BAT entries (4 bytes each, big-endian) and bounds-checks every allocated one
 * against `dataEnd` (the file size minus the footer): a block must lie wholly inside the file.
 */
export function parseBat(bytes: Uint8Array, tableOffset: number, geometry: BlockGeometry, dataEnd: number): Bat {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = Math.floor(bytes.length / 4);
  const entries = new Uint32Array(count);
  const outOfBounds = new Set<number>();
  for (let i = 0; i < count; i++) {
    const sector = view.getUint32(i * 4);
    entries[i] = sector;
    if (sector === BAT_UNALLOCATED) continue;
    const end = sector * 512 + geometry.bitmapSize + geometry.blockSize;
    if (end > dataEnd) outOfBounds.add(i);
  }
  return { tableOffset, entries, outOfBounds };
}

/** A short human description of the bad entries, for ContainerInfo.notes. */
export function describeOutOfBounds(bat: Bat, fileSize: number): string | undefined {
  if (bat.outOfBounds.size === 0) return undefined;
  const shown = [...bat.outOfBounds].slice(0, 3).map((i) => `entry ${i} (at ${hex(bat.tableOffset + i * 4)}) -> sector ${hex(bat.entries[i]!)}`);
  const more = bat.outOfBounds.size > 3 ? ` and ${bat.outOfBounds.size - 3} more` : '';
  return `VHD BAT: ${bat.outOfBounds.size} block(s) point past the end of the file (size ${fileSize}): ${shown.join(', ')}${more}; reading them fails`;
}
