import { fileTypeFromMode } from '../file-type.js';
import { joinHiLo, le16, le32 } from './bytes.js';

/** i_flags bits this reader acts on. */
export const INODE_FLAGS = {
  /** Directory uses a hashed b-tree index (still readable linearly). */
  INDEX_FL: 0x1000,
  /** File data is encrypted (fscrypt). */
  ENCRYPT_FL: 0x800,
  /** i_block holds an extent tree instead of a block map. */
  EXTENTS_FL: 0x80000,
  /** Inode is a large extended-attribute value (ea_inode). */
  EA_INODE_FL: 0x200000,
  /** Data lives in i_block and the system.data attribute. */
  INLINE_DATA_FL: 0x10000000,
  /** Directory names compare case-insensitively. */
  CASEFOLD_FL: 0x40000000,
} as const;

/** The size of i_block: 15 × 4 bytes. */
export const I_BLOCK_SIZE = 60;

/** One inode record (struct ext4_inode), the fields we read. */
export interface Inode {
  /** Inode number. */
  ino: number;
  /** Byte offset of the record in the volume (for error messages). */
  offset: number;
  /** 0x0 type and permission bits. */
  i_mode: number;
  /** 0x2 (+0x78 l_i_uid_high) owner. */
  i_uid: number;
  /** 0x4 (+0x6C i_size_high) size in bytes. */
  i_size: number;
  /** 0x10 modification time. */
  i_mtime: number;
  /** 0x18 (+0x7A l_i_gid_high) group. */
  i_gid: number;
  /** 0x1A hard links. */
  i_links_count: number;
  /** 0x1C (+0x74 l_i_blocks_high) 512-byte sectors (or fs blocks with HUGE_FILE_FL). */
  i_blocks: number;
  /** 0x20 flags (see INODE_FLAGS). */
  i_flags: number;
  /** 0x28 the 60-byte block map, extent root, fast symlink target or inline data. */
  i_block: Uint8Array;
  /** 0x68 (+0x76 l_i_file_acl_high) block holding extended attributes, 0 if none. */
  i_file_acl: number;
  /** 0x80 bytes of the large-inode area in use beyond 128 (0 for 128-byte inodes). */
  i_extra_isize: number;
  /** The whole record, for in-inode extended attributes. */
  raw: Uint8Array;
}

/** Parses one inode record of `inodeSize` bytes. Pure. */
export function parseInode(bytes: Uint8Array, ino: number, offset: number): Inode {
  const large = bytes.length > 128;
  return {
    ino,
    offset,
    i_mode: le16(bytes, 0x0, 'i_mode'),
    i_uid: le16(bytes, 0x2, 'i_uid') | (le16(bytes, 0x78, 'l_i_uid_high') << 16),
    i_size: joinHiLo(le32(bytes, 0x6c, 'i_size_high'), le32(bytes, 0x4, 'i_size_lo')),
    i_mtime: le32(bytes, 0x10, 'i_mtime'),
    i_gid: le16(bytes, 0x18, 'i_gid') | (le16(bytes, 0x7a, 'l_i_gid_high') << 16),
    i_links_count: le16(bytes, 0x1a, 'i_links_count'),
    i_blocks: joinHiLo(le16(bytes, 0x74, 'l_i_blocks_high'), le32(bytes, 0x1c, 'i_blocks_lo')),
    i_flags: le32(bytes, 0x20, 'i_flags'),
    i_block: bytes.subarray(0x28, 0x28 + I_BLOCK_SIZE),
    i_file_acl: joinHiLo(le16(bytes, 0x76, 'l_i_file_acl_high'), le32(bytes, 0x68, 'i_file_acl_lo')),
    i_extra_isize: large ? le16(bytes, 0x80, 'i_extra_isize') : 0,
    raw: bytes,
  };
}

/** The guest layer's file type from i_mode. */
export const inodeType = fileTypeFromMode;

/** Whether flag bits are set on an inode. */
export function hasFlag(inode: Inode, flag: number): boolean {
  return (inode.i_flags & flag) !== 0;
}
