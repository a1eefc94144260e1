import { FilesystemError, hex } from '../../errors.js';
import { fixedString, uuidString } from '../ext/bytes.js';
import { be16, be32, be64, magic, magicText, u8 } from './bytes.js';

/** sb_magicnum: "XFSB". */
export const XFS_SB_MAGIC = magic('XFSB');
/** Bytes of the superblock we parse (the whole v5 structure fits in one 512-byte sector). */
export const SUPERBLOCK_SIZE = 512;

/** sb_versionnum bits. */
export const VERSION = {
  /** Low nibble: 4 (v4) or 5 (v5, CRC-protected metadata). */
  NUMBITS: 0x000f,
  /** Version 2 directories; v1 directories (never made since 2002) are not read. */
  DIRV2BIT: 0x2000,
  /** ASCII case-insensitive directory names (mkfs.xfs -n version=ci). */
  BORGBIT: 0x4000,
  /** sb_features2 is valid. */
  MOREBITSBIT: 0x8000,
} as const;

/** sb_features2 bit for a file type byte in directory entries on v4 filesystems. */
export const FEATURES2_FTYPE = 0x0200;

/**
 * sb_features_incompat bits (v5). Every one listed here is understood by this reader; any
 * other bit makes the filesystem 'unsupported', since the format may differ in ways we
 * would misread.
 */
export const INCOMPAT: Readonly<Record<string, number>> = {
  /** File type byte in directory entries. */
  FTYPE: 0x1,
  /** Sparse inode chunks (inode allocation only; inode numbers still decode the same). */
  SPINODES: 0x2,
  /** Metadata UUID differs from sb_uuid (only matters for writers and CRC headers). */
  META_UUID: 0x4,
  /** 64-bit nanosecond timestamps (per inode, flagged in di_flags2). */
  BIGTIME: 0x8,
  /** xfs_repair was interrupted; read anyway, the structures are still what they are. */
  NEEDSREPAIR: 0x10,
  /** Large extent counters (per inode, flagged in di_flags2). */
  NREXT64: 0x20,
  /** File range exchange in the log (nothing on-disk we read). */
  EXCHRANGE: 0x40,
  /** Parent pointers (extended attributes we ignore). */
  PARENT: 0x80,
};

/** Incompat bits we know by name but do not read. */
const UNREAD_INCOMPAT: Readonly<Record<number, string>> = {
  0x100: 'METADIR (metadata directory tree)',
  0x200: 'ZONED (zoned realtime device)',
};

/** The superblock fields the reader uses (struct xfs_dsb). */
export interface Superblock {
  /** 0x04 bytes per filesystem block. */
  sb_blocksize: number;
  /** 0x08 blocks in the data device. */
  sb_dblocks: number;
  /** 0x20 filesystem UUID. */
  sb_uuid: string;
  /** 0x38 root directory inode number. */
  sb_rootino: number;
  /** 0x54 blocks per allocation group (the last AG may be shorter). */
  sb_agblocks: number;
  /** 0x58 number of allocation groups. */
  sb_agcount: number;
  /** 0x64 version number and v4 feature bits. */
  sb_versionnum: number;
  /** 0x66 bytes per sector. */
  sb_sectsize: number;
  /** 0x68 bytes per inode. */
  sb_inodesize: number;
  /** 0x6a inodes per block. */
  sb_inopblock: number;
  /** 0x6c volume label (12 bytes, NUL-padded). */
  sb_fname: string;
  /** 0x78 log2 of sb_blocksize. */
  sb_blocklog: number;
  /** 0x7a log2 of sb_inodesize. */
  sb_inodelog: number;
  /** 0x7b log2 of sb_inopblock. */
  sb_inopblog: number;
  /** 0x7c log2 of sb_agblocks rounded up: the AG block number's width in fsblock and inode numbers. */
  sb_agblklog: number;
  /** 0xc0 log2 of directory block size in filesystem blocks. */
  sb_dirblklog: number;
  /** 0xc8 more v4 feature bits. */
  sb_features2: number;
  /** 0xd8 incompatible features (v5). */
  sb_features_incompat: number;
  /** 0xe0 CRC of the superblock sector (v5). */
  sb_crc: number;
}

