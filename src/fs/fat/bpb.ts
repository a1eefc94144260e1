import { FilesystemError, hex } from '../../errors.js';
import { isPowerOfTwo, le16, le32, u8 } from './bytes.js';

/** Bytes of the boot sector the BPB lives in (the smallest legal sector). */
export const BOOT_SECTOR_SIZE = 512;
/** Bytes of one directory entry. */
export const DIR_ENTRY_SIZE = 32;
/** Cluster counts below this are FAT12, below FAT16_LIMIT FAT16, else FAT32 (Microsoft FAT spec, "FAT Type Determination"). */
export const FAT12_LIMIT = 4085;
/** See FAT12_LIMIT. */
export const FAT16_LIMIT = 65525;

/** FAT12, FAT16 or FAT32, decided by the cluster count as the spec says (never by BS_FilSysType). */
export type FatType = 12 | 16 | 32;

/**
 * The BIOS parameter block and the extended boot record fields this reader uses, named as in
 * the Microsoft "FAT: General Overview of On-Disk Format" specification.
 */
export interface Bpb {
  /** 0x00 jump instruction: EB ?? 90 or E9 ?? ??. */
  BS_jmpBoot: number;
  /** 0x0B bytes per sector: 512, 1024, 2048 or 4096. */
  BPB_BytsPerSec: number;
  /** 0x0D sectors per cluster: a power of two up to 128. */
  BPB_SecPerClus: number;
  /** 0x0E sectors before the first FAT. */
  BPB_RsvdSecCnt: number;
  /** 0x10 number of FAT copies. */
  BPB_NumFATs: number;
  /** 0x11 entries in the fixed root directory (0 on FAT32). */
  BPB_RootEntCnt: number;
  /** 0x13 total sectors when < 0x10000, else 0. */
  BPB_TotSec16: number;
  /** 0x16 sectors per FAT on FAT12/16 (0 on FAT32). */
  BPB_FATSz16: number;
  /** 0x20 total sectors when BPB_TotSec16 is 0. */
  BPB_TotSec32: number;
  /** 0x24 sectors per FAT on FAT32 (read only when BPB_FATSz16 is 0). */
  BPB_FATSz32: number;
  /** 0x28 FAT32 flags: bit 7 set means only FAT number (bits 0-3) is active, the others are not mirrored. */
  BPB_ExtFlags: number;
  /** 0x2C first cluster of the FAT32 root directory. */
  BPB_RootClus: number;
  /** 0x26 (FAT12/16) or 0x42 (FAT32) extended boot signature: 0x29 (or 0x28) when the next fields are valid. */
  BS_BootSig: number;
  /** 0x27 / 0x43 volume serial number. */
  BS_VolID: number;
  /** 0x2B / 0x47 volume label, 11 bytes, trailing spaces removed. */
  BS_VolLab: string;
  /** 0x1FE must be 0xAA55 (bytes 55 AA). */
  Signature_word: number;
}

/** Where things are, in bytes from the start of the volume, derived from a validated BPB. */
export interface FatGeometry {
  type: FatType;
  /** Bytes per sector. */
  sectorSize: number;
  /** Bytes per cluster. */
  clusterSize: number;
  /** Offset of the FAT this reader uses: the first, or on FAT32 the active one when mirroring is off. */
  fatOffset: number;
  /** Bytes of one FAT. */
  fatBytes: number;
  /** Offset and size of the fixed root directory (FAT12/16; 0 bytes on FAT32). */
  rootDirOffset: number;
  rootDirBytes: number;
  /** Offset of cluster 2. */
  dataOffset: number;
  /** Data clusters: valid cluster numbers are 2 .. clusterCount + 1. */
  clusterCount: number;
  /** FAT32 root directory's first cluster (0 on FAT12/16). */
  rootCluster: number;
  /** Bytes the BPB says the volume spans. */
  volumeBytes: number;
}

/** Whether the fields at 0x24.. are the FAT32 extended BPB (BPB_FATSz16 == 0 means FAT32 layout). */
function isFat32Layout(bytes: Uint8Array): boolean {
  return le16(bytes, 0x16) === 0;
}

