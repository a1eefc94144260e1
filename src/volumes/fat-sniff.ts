/**
 * Cheap recognition of a FAT boot sector (the volume boot record of FAT12/16/32), used to tell
 * whether an EFI System Partition holds something UEFI firmware can read, and to tell a
 * whole-disk FAT filesystem from an MBR. Never throws; the FAT reader proper lives in fs/.
 */
export function sniffFatBootSector(sector: Uint8Array): 'FAT12' | 'FAT16' | 'FAT32' | 'FAT' | undefined {
  if (sector.length < 512 || sector[0x1fe] !== 0x55 || sector[0x1ff] !== 0xaa) return undefined;
  if (!(sector[0x00] === 0xeb || sector[0x00] === 0xe9)) return undefined; // BS_jmpBoot
  const text = (from: number, length: number): string => String.fromCharCode(...sector.subarray(from, from + length));
  if (text(0x03, 8) === 'EXFAT   ' || text(0x03, 8) === 'NTFS    ') return undefined; // BS_OEMName of non-FAT filesystems
  const bytesPerSector = sector[0x0b]! | (sector[0x0c]! << 8); // BPB_BytsPerSec
  const sectorsPerCluster = sector[0x0d]!; // BPB_SecPerClus
  const reservedSectors = sector[0x0e]! | (sector[0x0f]! << 8); // BPB_RsvdSecCnt
  const fatCount = sector[0x10]!; // BPB_NumFATs
  const bpbSane =
    [512, 1024, 2048, 4096].includes(bytesPerSector) &&
    sectorsPerCluster > 0 &&
    (sectorsPerCluster & (sectorsPerCluster - 1)) === 0 &&
    reservedSectors > 0 &&
    fatCount >= 1 &&
    fatCount <= 2;
  if (!bpbSane) return undefined;
  const fat16Label = text(0x36, 8); // BS_FilSysType (FAT12/16)
  const fat32Label = text(0x52, 8); // BS_FilSysType (FAT32)
  if (fat32Label.startsWith('FAT32')) return 'FAT32';
  if (fat16Label.startsWith('FAT12')) return 'FAT12';
  if (fat16Label.startsWith('FAT16')) return 'FAT16';
  return 'FAT';
}