/** Layout derived from the superblock, after validation. */
export interface Geometry {
  /** 4 or 5. */
  version: number;
  blockSize: number;
  /** Directory block size in bytes. */
  dirBlockSize: number;
  /** Directory entries carry a file type byte. */
  hasFtype: boolean;
  /** v5: metadata blocks carry CRC headers (and the v3 inode core). */
  hasCrc: boolean;
  /** Names compare ASCII case-insensitively (BORGBIT). */
  asciiCi: boolean;
}

function corrupt(field: string, offset: number, detail: string): FilesystemError {
  return new FilesystemError('corrupt', `xfs superblock: ${field} at ${hex(offset)} ${detail}`, { offset });
}

/** Parses the primary superblock (the first 512 bytes of the volume). Checks only the magic. */
export function parseSuperblock(bytes: Uint8Array): Superblock {
  const magicnum = be32(bytes, 0x00, 'sb_magicnum');
  if (magicnum !== XFS_SB_MAGIC) throw corrupt('sb_magicnum', 0x00, `is ${magicText(magicnum)}, expected "XFSB"`);
  return {
    sb_blocksize: be32(bytes, 0x04, 'sb_blocksize'),
    sb_dblocks: be64(bytes, 0x08, 'sb_dblocks'),
    sb_uuid: uuidString(bytes.subarray(0x20, 0x30)),
    sb_rootino: be64(bytes, 0x38, 'sb_rootino'),
    sb_agblocks: be32(bytes, 0x54, 'sb_agblocks'),
    sb_agcount: be32(bytes, 0x58, 'sb_agcount'),
    sb_versionnum: be16(bytes, 0x64, 'sb_versionnum'),
    sb_sectsize: be16(bytes, 0x66, 'sb_sectsize'),
    sb_inodesize: be16(bytes, 0x68, 'sb_inodesize'),
    sb_inopblock: be16(bytes, 0x6a, 'sb_inopblock'),
    sb_fname: fixedString(bytes.subarray(0x6c, 0x78)),
    sb_blocklog: u8(bytes, 0x78, 'sb_blocklog'),
    sb_inodelog: u8(bytes, 0x7a, 'sb_inodelog'),
    sb_inopblog: u8(bytes, 0x7b, 'sb_inopblog'),
    sb_agblklog: u8(bytes, 0x7c, 'sb_agblklog'),
    sb_dirblklog: u8(bytes, 0xc0, 'sb_dirblklog'),
    sb_features2: be32(bytes, 0xc8, 'sb_features2'),
    sb_features_incompat: be32(bytes, 0xd8, 'sb_features_incompat'),
    sb_crc: be32(bytes, 0xe0, 'sb_crc'),
  };
}

/** Names of the incompat bits in `bits` this reader does not understand. */
export function unknownIncompat(bits: number): string[] {
  const known = Object.values(INCOMPAT).reduce((a, b) => a | b, 0);
  const names: string[] = [];
  for (let bit = 1; bit !== 0 && bit <= 0x80000000; bit = bit === 0x80000000 ? 0 : bit * 2) {
    if ((bits & bit) !== 0 && (known & bit) === 0) names.push(UNREAD_INCOMPAT[bit] ?? `unknown bit ${hex(bit)}`);
  }
  return names;
}

/**
 * Validates every field that sizes or locates something (so later arithmetic cannot overflow
 * or divide by zero) and the feature bits; returns the derived layout.
 */
