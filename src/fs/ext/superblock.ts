import { FilesystemError, hex } from '../../errors.js';
import { allZero, fixedString, joinHiLo, le16, le32, uuidString } from './bytes.js';

/** The primary superblock always starts 1024 bytes into the volume, whatever the block size. */
export const SUPERBLOCK_OFFSET = 1024;
/** Bytes of the superblock structure. */
export const SUPERBLOCK_SIZE = 1024;
/** s_magic value. */
export const EXT_MAGIC = 0xef53;

/** s_feature_compat bits we look at. */
export const COMPAT_HAS_JOURNAL = 0x4;

/** s_feature_incompat bits (ext4 disk layout, "Super Block" section). */
export const INCOMPAT = {
  COMPRESSION: 0x1,
  FILETYPE: 0x2,
  RECOVER: 0x4,
  JOURNAL_DEV: 0x8,
  META_BG: 0x10,
  EXTENTS: 0x40,
  '64BIT': 0x80,
  MMP: 0x100,
  FLEX_BG: 0x200,
  EA_INODE: 0x400,
  DIRDATA: 0x1000,
  CSUM_SEED: 0x2000,
  LARGEDIR: 0x4000,
  INLINE_DATA: 0x8000,
  ENCRYPT: 0x10000,
  CASEFOLD: 0x20000,
} as const;

/** s_feature_ro_compat bits we look at. */
export const RO_COMPAT = {
  SPARSE_SUPER: 0x1,
  LARGE_FILE: 0x2,
  BTREE_DIR: 0x4,
  /** Allocation in clusters of 2^n blocks; extents still count blocks. */
  BIGALLOC: 0x200,
} as const;

/**
 * Incompat features this reader understands. Everything else (compression, dirdata, a
 * journal device, bits newer than this code) changes the on-disk layout in ways we would
 * misread, so opening refuses them by name.
 */
const READABLE_INCOMPAT =
  INCOMPAT.FILETYPE |
  INCOMPAT.RECOVER |
  INCOMPAT.META_BG |
  INCOMPAT.EXTENTS |
  INCOMPAT['64BIT'] |
  INCOMPAT.MMP |
  INCOMPAT.FLEX_BG |
  INCOMPAT.EA_INODE |
  INCOMPAT.CSUM_SEED |
  INCOMPAT.LARGEDIR |
  INCOMPAT.INLINE_DATA |
  INCOMPAT.ENCRYPT |
  INCOMPAT.CASEFOLD;

/** Names for the unreadable incompat bits, as mke2fs/tune2fs spell them. */
const INCOMPAT_NAMES: Record<number, string> = {
  0x1: 'compression',
  0x8: 'journal_dev',
  0x1000: 'dirdata',
};

/** blkid's ext2/ext3 "supported" masks: any feature outside them makes the filesystem ext4. */
const EXT3_INCOMPAT_SUPP = INCOMPAT.FILETYPE | INCOMPAT.RECOVER | INCOMPAT.META_BG;
const EXT3_RO_COMPAT_SUPP = RO_COMPAT.SPARSE_SUPER | RO_COMPAT.LARGE_FILE | RO_COMPAT.BTREE_DIR;

