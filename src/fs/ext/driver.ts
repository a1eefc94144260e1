import { isMediumFailure } from '../../error-record.js';
import type { ByteSource } from '../../io/byte-source.js';
import type { FsDriver } from '../types.js';
import { le16 } from './bytes.js';
import { ExtFilesystem } from './ext-fs.js';
import { EXT_MAGIC, SUPERBLOCK_OFFSET } from './superblock.js';

/** Whether the volume carries the ext superblock magic 0xEF53 at 1024 + 0x38. Throws only when the medium fails. */
export async function probeExt(source: ByteSource): Promise<boolean> {
  try {
    if (source.size < SUPERBLOCK_OFFSET + 0x3a) return false;
    return le16(await source.read(SUPERBLOCK_OFFSET + 0x38, 2), 0) === EXT_MAGIC;
  } catch (error) {
    if (isMediumFailure(error)) throw error;
    return false;
  }
}

/** The ext2/ext3/ext4 reader as a filesystem driver. */
export const extDriver: FsDriver = {
  type: 'ext4',
  probe: probeExt,
  open: (source) => ExtFilesystem.open(source),
};
