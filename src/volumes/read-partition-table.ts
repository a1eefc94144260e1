import type { ByteSource } from '../io/byte-source.js';
import { sniffFatBootSector } from './fat-sniff.js';
import { readGpt } from './gpt.js';
import { isUsed, parseMbr, statusBytesValid } from './mbr.js';
import { readMbrPartitions } from './mbr-table.js';
import { MBR_PROTECTIVE_TYPE } from './partition-types.js';
import { SECTOR } from './partition-extent.js';
import { PartitionTypes, type Partition, type PartitionTable } from './types.js';

/**
 * Reads the partition table of a virtual disk: GPT when sector 0 is a (protective or hybrid)
 * MBR with a 0xEE entry, MBR otherwise, and scheme 'none' (no partitions: the caller probes the
 * whole disk) when sector 0 is no partition table at all. Throws VolumeError only when a GPT is
 * announced and neither of its headers can be used.
 */
export async function readPartitionTable(disk: ByteSource): Promise<PartitionTable> {
  const notes: string[] = [];
  const none = (note?: string): PartitionTable => ({ scheme: 'none', mbrBootCode: false, notes: note ? [note] : [], partitions: [] });
  if (disk.size < SECTOR) return none(`the disk is ${disk.size} bytes, smaller than one sector`);
  const sector0 = await disk.read(0, SECTOR);
  const mbr = parseMbr(sector0);
  if (!mbr.signatureValid) return none();
  const fat = sniffFatBootSector(sector0);
  if (fat) return none(`sector 0 is a ${fat} boot sector: a filesystem on the whole disk, not a partition table`);
  if (!statusBytesValid(mbr)) return none('sector 0 ends in 0x55AA but its partition entries have invalid boot indicators: not a partition table');
  const used = mbr.entries.filter(isUsed);
  if (used.length === 0) return none('sector 0 has the 0x55AA signature but lists no partitions');

  const mbrBootCode = mbr.bootCode;
  if (used.some((e) => e.type === MBR_PROTECTIVE_TYPE)) {
    const gpt = await readGpt(disk, notes);
    const hybridMbr = used.some((e) => e.type !== MBR_PROTECTIVE_TYPE);
    await markEsps(gpt.partitions);
    return {
      scheme: 'gpt',
      diskId: gpt.header.diskGuid,
      mbrBootCode,
      gptHeader: gpt.used,
      hybridMbr,
      notes,
      partitions: gpt.partitions,
    };
  }
  const partitions = await readMbrPartitions(disk, mbr, notes);
  if (partitions.some((p) => p.type === '0xa5' || p.type === '0xa6' || p.type === '0xa9')) {
    notes.push('a BSD partition (0xa5/0xa6/0xa9) may hold a nested BSD disklabel; its slices are not read');
  }
  await markEsps(partitions);
  return {
    scheme: 'mbr',
    diskId: mbr.diskSignature.toString(16).padStart(8, '0'),
    mbrBootCode,
    notes,
    partitions,
  };
}

/** Reads the first sector of every EFI System partition to say whether a FAT filesystem is there. */
async function markEsps(partitions: Partition[]): Promise<void> {
  for (const p of partitions) {
    if (p.type !== PartitionTypes.gptEsp && p.type !== PartitionTypes.mbrEsp) continue;
    p.espFat = p.size >= SECTOR ? (sniffFatBootSector(await p.source.read(0, SECTOR)) ?? 'none') : 'none';
  }
}
