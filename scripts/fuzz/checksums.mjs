// Checksum fixers for mutation fuzzing: after a mutant changes metadata, the structure's own
// checksum is recomputed so the mutant reaches the parser behind the first CRC check instead of
// being rejected by it. Written from the formats' specifications, independently of src/ (the code
// under test): ext4 metadata_csum (crc32c), XFS v5 (crc32c), GPT (crc32), LVM2 (its seeded crc32).
// Each fixer works on a Buffer holding the structure and writes the checksum in place.
import { crc32 as zlibCrc32 } from 'node:zlib';

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The raw CRC-32C update (no inversion on entry or exit), as the kernel's crc32c_le and
 * e2fsprogs' ext2fs_crc32c_le compute it.
 * @param {number} crc @param {Uint8Array} bytes @returns {number}
 */
export function crc32cUpdate(crc, bytes) {
  let c = crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC32C_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return c >>> 0;
}

/** @param {number} value @returns {Buffer} */
const le32 = (value) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return b;
};

// ---- ext4 (metadata_csum) ---------------------------------------------------------------

/**
 * Whether an ext superblock (1024 bytes) has metadata_csum (RO_COMPAT 0x400).
 * @param {Buffer} sb
 */
export function extHasMetadataCsum(sb) {
  return (sb.readUInt32LE(0x64) & 0x400) !== 0;
}

/**
 * The filesystem checksum seed: s_checksum_seed with INCOMPAT_CSUM_SEED (0x2000), else crc32c(~0, s_uuid).
 * @param {Buffer} sb
 */
export function extCsumSeed(sb) {
  if ((sb.readUInt32LE(0x60) & 0x2000) !== 0) return sb.readUInt32LE(0x270);
  return crc32cUpdate(0xffffffff, sb.subarray(0x68, 0x78));
}

/**
 * s_checksum (0x3fc) over the superblock before it.
 * @param {Buffer} sb
 */
export function sealExtSuperblock(sb) {
  sb.writeUInt32LE(crc32cUpdate(0xffffffff, sb.subarray(0, 0x3fc)), 0x3fc);
}

/**
 * bg_checksum (0x1e, 16 bits) of group descriptor `group`: crc32c(seed, group, descriptor with the field zeroed).
 * @param {Buffer} desc one descriptor (s_desc_size bytes) @param {number} group @param {number} seed
 */
export function sealExtGroupDescriptor(desc, group, seed) {
  desc.writeUInt16LE(0, 0x1e);
  const crc = crc32cUpdate(crc32cUpdate(seed, le32(group)), desc);
  desc.writeUInt16LE(crc & 0xffff, 0x1e);
}

/**
 * The per-inode seed that inode, extent-block and directory-block checksums start from.
 * @param {number} seed @param {number} ino @param {number} generation
 */
export function extInodeSeed(seed, ino, generation) {
  return crc32cUpdate(crc32cUpdate(seed, le32(ino)), le32(generation));
}

/**
 * i_checksum_lo (0x7c) and, when i_extra_isize covers it, i_checksum_hi (0x82) of one inode record.
 * @param {Buffer} inode the whole record (s_inode_size bytes) @param {number} ino @param {number} seed
 */
export function sealExtInode(inode, ino, seed) {
  const hasHi = inode.length > 128 && inode.readUInt16LE(0x80) >= 4; // i_extra_isize reaches i_checksum_hi
  inode.writeUInt16LE(0, 0x7c);
  if (hasHi) inode.writeUInt16LE(0, 0x82);
  const crc = crc32cUpdate(extInodeSeed(seed, ino, inode.readUInt32LE(0x64)), inode);
  inode.writeUInt16LE(crc & 0xffff, 0x7c);
  if (hasHi) inode.writeUInt16LE(crc >>> 16, 0x82);
}

/**
 * The ext4_extent_tail after eh_max entries of an extent-tree block.
 * @param {Buffer} block one filesystem block @param {number} inodeSeed from extInodeSeed
 */
export function sealExtExtentBlock(block, inodeSeed) {
  const tail = 12 + 12 * block.readUInt16LE(4); // header + eh_max entries
  if (tail + 4 > block.length) return;
  block.writeUInt32LE(crc32cUpdate(inodeSeed, block.subarray(0, tail)), tail);
}

/**
 * The ext4_dir_entry_tail (last 12 bytes: inode 0, rec_len 12, name_len 0, type 0xde, checksum) of a linear directory block.
 * @param {Buffer} block @param {number} inodeSeed
 */
export function sealExtDirBlock(block, inodeSeed) {
  const tail = block.length - 12;
  if (block.readUInt32LE(tail) !== 0 || block.readUInt16LE(tail + 4) !== 12 || block[tail + 7] !== 0xde) return;
  block.writeUInt32LE(crc32cUpdate(inodeSeed, block.subarray(0, tail)), tail + 8);
}

