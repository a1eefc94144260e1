import { FilesystemError, hex } from '../../errors.js';
import { be16, be32, be64, magic, magicText } from './bytes.js';
import type { RawDirEntry } from './dir-entry.js';

/** Data block magics: v4 block ("XD2B") and data ("XD2D"), v5 block ("XDB3") and data ("XDD3"). */
const BLOCK_MAGICS = new Set([magic('XD2B'), magic('XDB3')]);
const DATA_MAGICS = new Set([magic('XD2D'), magic('XDD3')]);
/** Data header: magic + 3 bestfree pairs (v4, 0x10); v5 adds a CRC'd block header and padding (0x40). */
const HEADER_V4 = 0x10;
const HEADER_V5 = 0x40;
/** Offset of the CRC in a v5 directory block header (struct xfs_dir3_blk_hdr). */
export const DIR3_CRC_OFFSET = 0x4;
/** Tag of an unused region. */
const FREE_TAG = 0xffff;
/** Bytes of the tail (count, stale) and of one leaf entry (hashval, address) in a block-format block. */
const BLOCK_TAIL = 8;
const LEAF_ENTRY = 8;

/** Directory blocks at logical byte offsets below this hold entries; leaf and free-index blocks lie beyond. */
export const XFS_DIR2_LEAF_OFFSET = 32 * 1024 ** 3;

/**
 * Parses the entries of one directory data block (block-format "XD2B"/"XDB3" or leaf/node
 * data block "XD2D"/"XDD3"). Unused regions (tag 0xFFFF) are skipped by their length. In a
 * block-format block, entries end where the leaf array before the tail begins. `base` is the
 * block's volume offset.
 */
export function parseDataBlock(block: Uint8Array, base: number, hasCrc: boolean, hasFtype: boolean, ino: number): RawDirEntry[] {
  const fail = (field: string, at: number, detail: string) =>
    new FilesystemError('corrupt', `xfs inode ${ino} directory block at ${hex(base)}: ${field} at ${hex(base + at)} ${detail}`, { offset: base + at });
  const blockMagic = be32(block, 0x0, 'magic');
  const isBlockFormat = BLOCK_MAGICS.has(blockMagic);
  if (!isBlockFormat && !DATA_MAGICS.has(blockMagic)) throw fail('magic', 0, `is ${magicText(blockMagic)}, expected a directory data block magic (XDB3/XDD3/XD2B/XD2D)`);
  if (hasCrc !== (blockMagic === magic('XDB3') || blockMagic === magic('XDD3'))) {
    throw fail('magic', 0, `is ${magicText(blockMagic)}, the wrong version for a v${hasCrc ? 5 : 4} filesystem`);
  }
  const header = hasCrc ? HEADER_V5 : HEADER_V4;
  let end = block.length;
  if (isBlockFormat) {
    const count = be32(block, block.length - BLOCK_TAIL, 'block tail count');
    end = block.length - BLOCK_TAIL - count * LEAF_ENTRY;
    if (end < header) throw fail('block tail count', block.length - BLOCK_TAIL, `is ${count}; that many leaf entries do not fit in the block`);
  }
  const entries: RawDirEntry[] = [];
  for (let at = header; at < end; ) {
    if (end - at < 8) throw fail('entry', at, `leaves ${end - at} bytes, too few for an entry`);
    if (be16(block, at, 'freetag') === FREE_TAG) {
      const length = be16(block, at + 2, 'unused length');
      if (length < 8 || length % 8 !== 0 || at + length > end) throw fail('unused length', at + 2, `is ${length}; expected a multiple of 8 within the block`);
      at += length;
      continue;
    }
    const namelen = block[at + 8]!;
    const size = Math.ceil((8 + 1 + namelen + (hasFtype ? 1 : 0) + 2) / 8) * 8;
    if (namelen === 0 || at + size > end) throw fail('namelen', at + 8, `is ${namelen}; the entry would run past the data area`);
    entries.push({
      ino: be64(block, at, 'inumber'),
      name: block.subarray(at + 9, at + 9 + namelen),
      ftype: hasFtype ? block[at + 9 + namelen] : undefined,
    });
    at += size;
  }
  return entries;
}
