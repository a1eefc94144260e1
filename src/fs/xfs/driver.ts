import { isMediumFailure } from '../../error-record.js';
import type { ByteSource } from '../../io/byte-source.js';
import type { FsDriver } from '../types.js';
import { be32 } from './bytes.js';
import { XFS_SB_MAGIC } from './superblock.js';
import { XfsFilesystem } from './xfs-fs.js';

/** Whether the volume starts with the XFS superblock magic "XFSB". Throws only when the medium fails. */
export async function probeXfs(source: ByteSource): Promise<boolean> {
  try {
    if (source.size < 4) return false;
    return be32(await source.read(0, 4), 0) === XFS_SB_MAGIC;
  } catch (error) {
    if (isMediumFailure(error)) throw error;
    return false;
  }
}

/** The XFS (v4 and v5) reader as a filesystem driver. */
export const xfsDriver: FsDriver = {
  type: 'xfs',
  probe: probeXfs,
  open: (source) => XfsFilesystem.open(source),
};
