import { hex } from '../errors.js';
import { slice, type ByteSource } from '../io/byte-source.js';
import { MBR_EXTENDED_TYPES, mbrTypeCode, mbrTypeName } from './partition-types.js';
import { isUsed, mbrPartUuid, parseMbr, type MbrEntry, type MbrSector } from './mbr.js';
import { SECTOR, partitionExtent } from './partition-extent.js';
import type { Partition } from './types.js';

/** Linux stops at 256 partitions per disk; more logical partitions than that is a corrupt chain. */
const MAX_LOGICAL = 252;
/** EBRs we are willing to read in one chain, data partitions or not (Linux gives up after 100 empty ones). */
const MAX_EBRS = 512;

/**
 * The partitions of an MBR disk: primaries 1-4 as listed (the extended one included, as Linux
 * lists it), then the logical partitions of the first extended partition, numbered from 5 by
 * walking its chain of EBRs. Loops, links out of the extended partition and absurd chains
 * stop the walk with a note; what was found until then is kept.
 */
export async function readMbrPartitions(disk: ByteSource, mbr: MbrSector, notes: string[]): Promise<Partition[]> {
  const partitions: Partition[] = [];
  let extended: { entry: MbrEntry; number: number } | undefined;
  for (const entry of mbr.entries) {
    if (!isUsed(entry)) continue;
    const number = entry.index + 1;
    const partition = makePartition(disk, mbr.diskSignature, number, entry, entry.firstLba, notes);
    if (partition) partitions.push(partition);
    if (MBR_EXTENDED_TYPES.has(entry.type)) {
      if (extended) notes.push(`MBR partition ${number} is a second extended partition; only partition ${extended.number}'s logical partitions are read, as Linux does`);
      else extended = { entry, number };
    }
  }
  if (extended) partitions.push(...(await readLogical(disk, mbr.diskSignature, extended.entry, notes)));
  return partitions;
}

async function readLogical(disk: ByteSource, diskSignature: number, ext: MbrEntry, notes: string[]): Promise<Partition[]> {
  const logical: Partition[] = [];
  const extStart = ext.firstLba;
  const extEnd = ext.firstLba + ext.sectors;
  const visited = new Set<number>();
  let ebrLba = extStart;
  let ebrSectors = ext.sectors;
  let nextNumber = 5;
  for (let reads = 0; ; reads++) {
    if (reads >= MAX_EBRS) {
      notes.push(`MBR extended partition: stopped after ${MAX_EBRS} EBRs; the chain is corrupt`);
      break;
    }
    if (visited.has(ebrLba)) {
      notes.push(`MBR extended partition: EBR chain loops back to LBA ${ebrLba} (${hex(ebrLba * SECTOR)}); stopped after ${logical.length} logical partition(s)`);
      break;
    }
    visited.add(ebrLba);
    if ((ebrLba + 1) * SECTOR > disk.size) {
      notes.push(`MBR extended partition: EBR at LBA ${ebrLba} lies beyond the end of the disk; stopped`);
      break;
    }
    const ebr = parseMbr(await disk.read(ebrLba * SECTOR, SECTOR));
    if (!ebr.signatureValid) {
      notes.push(`MBR extended partition: no 0x55AA signature in the EBR at ${hex(ebrLba * SECTOR + 0x1fe)}; stopped after ${logical.length} logical partition(s)`);
      break;
    }
    for (const entry of ebr.entries) {
      if (!isUsed(entry) || MBR_EXTENDED_TYPES.has(entry.type)) continue;
      // Entries 3 and 4 of an EBR are often garbage: Linux takes them only when they fit this EBR's window.
      if (entry.index >= 2 && entry.firstLba + entry.sectors > ebrSectors) continue;
      if (nextNumber - 5 >= MAX_LOGICAL) {
        notes.push(`MBR extended partition: more than ${MAX_LOGICAL} logical partitions; the rest are ignored`);
        return logical;
      }
      const number = nextNumber++; // a dropped partition still uses its number, as in Linux
      const partition = makePartition(disk, diskSignature, number, entry, ebrLba + entry.firstLba, notes);
      if (partition) logical.push(partition);
    }
    const link = ebr.entries.find((e) => isUsed(e) && MBR_EXTENDED_TYPES.has(e.type));
    if (!link) break;
    const next = extStart + link.firstLba; // EBR links are relative to the start of the extended partition
    if (next < extStart || next >= extEnd) {
      notes.push(`MBR extended partition: EBR at LBA ${ebrLba} links to LBA ${next}, outside the extended partition (LBA ${extStart}-${extEnd - 1}); stopped`);
      break;
    }
    ebrLba = next;
    ebrSectors = link.sectors;
  }
  return logical;
}

function makePartition(disk: ByteSource, diskSignature: number, number: number, entry: MbrEntry, firstLba: number, notes: string[]): Partition | undefined {
  const extent = partitionExtent(disk.size, firstLba, entry.sectors, `MBR partition ${number}`, notes);
  if (!extent) return undefined;
  return {
    number,
    ...extent,
    type: mbrTypeCode(entry.type),
    typeName: mbrTypeName(entry.type),
    partUuid: mbrPartUuid(diskSignature, number),
    bootable: entry.status === 0x80,
    source: slice(disk, extent.start, extent.size, `partition ${number}`),
  };
}