/** Trims the trailing spaces (and NULs) that pad 8.3 and label fields. */
export function trimPadded(text: string): string {
  return text.replace(/[ \0]+$/, '');
}

/** Parses the first 512 bytes of a FAT volume. Pure; checks only the length (see `fatGeometry`). */
export function parseBpb(bytes: Uint8Array): Bpb {
  if (bytes.length < BOOT_SECTOR_SIZE) {
    throw new FilesystemError('corrupt', `fat: boot sector needs ${BOOT_SECTOR_SIZE} bytes, got ${bytes.length}`, { offset: 0 });
  }
  const fat32 = isFat32Layout(bytes);
  const ext = fat32 ? 0x40 : 0x24; // extended boot record: BS_DrvNum is at 0x40 (FAT32) or 0x24
  return {
    BS_jmpBoot: u8(bytes, 0x00),
    BPB_BytsPerSec: le16(bytes, 0x0b),
    BPB_SecPerClus: u8(bytes, 0x0d),
    BPB_RsvdSecCnt: le16(bytes, 0x0e),
    BPB_NumFATs: u8(bytes, 0x10),
    BPB_RootEntCnt: le16(bytes, 0x11),
    BPB_TotSec16: le16(bytes, 0x13),
    BPB_FATSz16: le16(bytes, 0x16),
    BPB_TotSec32: le32(bytes, 0x20),
    BPB_FATSz32: fat32 ? le32(bytes, 0x24) : 0,
    BPB_ExtFlags: fat32 ? le16(bytes, 0x28) : 0,
    BPB_RootClus: fat32 ? le32(bytes, 0x2c) : 0,
    BS_BootSig: u8(bytes, ext + 0x02),
    BS_VolID: le32(bytes, ext + 0x03),
    BS_VolLab: trimPadded(Buffer.from(bytes.subarray(ext + 0x07, ext + 0x12)).toString('latin1')),
    Signature_word: le16(bytes, 0x1fe),
  };
}

/** Whether the jump instruction is one the spec allows (EB xx 90, or E9). */
export function hasBootJump(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xeb && bytes[2] === 0x90) || bytes[0] === 0xe9;
}

function corrupt(message: string, offset: number): FilesystemError {
  return new FilesystemError('corrupt', `fat: ${message}`, { offset });
}

/**
 * Validates the BPB against itself and the volume size and derives the layout. Throws
 * FilesystemError 'corrupt' naming the field and its offset.
 */