/** The superblock fields this reader uses, named as in the kernel's struct ext4_super_block. */
export interface Superblock {
  /** 0x0 total inodes. */
  s_inodes_count: number;
  /** 0x4 (+0x150 hi with 64bit) total blocks. */
  s_blocks_count: number;
  /** 0x14 block number of the block holding the superblock (1 for 1 KiB blocks, else 0). */
  s_first_data_block: number;
  /** 0x18 block size is 1024 << s_log_block_size. */
  s_log_block_size: number;
  /** 0x1C cluster size is 1024 << s_log_cluster_size (bigalloc). */
  s_log_cluster_size: number;
  /** 0x20 blocks per group. */
  s_blocks_per_group: number;
  /** 0x28 inodes per group. */
  s_inodes_per_group: number;
  /** 0x38 must be 0xEF53. */
  s_magic: number;
  /** 0x4C revision: 0 = original (128-byte inodes), 1 = dynamic. */
  s_rev_level: number;
  /** 0x58 inode record size (dynamic revision only). */
  s_inode_size: number;
  /** 0x5C compatible features. */
  s_feature_compat: number;
  /** 0x60 incompatible features. */
  s_feature_incompat: number;
  /** 0x64 read-only-compatible features. */
  s_feature_ro_compat: number;
  /** 0x68 volume UUID, canonical form; undefined when all zero. */
  s_uuid?: string;
  /** 0x78 volume label; undefined when empty. */
  s_volume_name?: string;
  /** 0xFE group descriptor size (64bit only). */
  s_desc_size: number;
  /** 0x104 first meta block group (meta_bg only). */
  s_first_meta_bg: number;
}

/** Parses the 1024-byte superblock. Pure; checks only the length (see `checkGeometry`). */
export function parseSuperblock(bytes: Uint8Array): Superblock {
  if (bytes.length < SUPERBLOCK_SIZE) {
    throw new FilesystemError('corrupt', `ext: superblock needs ${SUPERBLOCK_SIZE} bytes, got ${bytes.length}`, { offset: SUPERBLOCK_OFFSET });
  }
  const s_feature_incompat = le32(bytes, 0x60);
  const is64 = (s_feature_incompat & INCOMPAT['64BIT']) !== 0;
  const uuid = bytes.subarray(0x68, 0x78);
  const label = fixedString(bytes.subarray(0x78, 0x88));
  return {
    s_inodes_count: le32(bytes, 0x0),
    s_blocks_count: joinHiLo(is64 ? le32(bytes, 0x150) : 0, le32(bytes, 0x4)),
    s_first_data_block: le32(bytes, 0x14),
    s_log_block_size: le32(bytes, 0x18),
    s_log_cluster_size: le32(bytes, 0x1c),
    s_blocks_per_group: le32(bytes, 0x20),
    s_inodes_per_group: le32(bytes, 0x28),
    s_magic: le16(bytes, 0x38),
    s_rev_level: le32(bytes, 0x4c),
    s_inode_size: le16(bytes, 0x58),
    s_feature_compat: le32(bytes, 0x5c),
    s_feature_incompat,
    s_feature_ro_compat: le32(bytes, 0x64),
    s_uuid: allZero(uuid) ? undefined : uuidString(uuid),
    s_volume_name: label === '' ? undefined : label,
    s_desc_size: le16(bytes, 0xfe),
    s_first_meta_bg: le32(bytes, 0x104),
  };
}

/** ext2, ext3 or ext4 from the feature bits, the way blkid names them; 'jbd' for a journal device. */
export function extType(sb: Superblock): 'ext2' | 'ext3' | 'ext4' | 'jbd' {
  if (sb.s_feature_incompat & INCOMPAT.JOURNAL_DEV) return 'jbd';
  const beyondExt3 = (sb.s_feature_incompat & ~EXT3_INCOMPAT_SUPP) !== 0 || (sb.s_feature_ro_compat & ~EXT3_RO_COMPAT_SUPP) !== 0;
  if (beyondExt3) return 'ext4';
  return sb.s_feature_compat & COMPAT_HAS_JOURNAL ? 'ext3' : 'ext2';
}

/** Layout numbers derived from a validated superblock. */
export interface Geometry {
  /** Bytes per block, 1 KiB to 64 KiB. */
  blockSize: number;
  /** Bytes per inode record. */
  inodeSize: number;
  /** Bytes per group descriptor (32, or s_desc_size with 64bit). */
  descSize: number;
  /** Number of block groups. */
  groupCount: number;
}

function corruptField(field: string, offset: number, found: number | string, expected: string): FilesystemError {
  return new FilesystemError('corrupt', `ext superblock: ${field} is ${found}, expected ${expected}`, { offset: SUPERBLOCK_OFFSET + offset });
}

