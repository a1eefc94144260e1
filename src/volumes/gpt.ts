import { describeRecord, toleratedError } from '../error-record.js';
import { VolumeError, hex } from '../errors.js';
import { slice, type ByteSource } from '../io/byte-source.js';
import { crc32 } from './crc32.js';
import { parseGptEntries, type GptEntry } from './gpt-entries.js';
import { parseGptHeader, type GptHeader } from './gpt-header.js';
import { gptTypeName } from './partition-types.js';
import { SECTOR, partitionExtent } from './partition-extent.js';
import type { Partition } from './types.js';

/** A GPT as read: which header was used, the disk GUID and the partitions. */
export interface GptTable {
  header: GptHeader;
  used: 'primary' | 'backup';
  partitions: Partition[];
}

type Attempt = { header: GptHeader; entries: GptEntry[] } | { problem: string; offset: number };

/**
 * Reads the GPT: the primary header at LBA 1 with its entry array, both CRC32-checked; when
 * either fails, the backup header at the last LBA of the (virtual) disk, with a note saying
 * so. A bad backup next to a good primary is noted too. Throws VolumeError 'corrupt' only when
 * neither header can be used.
 */
export async function readGpt(disk: ByteSource, notes: string[]): Promise<GptTable> {
  const diskSectors = Math.floor(disk.size / SECTOR);
  const lastLba = diskSectors - 1;
  const primary = await tryHeader(disk, 1, diskSectors);
  const backup = lastLba > 1 ? await tryHeader(disk, lastLba, diskSectors) : { problem: 'the disk has no room for a backup header', offset: 0 };

  if ('header' in primary) {
    if ('problem' in backup) {
      const moved = primary.header.alternateLba !== lastLba
        ? ` (the primary header places it at LBA ${primary.header.alternateLba}: the disk was resized after partitioning)`
        : '';
      notes.push(`backup GPT header at LBA ${lastLba} (${hex(lastLba * SECTOR)}) is unusable: ${backup.problem}${moved}`);
    }
    return { header: primary.header, used: 'primary', partitions: toPartitions(disk, primary.entries, notes) };
  }
  if ('header' in backup) {
    notes.push(`primary GPT header at LBA 1 is unusable (${primary.problem} at ${hex(primary.offset)}): using the backup header at LBA ${lastLba} (${hex(lastLba * SECTOR)})`);
    return { header: backup.header, used: 'backup', partitions: toPartitions(disk, backup.entries, notes) };
  }
  throw new VolumeError(
    'corrupt',
    `the protective MBR announces a GPT, but neither GPT header can be used: primary at LBA 1: ${primary.problem}; backup at LBA ${lastLba}: ${backup.problem}`,
    { offset: primary.offset },
  );
}

/** A header whose sectors the container cannot deliver (a dynamic VHD block past the end of a cut file) is unusable, like a bad one: the other header may still be good. */
async function tryHeader(disk: ByteSource, lba: number, diskSectors: number): Promise<Attempt> {
  try {
    return await readHeader(disk, lba, diskSectors);
  } catch (error) {
    return { problem: `it cannot be read (${describeRecord(toleratedError(error))})`, offset: lba * SECTOR };
  }
}

async function readHeader(disk: ByteSource, lba: number, diskSectors: number): Promise<Attempt> {
  const at = lba * SECTOR;
  const parsed = parseGptHeader(await disk.read(at, SECTOR), lba, diskSectors);
  if ('problem' in parsed) return { problem: parsed.problem, offset: at + parsed.fieldOffset };
  const { header } = parsed;
  const array = await disk.read(header.entriesLba * SECTOR, header.entryCount * header.entrySize);
  const computed = crc32(array);
  if (computed !== header.entriesCrc32) {
    return {
      problem: `partition entry array CRC32 mismatch (stored 0x${header.entriesCrc32.toString(16)} at offset 0x58 of the header, computed 0x${computed.toString(16)})`,
      offset: header.entriesLba * SECTOR,
    };
  }
  return { header, entries: parseGptEntries(array, header.entryCount, header.entrySize) };
}

function toPartitions(disk: ByteSource, entries: GptEntry[], notes: string[]): Partition[] {
  const partitions: Partition[] = [];
  for (const entry of entries) {
    const what = `GPT partition ${entry.number}`;
    if (!(entry.lastLba >= entry.firstLba)) {
      notes.push(`${what}: last LBA ${entry.lastLba} is before first LBA ${entry.firstLba}; ignored`);
      continue;
    }
    const extent = partitionExtent(disk.size, entry.firstLba, entry.lastLba - entry.firstLba + 1, what, notes);
    if (!extent) continue;
    partitions.push({
      number: entry.number,
      ...extent,
      type: entry.typeGuid,
      typeName: gptTypeName(entry.typeGuid),
      label: entry.name,
      partUuid: entry.uniqueGuid,
      source: slice(disk, extent.start, extent.size, `partition ${entry.number}`),
    });
  }
  return partitions;
}
