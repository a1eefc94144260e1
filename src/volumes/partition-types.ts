/**
 * Human names for partition types, as fdisk/sfdisk print them (with "extended" for 0x05, as
 * the volumes contract names it). Unknown types are named by their code.
 */
const gptNames: Record<string, string> = {
  'c12a7328-f81f-11d2-ba4b-00a0c93ec93b': 'EFI System',
  '21686148-6449-6e6f-744e-656564454649': 'BIOS boot',
  '0fc63daf-8483-4772-8e79-3d69d8477de4': 'Linux filesystem',
  'e6d6d379-f507-44c2-a23c-238f2a3df928': 'Linux LVM',
  '0657fd6d-a4ab-43c4-84e5-0933c84b4f4f': 'Linux swap',
  'a19d880f-05fc-4d3b-a006-743f0f84911e': 'Linux RAID',
  '933ac7e1-2eb4-4f13-b844-0e14e2aef915': 'Linux home',
  '4f68bce3-e8cd-4db1-96e7-fbcaf984b709': 'Linux root (x86-64)',
  'b921b045-1df0-41c3-af44-4c6f280d3fae': 'Linux root (ARM-64)',
  '8484680c-9521-48c6-9c11-b0720656f69e': 'Linux /usr (x86-64)',
  'b0e01050-ee5f-4390-949a-9101b17104e9': 'Linux /usr (ARM-64)',
  'bc13c2ff-59e6-4262-a352-b275fd6f7172': 'Linux extended boot',
  '8da63339-0007-60c0-c436-083ac8230908': 'Linux reserved',
  'ca7d7ccb-63ed-4c53-861c-1742536059cc': 'Linux LUKS',
  'ebd0a0a2-b9e5-4433-87c0-68b6b72699c7': 'Microsoft basic data',
  'e3c9e316-0b5c-4db8-817d-f92df00215ae': 'Microsoft reserved',
  'de94bba4-06d1-4d40-a16a-bfd50179d6ac': 'Windows recovery environment',
  '516e7cb4-6ecf-11d6-8ff8-00022d09712b': 'FreeBSD data',
  '6a898cc3-1dd2-11b2-99a6-080020736631': 'Solaris /usr & Apple ZFS',
};

const mbrNames: Record<number, string> = {
  0x01: 'FAT12',
  0x04: 'FAT16 <32M',
  0x05: 'extended',
  0x06: 'FAT16',
  0x07: 'HPFS/NTFS/exFAT',
  0x0b: 'W95 FAT32',
  0x0c: 'W95 FAT32 (LBA)',
  0x0e: 'W95 FAT16 (LBA)',
  0x0f: "W95 Ext'd (LBA)",
  0x82: 'Linux swap / Solaris',
  0x83: 'Linux',
  0x85: 'Linux extended',
  0x8e: 'Linux LVM',
  0xa5: 'FreeBSD',
  0xa6: 'OpenBSD',
  0xa9: 'NetBSD',
  0xee: 'GPT',
  0xef: 'EFI (FAT-12/16/32)',
  0xfd: 'Linux raid autodetect',
};

/** MBR types whose partition holds a chain of EBRs (logical partitions). */
export const MBR_EXTENDED_TYPES: ReadonlySet<number> = new Set([0x05, 0x0f, 0x85]);

/** The GPT protective-MBR type. */
export const MBR_PROTECTIVE_TYPE = 0xee;

/** MBR type byte as the contract spells it: "0x83". */
export function mbrTypeCode(type: number): string {
  return `0x${type.toString(16).padStart(2, '0')}`;
}

export function mbrTypeName(type: number): string {
  return mbrNames[type] ?? `unknown (${mbrTypeCode(type)})`;
}

export function gptTypeName(guid: string): string {
  return gptNames[guid] ?? `unknown (${guid})`;
}