/**
 * Validates magic, sizes and counts and refuses incompat features we cannot read.
 * Throws FilesystemError with the superblock offset of the offending field.
 */
export function checkGeometry(sb: Superblock): Geometry {
  if (sb.s_magic !== EXT_MAGIC) throw corruptField('s_magic', 0x38, hex(sb.s_magic), hex(EXT_MAGIC));
  const unknown = sb.s_feature_incompat & ~READABLE_INCOMPAT;
  if (unknown !== 0) {
    const names: string[] = [];
    for (let bit = 1; bit !== 0 && bit <= unknown; bit = (bit << 1) >>> 0) {
      if (unknown & bit) names.push(INCOMPAT_NAMES[bit] ?? `incompat bit ${hex(bit)}`);
    }
    throw new FilesystemError('unsupported', `ext: s_feature_incompat has ${names.join(', ')}, which this reader cannot read`, {
      offset: SUPERBLOCK_OFFSET + 0x60,
    });
  }
  if (sb.s_log_block_size > 6) throw corruptField('s_log_block_size', 0x18, sb.s_log_block_size, '0..6 (1 KiB to 64 KiB blocks)');
  const blockSize = 1024 << sb.s_log_block_size;
  // The block bitmap (one block) limits a group to 8 × blockSize clusters; without bigalloc a cluster is one block.
  let blocksPerCluster = 1;
  if (sb.s_feature_ro_compat & RO_COMPAT.BIGALLOC) {
    if (sb.s_log_cluster_size < sb.s_log_block_size || sb.s_log_cluster_size - sb.s_log_block_size > 16) {
      throw corruptField('s_log_cluster_size', 0x1c, sb.s_log_cluster_size, `${sb.s_log_block_size}..${sb.s_log_block_size + 16} with bigalloc`);
    }
    blocksPerCluster = 2 ** (sb.s_log_cluster_size - sb.s_log_block_size);
  }
  if (sb.s_blocks_per_group === 0 || sb.s_blocks_per_group > 8 * blockSize * blocksPerCluster) {
    throw corruptField('s_blocks_per_group', 0x20, sb.s_blocks_per_group, `1..${8 * blockSize * blocksPerCluster}`);
  }
  if (sb.s_inodes_per_group === 0 || sb.s_inodes_per_group > 8 * blockSize) {
    throw corruptField('s_inodes_per_group', 0x28, sb.s_inodes_per_group, `1..${8 * blockSize}`);
  }
  if (sb.s_first_data_block >= sb.s_blocks_count) {
    throw corruptField('s_first_data_block', 0x14, sb.s_first_data_block, `below s_blocks_count ${sb.s_blocks_count}`);
  }
  const inodeSize = sb.s_rev_level === 0 ? 128 : sb.s_inode_size;
  if (inodeSize < 128 || inodeSize > blockSize || (inodeSize & (inodeSize - 1)) !== 0) {
    throw corruptField('s_inode_size', 0x58, inodeSize, `a power of two from 128 to ${blockSize}`);
  }
  let descSize = 32;
  if (sb.s_feature_incompat & INCOMPAT['64BIT']) {
    descSize = sb.s_desc_size;
    if (descSize < 64 || descSize > 1024 || (descSize & (descSize - 1)) !== 0) {
      throw corruptField('s_desc_size', 0xfe, descSize, 'a power of two from 64 to 1024 with 64bit');
    }
  }
  const groupCount = Math.ceil((sb.s_blocks_count - sb.s_first_data_block) / sb.s_blocks_per_group);
  if (sb.s_inodes_count === 0 || sb.s_inodes_count > groupCount * sb.s_inodes_per_group) {
    throw corruptField('s_inodes_count', 0x0, sb.s_inodes_count, `1..${groupCount * sb.s_inodes_per_group} (groups × s_inodes_per_group)`);
  }
  return { blockSize, inodeSize, descSize, groupCount };
}
