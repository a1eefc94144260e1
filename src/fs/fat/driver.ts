import { isMediumFailure } from '../../error-record.js';
import type { ByteSource } from '../../io/byte-source.js';
import type { FsDriver } from '../types.js';
import { BOOT_SECTOR_SIZE, hasBootJump } from './bpb.js';
import { isPowerOfTwo, le16 } from './bytes.js';
import { FatFilesystem } from './fat-fs.js';

/**
 * Whether the volume starts with a FAT boot sector: 0x55AA at 0x1FE, a jump instruction, and
 * BPB_BytsPerSec (0x0B), BPB_SecPerClus (0x0D) and BPB_NumFATs (0x10) plausible. exFAT and NTFS
 * have the same signature but zero BPB fields, so they do not match. Throws only when the medium fails.
 */
export async function probeFat(source: ByteSource): Promise<boolean> {
  try {
    if (source.size < BOOT_SECTOR_SIZE) return false;
    const b = await source.read(0, BOOT_SECTOR_SIZE);
    if (b[0x1fe] !== 0x55 || b[0x1ff] !== 0xaa || !hasBootJump(b)) return false;
    const bytesPerSector = le16(b, 0x0b);
    return isPowerOfTwo(bytesPerSector) && bytesPerSector >= 512 && bytesPerSector <= 4096 && isPowerOfTwo(b[0x0d]!) && b[0x10]! > 0;
  } catch (error) {
    if (isMediumFailure(error)) throw error;
    return false;
  }
}

/** The FAT12/16/32 reader as a filesystem driver. */
export const fatDriver: FsDriver = {
  type: 'vfat',
  probe: probeFat,
  open: (source) => FatFilesystem.open(source),
};
