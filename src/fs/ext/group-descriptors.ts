import { FilesystemError } from '../../errors.js';
import { joinHiLo, le16, le32 } from './bytes.js';
import { INCOMPAT, RO_COMPAT, type Geometry, type Superblock } from './superblock.js';

/** The group descriptor fields this reader uses (struct ext4_group_desc). */
export interface GroupDescriptor {
  /** 0x8 (+0x28 hi with 64-byte descriptors) first block of the group's inode table. */
  bg_inode_table: number;
  /** 0x12 flags (INODE_UNINIT 0x1, BLOCK_UNINIT 0x2, INODE_ZEROED 0x4). */
  bg_flags: number;
}

/** Parses one descriptor of `descSize` (32 or ≥64) bytes. Pure. */
export function parseGroupDescriptor(bytes: Uint8Array, descSize: number): GroupDescriptor {
  const lo = le32(bytes, 0x8, 'bg_inode_table_lo');
  const hi = descSize >= 64 ? le32(bytes, 0x28, 'bg_inode_table_hi') : 0;
  return { bg_inode_table: joinHiLo(hi, lo), bg_flags: le16(bytes, 0x12, 'bg_flags') };
}

/** Whether group `g` carries a superblock copy (sparse_super: groups 0, 1 and powers of 3, 5, 7). */
export function groupHasSuper(sb: Superblock, g: number): boolean {
  if (g <= 1 || !(sb.s_feature_ro_compat & RO_COMPAT.SPARSE_SUPER)) return true;
  for (const base of [3, 5, 7]) {
    let p = base;
    while (p < g) p *= base;
    if (p === g) return true;
  }
  return false;
}

/**
 * Byte offset of group `g`'s descriptor. Without meta_bg the table follows the superblock's
 * block; with meta_bg, groups from s_first_meta_bg on keep one descriptor block in the first
 * group of each meta group (after that group's superblock copy, if any).
 */
export function groupDescriptorOffset(sb: Superblock, geo: Geometry, g: number): number {
  if (g < 0 || g >= geo.groupCount) {
    throw new FilesystemError('corrupt', `ext: block group ${g} does not exist (${geo.groupCount} groups)`);
  }
  const perBlock = geo.blockSize / geo.descSize;
  const metaGroup = Math.floor(g / perBlock);
  const within = (g % perBlock) * geo.descSize;
  // bigalloc with 1 KiB blocks has s_first_data_block 0 although the superblock is block 1.
  const zeroAdjust = sb.s_first_data_block === 0 && geo.blockSize === 1024 ? 1 : 0;
  let block: number;
  if (!(sb.s_feature_incompat & INCOMPAT.META_BG) || metaGroup < sb.s_first_meta_bg) {
    block = sb.s_first_data_block + zeroAdjust + 1 + metaGroup;
  } else {
    const first = metaGroup * perBlock;
    block = sb.s_first_data_block + first * sb.s_blocks_per_group + (groupHasSuper(sb, first) ? 1 : 0) + (first === 0 ? zeroAdjust : 0);
  }
  return block * geo.blockSize + within;
}
