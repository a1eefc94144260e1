import { FilesystemError, hex } from '../../errors.js';
import { be32, magic, magicText } from './bytes.js';

/** "XSLM": header of every block of a remote symlink on v5 filesystems. */
const XSLM_MAGIC = magic('XSLM');
/** struct xfs_dsymlink_hdr: magic, offset, bytes, crc, uuid, owner, blkno, lsn. */
export const SYMLINK_HEADER = 0x38;
/** sl_crc offset within the header. */
export const SYMLINK_CRC_OFFSET = 0xc;

/**
 * The target bytes one remote symlink block carries. v5 blocks start with an XSLM header
 * whose sl_offset must equal the bytes already gathered and sl_bytes says how many follow;
 * v4 blocks are bare target bytes. `want` is how many bytes are still needed.
 */
export function remoteSymlinkPiece(block: Uint8Array, base: number, hasCrc: boolean, gathered: number, want: number, ino: number): Uint8Array {
  if (!hasCrc) return block.subarray(0, Math.min(want, block.length));
  const fail = (field: string, at: number, detail: string) =>
    new FilesystemError('corrupt', `xfs inode ${ino} symlink block: ${field} at ${hex(base + at)} ${detail}`, { offset: base + at });
  const sl_magic = be32(block, 0x0, 'sl_magic');
  if (sl_magic !== XSLM_MAGIC) throw fail('sl_magic', 0, `is ${magicText(sl_magic)}, expected "XSLM"`);
  const sl_offset = be32(block, 0x4, 'sl_offset');
  const sl_bytes = be32(block, 0x8, 'sl_bytes');
  if (sl_offset !== gathered) throw fail('sl_offset', 0x4, `is ${sl_offset}, expected ${gathered}`);
  if (sl_bytes > block.length - SYMLINK_HEADER || sl_bytes > want) throw fail('sl_bytes', 0x8, `is ${sl_bytes}; at most ${Math.min(want, block.length - SYMLINK_HEADER)} fit`);
  return block.subarray(SYMLINK_HEADER, SYMLINK_HEADER + sl_bytes);
}