export function checkGeometry(sb: Superblock): Geometry {
  const version = sb.sb_versionnum & VERSION.NUMBITS;
  if (version !== 4 && version !== 5) {
    throw new FilesystemError('unsupported', `xfs superblock: sb_versionnum at 0x64 is version ${version}; only v4 and v5 are read`, { offset: 0x64 });
  }
  if (version === 4 && (sb.sb_versionnum & VERSION.DIRV2BIT) === 0) {
    throw new FilesystemError('unsupported', 'xfs superblock: sb_versionnum at 0x64 lacks DIRV2BIT; version 1 directories are not read', { offset: 0x64 });
  }
  const pow2 = (v: number, log: number) => log < 31 && v === 2 ** log;
  if (sb.sb_blocklog < 9 || sb.sb_blocklog > 16 || !pow2(sb.sb_blocksize, sb.sb_blocklog)) {
    throw corrupt('sb_blocksize', 0x04, `is ${sb.sb_blocksize} with sb_blocklog ${sb.sb_blocklog}; expected a power of two from 512 to 65536`);
  }
  if (sb.sb_inodelog < 8 || sb.sb_inodelog > 11 || !pow2(sb.sb_inodesize, sb.sb_inodelog) || sb.sb_inodesize > sb.sb_blocksize) {
    throw corrupt('sb_inodesize', 0x68, `is ${sb.sb_inodesize} with sb_inodelog ${sb.sb_inodelog}; expected a power of two from 256 to 2048, at most a block`);
  }
  if (!pow2(sb.sb_inopblock, sb.sb_inopblog) || sb.sb_inopblog !== sb.sb_blocklog - sb.sb_inodelog) {
    throw corrupt('sb_inopblock', 0x6a, `is ${sb.sb_inopblock} with sb_inopblog ${sb.sb_inopblog}; expected sb_blocksize / sb_inodesize`);
  }
  if (sb.sb_agblocks < 1 || sb.sb_agblklog > 31 || sb.sb_agblocks > 2 ** sb.sb_agblklog || (sb.sb_agblklog > 0 && sb.sb_agblocks <= 2 ** (sb.sb_agblklog - 1))) {
    throw corrupt('sb_agblocks', 0x54, `is ${sb.sb_agblocks} with sb_agblklog ${sb.sb_agblklog}; expected 2^(sb_agblklog-1) < sb_agblocks <= 2^sb_agblklog`);
  }
  if (sb.sb_agcount < 1 || !Number.isSafeInteger(sb.sb_dblocks) || sb.sb_dblocks > sb.sb_agcount * sb.sb_agblocks || sb.sb_dblocks <= (sb.sb_agcount - 1) * sb.sb_agblocks) {
    throw corrupt('sb_agcount', 0x58, `is ${sb.sb_agcount}, which with sb_agblocks ${sb.sb_agblocks} does not cover sb_dblocks ${sb.sb_dblocks} in its last group`);
  }
  if (sb.sb_blocklog + sb.sb_dirblklog > 16) {
    throw corrupt('sb_dirblklog', 0xc0, `is ${sb.sb_dirblklog}; directory blocks would exceed 64 KiB`);
  }
  if (version === 5) {
    const unknown = unknownIncompat(sb.sb_features_incompat);
    if (unknown.length > 0) {
      throw new FilesystemError('unsupported', `xfs superblock: sb_features_incompat at 0xd8 has features this reader does not read: ${unknown.join(', ')}`, { offset: 0xd8 });
    }
  }
  const v4Ftype = (sb.sb_versionnum & VERSION.MOREBITSBIT) !== 0 && (sb.sb_features2 & FEATURES2_FTYPE) !== 0;
  return {
    version,
    blockSize: sb.sb_blocksize,
    dirBlockSize: sb.sb_blocksize * 2 ** sb.sb_dirblklog,
    hasFtype: version === 5 ? (sb.sb_features_incompat & INCOMPAT.FTYPE!) !== 0 : v4Ftype,
    hasCrc: version === 5,
    asciiCi: (sb.sb_versionnum & VERSION.BORGBIT) !== 0,
  };
}