// ---- XFS v5 -------------------------------------------------------------------------------

/** Where the CRC of a v5 metadata block is, by its magic (first 4 bytes, or the 2-byte da3 magic at 8). */
const XFS_CRC_OFFSETS = new Map([
  ['XFSB', 0xe0], // superblock (over one sector)
  ['XAGF', 0xd8],
  ['XAGI', 0x138],
  ['XAFL', 0x20],
  ['XDB3', 0x04], // directory block / data / free index: xfs_dir3_blk_hdr
  ['XDD3', 0x04],
  ['XDF3', 0x04],
  ['XSLM', 0x0c], // remote symlink
  ['BMA3', 0x40], // long-form btree (bmap)
  ['AB3B', 0x34], // short-form btrees: free space by block / count, inodes, free inodes, rmap, refcount
  ['AB3C', 0x34],
  ['IAB3', 0x34],
  ['FIB3', 0x34],
  ['RMB3', 0x34],
  ['R3FC', 0x34],
]);
/** xfs_da3_blkinfo magics (16 bits at offset 8): leaf1, leafn, da node, attr leaf; CRC at 12. */
const XFS_DA3_MAGICS = new Set([0x3df1, 0x3dff, 0x3ebe, 0x3bee]);

/**
 * Standard (inverted) CRC-32C of an XFS v5 metadata block with its CRC field zeroed, stored
 * little-endian. Returns false for a block whose magic it does not know (left as is).
 * @param {Buffer} block the whole structure (a block, a sector for the superblock) @returns {boolean}
 */
export function sealXfsBlock(block) {
  let at = XFS_CRC_OFFSETS.get(block.toString('latin1', 0, 4));
  if (at === undefined && block.length >= 16 && XFS_DA3_MAGICS.has(block.readUInt16BE(8))) at = 12;
  if (at === undefined) return false;
  block.writeUInt32LE(0, at);
  block.writeUInt32LE(~crc32cUpdate(0xffffffff, block) >>> 0, at);
  return true;
}

/**
 * di_crc (0x64) of a v3 inode record ("IN", di_version 3).
 * @param {Buffer} inode the whole record (sb_inodesize bytes)
 */
export function sealXfsInode(inode) {
  if (inode.toString('latin1', 0, 2) !== 'IN' || inode[4] !== 3) return false;
  inode.writeUInt32LE(0, 0x64);
  inode.writeUInt32LE(~crc32cUpdate(0xffffffff, inode) >>> 0, 0x64);
  return true;
}

// ---- GPT ------------------------------------------------------------------------------------

/**
 * HeaderCRC32 (0x10) over HeaderSize bytes with the field zeroed.
 * @param {Buffer} header one sector
 */
export function sealGptHeader(header) {
  const size = header.readUInt32LE(0x0c);
  if (size < 92 || size > header.length) return;
  header.writeUInt32LE(0, 0x10);
  header.writeUInt32LE(zlibCrc32(header.subarray(0, size)), 0x10);
}

/**
 * PartitionEntryArrayCRC32 (0x58) of a header over the entry array, then the header's own CRC.
 * @param {Buffer} header @param {Buffer} entries NumberOfPartitionEntries * SizeOfPartitionEntry bytes
 */
export function sealGptEntries(header, entries) {
  header.writeUInt32LE(zlibCrc32(entries), 0x58);
  sealGptHeader(header);
}

// ---- LVM2 -----------------------------------------------------------------------------------

/**
 * LVM's calc_crc: reflected CRC-32, seed 0xf597a6cf, no final inversion.
 * @param {Uint8Array} bytes
 */
export function lvmCrc(bytes) {
  return ~zlibCrc32(bytes, ~0xf597a6cf >>> 0) >>> 0;
}

/**
 * label_header.crc_xl (0x10) of a PV label sector, over offset_xl (0x14) to the end of the sector.
 * @param {Buffer} sector the 512-byte label sector ("LABELONE")
 */
export function sealLvmLabel(sector) {
  sector.writeUInt32LE(lvmCrc(sector.subarray(0x14, 512)), 0x10);
}

/**
 * mda_header.checksum_xl (0x0) over the rest of the 512-byte header.
 * @param {Buffer} header
 */
export function sealLvmMdaHeader(header) {
  header.writeUInt32LE(lvmCrc(header.subarray(4, 512)), 0);
}

/**
 * raw_locn[0].checksum (0x38) of the committed text, then the header checksum.
 * @param {Buffer} header the mda_header @param {Uint8Array} text raw_locn[0].size bytes of text
 */
export function sealLvmMetadata(header, text) {
  header.writeUInt32LE(lvmCrc(text), 0x38);
  sealLvmMdaHeader(header);
}
