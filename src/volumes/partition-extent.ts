import { hex } from '../errors.js';

/** Sector size of every disk we read (Azure disks are 512e). */
export const SECTOR = 512;

/** A partition's byte range on the disk, after bounds checks. */
export interface Extent {
  start: number;
  size: number;
}

/**
 * Turns a table's (first LBA, sector count) into a byte range inside the disk. A partition that
 * starts outside the disk is dropped and one that runs past the end is cut at the end, as Linux
 * does; either way a note says so. Returns undefined for dropped or empty partitions.
 */
export function partitionExtent(diskSize: number, firstLba: number, sectors: number, what: string, notes: string[]): Extent | undefined {
  const start = firstLba * SECTOR;
  const size = sectors * SECTOR;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(size) || sectors <= 0) {
    notes.push(`${what}: unusable extent (first LBA ${firstLba}, ${sectors} sectors); ignored`);
    return undefined;
  }
  if (start >= diskSize) {
    notes.push(`${what}: starts at ${hex(start)}, beyond the end of the disk (size ${diskSize}); ignored`);
    return undefined;
  }
  if (start + size > diskSize) {
    notes.push(`${what}: runs ${start + size - diskSize} bytes past the end of the disk (size ${diskSize}); cut at the end`);
    return { start, size: diskSize - start };
  }
  return { start, size };
}
