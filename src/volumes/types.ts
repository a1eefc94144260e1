import type { ByteSource } from '../io/byte-source.js';

/** One partition, as a slice of the virtual disk. */
export interface Partition {
  /** Linux numbering: 1-4 primary MBR, 5+ logical, GPT entry index + 1. */
  number: number;
  /** Byte offset of the first sector on the virtual disk. */
  start: number;
  /** Size in bytes. */
  size: number;
  /** MBR type as "0x83", or GPT type GUID in lower-case canonical form. */
  type: string;
  /** Human name of the type: "Linux filesystem", "EFI System", "BIOS boot", "Linux LVM", "extended". */
  typeName: string;
  /** GPT partition name (PARTLABEL). */
  label?: string;
  /** GPT unique partition GUID, or MBR "<disk signature>-<NN>" as Linux forms PARTUUID. */
  partUuid?: string;
  /** MBR boot flag (0x80). */
  bootable?: boolean;
  /** The partition's bytes. */
  source: ByteSource;
  /**
   * EFI System partitions only (GPT ESP GUID or MBR 0xEF): the FAT variant its first sector
   * announces (0x55AA, jump, sane BPB), or 'none' when it holds no FAT boot sector.
   */
  espFat?: 'FAT12' | 'FAT16' | 'FAT32' | 'FAT' | 'none';
}

/** The partition table of the virtual disk. */
export interface PartitionTable {
  /** 'none' means no table: the whole disk is probed as one volume. */
  scheme: 'mbr' | 'gpt' | 'none';
  /** GPT disk GUID, or MBR disk signature as 8 hex digits. */
  diskId?: string;
  /** MBR bytes 0-439 hold boot code (not all zero) and 0x55AA is at 510. */
  mbrBootCode: boolean;
  /** GPT only: which header was used. 'backup' means the primary was unreadable or failed its CRC. */
  gptHeader?: 'primary' | 'backup';
  /** GPT disk with an MBR that lists real partitions besides the protective 0xEE entry. */
  hybridMbr?: boolean;
  /** Non-fatal observations ("primary GPT header CRC mismatch at 0x200: using the backup at LBA n"). */
  notes: string[];
  partitions: Partition[];
}

/** Well-known partition type identifiers (GPT GUIDs lower-case, MBR as 0xNN). */
export const PartitionTypes = {
  gptEsp: 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b',
  gptBiosBoot: '21686148-6449-6e6f-744e-656564454649',
  gptLinuxFs: '0fc63daf-8483-4772-8e79-3d69d8477de4',
  gptLinuxLvm: 'e6d6d379-f507-44c2-a23c-238f2a3df928',
  gptLinuxSwap: '0657fd6d-a4ab-43c4-84e5-0933c84b4f4f',
  mbrEsp: '0xef',
  mbrLinux: '0x83',
  mbrSwap: '0x82',
  mbrLvm: '0x8e',
  mbrProtective: '0xee',
} as const;
