import { hex } from '../errors.js';
import { PartitionTypes, type Partition, type PartitionTable } from './types.js';

/** What the filesystem probe found on a partition (the shape of model.ts FilesystemSummary, kept structural so volumes/ does not depend on the model). */
export interface ProbedFilesystem {
  partition?: number;
  type: string;
}

/** 'yes' boots; 'incomplete' has the layout but misses a piece (no boot code yet); 'no' cannot boot. */
export type BootVerdict = 'yes' | 'incomplete' | 'no';

/** How one firmware (BIOS for Hyper-V V1, UEFI for V2) would fare with this disk. */
export interface BootPath {
  verdict: BootVerdict;
  /** One sentence: why. */
  reason: string;
  /** Partitions and structures the verdict rests on ("partition 2 (EFI System) at 0x200000"). */
  evidence: string[];
}

/** What the partition layout offers each Hyper-V generation. Pure; shared by the BOOT-* rules. */
export interface BootLayout {
  /** Generation 1: BIOS loads the MBR boot code, which needs a BIOS-bootable layout. */
  bios: BootPath;
  /** Generation 2: UEFI with empty NVRAM looks for a FAT EFI System Partition on a GPT disk. */
  uefi: BootPath;
}

/** "partition 2 (EFI System) at 0x200000" */
export function describePartition(p: Partition): string {
  return `partition ${p.number} (${p.typeName}) at ${hex(p.start)}, ${p.size} bytes`;
}

/** EFI System Partitions by type: the GPT ESP GUID, or MBR type 0xEF. */
export function espPartitions(table: PartitionTable): Partition[] {
  return table.partitions.filter((p) => p.type === PartitionTypes.gptEsp || p.type === PartitionTypes.mbrEsp);
}

/** The ESP holds FAT: its first sector says so (volume layer), or the filesystem probe found vfat on it. */
export function espHasFat(esp: Partition, filesystems: ProbedFilesystem[]): boolean {
  if (esp.espFat !== undefined && esp.espFat !== 'none') return true;
  return filesystems.some((fs) => fs.partition === esp.number && /^(vfat|fat(12|16|32)?|msdos)$/i.test(fs.type));
}

export function analyseBootLayout(table: PartitionTable, filesystems: ProbedFilesystem[]): BootLayout {
  return { bios: biosPath(table), uefi: uefiPath(table, filesystems) };
}

function biosPath(table: PartitionTable): BootPath {
  const code = table.mbrBootCode ? 'boot code in bytes 0-439 of the MBR' : 'no boot code in the MBR (bytes 0-439 are zero)';
  if (table.scheme === 'none') return { verdict: 'no', reason: 'the disk has no partition table, so there is no MBR boot code to start', evidence: [] };
  if (table.scheme === 'mbr') {
    return table.mbrBootCode
      ? { verdict: 'yes', reason: 'MBR partition table with boot code', evidence: [code] }
      : { verdict: 'no', reason: 'MBR partition table without boot code: no boot loader was installed to the MBR', evidence: [code] };
  }
  const biosBoot = table.partitions.find((p) => p.type === PartitionTypes.gptBiosBoot);
  if (biosBoot) {
    const evidence = [describePartition(biosBoot), code];
    return table.mbrBootCode
      ? { verdict: 'yes', reason: 'GPT with a BIOS boot partition and boot code in the protective MBR', evidence }
      : { verdict: 'incomplete', reason: 'GPT with a BIOS boot partition, but the protective MBR holds no boot code (grub-install --target=i386-pc has not run on this disk)', evidence };
  }
  if (table.hybridMbr && table.mbrBootCode) {
    return { verdict: 'yes', reason: 'GPT with a hybrid MBR and boot code in it', evidence: ['hybrid MBR lists partitions besides the 0xEE entry', code] };
  }
  return {
    verdict: 'no',
    reason: 'GPT without a BIOS boot partition (type 21686148-6449-6E6F-744E-656564454649) or hybrid MBR: BIOS has nowhere to load a boot loader from',
    evidence: [code],
  };
}

function uefiPath(table: PartitionTable, filesystems: ProbedFilesystem[]): BootPath {
  const esps = espPartitions(table);
  const withFat = esps.find((p) => espHasFat(p, filesystems));
  if (table.scheme !== 'gpt') {
    const what = table.scheme === 'mbr' ? 'an MBR partition table' : 'no partition table';
    return { verdict: 'no', reason: `the disk has ${what}; Azure Generation 2 VMs need GPT`, evidence: esps.map(describePartition) };
  }
  if (esps.length === 0) return { verdict: 'no', reason: 'GPT without an EFI System Partition (type C12A7328-F81F-11D2-BA4B-00A0C93EC93B)', evidence: [] };
  if (!withFat) {
    return { verdict: 'no', reason: 'the EFI System Partition holds no FAT filesystem (no FAT boot sector in its first sector)', evidence: esps.map(describePartition) };
  }
  return { verdict: 'yes', reason: `GPT with a FAT EFI System Partition (partition ${withFat.number})`, evidence: [describePartition(withFat)] };
}