export function fatGeometry(bpb: Bpb, volumeSize: number): FatGeometry {
  if (bpb.Signature_word !== 0xaa55) throw corrupt(`boot sector signature is ${hex(bpb.Signature_word)}, expected 0xaa55`, 0x1fe);
  const sectorSize = bpb.BPB_BytsPerSec;
  if (!isPowerOfTwo(sectorSize) || sectorSize < 512 || sectorSize > 4096) {
    throw corrupt(`BPB_BytsPerSec is ${sectorSize}, expected 512, 1024, 2048 or 4096`, 0x0b);
  }
  if (!isPowerOfTwo(bpb.BPB_SecPerClus)) throw corrupt(`BPB_SecPerClus is ${bpb.BPB_SecPerClus}, expected a power of two`, 0x0d);
  if (bpb.BPB_RsvdSecCnt === 0) throw corrupt('BPB_RsvdSecCnt is 0, expected at least 1 (the boot sector)', 0x0e);
  if (bpb.BPB_NumFATs === 0) throw corrupt('BPB_NumFATs is 0, expected at least 1', 0x10);
  const fatSectors = bpb.BPB_FATSz16 || bpb.BPB_FATSz32;
  if (fatSectors === 0) throw corrupt('BPB_FATSz16 and BPB_FATSz32 are both 0', 0x24);
  const totalSectors = bpb.BPB_TotSec16 || bpb.BPB_TotSec32;
  if (totalSectors === 0) throw corrupt('BPB_TotSec16 and BPB_TotSec32 are both 0', 0x20);
  const rootDirSectors = Math.ceil((bpb.BPB_RootEntCnt * DIR_ENTRY_SIZE) / sectorSize);
  const metaSectors = bpb.BPB_RsvdSecCnt + bpb.BPB_NumFATs * fatSectors + rootDirSectors;
  if (metaSectors >= totalSectors) {
    throw corrupt(`reserved, FAT and root directory sectors (${metaSectors}) leave no data area in ${totalSectors} sectors`, bpb.BPB_TotSec16 ? 0x13 : 0x20);
  }
  const clusterCount = Math.floor((totalSectors - metaSectors) / bpb.BPB_SecPerClus);
  const type: FatType = clusterCount < FAT12_LIMIT ? 12 : clusterCount < FAT16_LIMIT ? 16 : 32;
  const fatBytes = fatSectors * sectorSize;
  // Entries 0 and 1 are reserved; a FAT must have one entry per data cluster after them.
  const neededFatBytes = Math.ceil(((clusterCount + 2) * type) / 8);
  if (fatBytes < neededFatBytes) {
    throw corrupt(`FAT${type} of ${fatBytes} bytes cannot map ${clusterCount} clusters (needs ${neededFatBytes})`, bpb.BPB_FATSz16 ? 0x16 : 0x24);
  }
  if (type === 32 && (bpb.BPB_FATSz16 !== 0 || bpb.BPB_RootEntCnt !== 0)) {
    throw corrupt(`${clusterCount} clusters make this FAT32, but the BPB has FAT12/16 fields (BPB_FATSz16 ${bpb.BPB_FATSz16}, BPB_RootEntCnt ${bpb.BPB_RootEntCnt})`, 0x11);
  }
  if (type !== 32 && bpb.BPB_RootEntCnt === 0) throw corrupt(`FAT${type} with BPB_RootEntCnt 0 has no root directory`, 0x11);
  if (type === 32 && (bpb.BPB_RootClus < 2 || bpb.BPB_RootClus > clusterCount + 1)) {
    throw corrupt(`BPB_RootClus ${bpb.BPB_RootClus} is outside the data clusters 2..${clusterCount + 1}`, 0x2c);
  }
  const volumeBytes = totalSectors * sectorSize;
  if (volumeBytes > volumeSize) {
    throw corrupt(`the BPB says ${totalSectors} sectors (${volumeBytes} bytes) but the volume has ${volumeSize} bytes`, bpb.BPB_TotSec16 ? 0x13 : 0x20);
  }
  const firstFat = bpb.BPB_RsvdSecCnt * sectorSize;
  const activeFat = activeFatNumber(bpb, type);
  const fatOffset = firstFat + activeFat * fatBytes;
  const rootDirOffset = firstFat + bpb.BPB_NumFATs * fatBytes;
  return {
    type,
    sectorSize,
    clusterSize: bpb.BPB_SecPerClus * sectorSize,
    fatOffset,
    fatBytes,
    rootDirOffset,
    rootDirBytes: type === 32 ? 0 : bpb.BPB_RootEntCnt * DIR_ENTRY_SIZE,
    dataOffset: rootDirOffset + rootDirSectors * sectorSize,
    clusterCount,
    rootCluster: type === 32 ? bpb.BPB_RootClus : 0,
    volumeBytes,
  };
}

/** FAT32 with mirroring off (BPB_ExtFlags bit 7) uses only FAT number bits 0-3; everything else uses FAT 0. */
function activeFatNumber(bpb: Bpb, type: FatType): number {
  if (type !== 32 || (bpb.BPB_ExtFlags & 0x80) === 0) return 0;
  const active = bpb.BPB_ExtFlags & 0x0f;
  if (active >= bpb.BPB_NumFATs) throw corrupt(`BPB_ExtFlags names FAT ${active} as the active one, but BPB_NumFATs is ${bpb.BPB_NumFATs}`, 0x28);
  return active;
}

/** The volume serial as blkid prints it: "ABCD-1234", upper-case hex. */
export function volumeIdString(id: number): string {
  const h = id.toString(16).toUpperCase().padStart(8, '0');
  return `${h.slice(0, 4)}-${h.slice(4)}`;
}
