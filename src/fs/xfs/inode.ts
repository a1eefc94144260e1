import { FilesystemError, hex } from '../../errors.js';
import { fileTypeFromMode } from '../file-type.js';
import { be16, be32, be64, u8 } from './bytes.js';

/** di_magic: "IN". */
export const XFS_DINODE_MAGIC = 0x494e;
/** Bytes of the v1/v2 inode core plus di_next_unlinked: where their literal area starts. */
const V2_LITERAL_OFFSET = 0x64;
/** Bytes of the v3 (v5 filesystem) inode core: where its literal area starts. */
const V3_LITERAL_OFFSET = 0xb0;
/** Offset of di_crc in a v3 inode. */
export const DI_CRC_OFFSET = 0x64;

/** di_format values for the data fork. */
export const FORK_FORMAT = {
  /** Device numbers. */
  DEV: 0,
  /** Data stored in the inode itself (short-form directories, short symlinks). */
  LOCAL: 1,
  /** An array of extent records in the inode. */
  EXTENTS: 2,
  /** The root of a B+tree of extent records. */
  BTREE: 3,
} as const;

/** di_flags bit: the data lives on the realtime device, which this reader does not have. */
export const DIFLAG_REALTIME = 0x1;
/** di_flags2 bits that change how fields are read. */
const DIFLAG2_BIGTIME = 0x8;
const DIFLAG2_NREXT64 = 0x10;
/** Seconds between 1901-12-13T20:45:52Z (bigtime's zero) and the epoch. */
const BIGTIME_EPOCH_OFFSET = 2 ** 31;

/** An inode record (struct xfs_dinode), the fields the reader uses. */
export interface Inode {
  /** Inode number. */
  ino: number;
  /** Byte offset of the record in the volume, for errors. */
  offset: number;
  /** 0x02 type and permission bits. */
  di_mode: number;
  /** 0x04 1 or 2 (v4 filesystems), 3 (v5). */
  di_version: number;
  /** 0x05 data fork format (FORK_FORMAT). */
  di_format: number;
  /** 0x08 owner. */
  di_uid: number;
  /** 0x0c group. */
  di_gid: number;
  /** 0x28 modification time, seconds since the epoch. */
  di_mtime: number;
  /** 0x38 size in bytes. */
  di_size: number;
  /** 0x4c (or 0x18 with large extent counters) data fork extent count. */
  di_nextents: number;
  /** 0x5a inode flags (DIFLAG_REALTIME ...). */
  di_flags: number;
  /** 0x52 attribute fork offset in 8-byte units from the literal area; 0 = no attribute fork. */
  di_forkoff: number;
  /** The data fork bytes (literal area up to the attribute fork). */
  dataFork: Uint8Array;
  /** Byte offset of the data fork in the volume. */
  dataForkOffset: number;
}

function corrupt(ino: number, field: string, offset: number, detail: string): FilesystemError {
  return new FilesystemError('corrupt', `xfs inode ${ino}: ${field} at ${hex(offset)} ${detail}`, { offset });
}

/** File type from the S_IFMT bits of di_mode. */
export const inodeType = fileTypeFromMode;

/** A timestamp at `at`: bigtime is 64-bit nanoseconds from 1901, else 32-bit signed seconds. */
function timestamp(bytes: Uint8Array, at: number, bigtime: boolean): number {
  if (bigtime) return Math.floor(be64(bytes, at, 'timestamp') / 1e9) - BIGTIME_EPOCH_OFFSET;
  return be32(bytes, at, 'timestamp') | 0;
}

/**
 * Parses one inode record of `bytes.length` (sb_inodesize) bytes at volume offset `offset`.
 * `version` is the filesystem version: v5 requires di_version 3, v4 accepts 1 and 2.
 */
export function parseInode(bytes: Uint8Array, ino: number, offset: number, version: number): Inode {
  const di_magic = be16(bytes, 0x00, 'di_magic');
  if (di_magic !== XFS_DINODE_MAGIC) throw corrupt(ino, 'di_magic', offset, `is ${hex(di_magic)}, expected 0x494e ("IN")`);
  const di_version = u8(bytes, 0x04, 'di_version');
  if (version === 5 ? di_version !== 3 : di_version !== 1 && di_version !== 2) {
    throw corrupt(ino, 'di_version', offset + 0x04, `is ${di_version}, expected ${version === 5 ? '3' : '1 or 2'} on a v${version} filesystem`);
  }
  const di_format = u8(bytes, 0x05, 'di_format');
  if (di_format > FORK_FORMAT.BTREE) throw corrupt(ino, 'di_format', offset + 0x05, `is ${di_format}, expected 0..3`);
  const di_flags2 = di_version === 3 ? be64(bytes, 0x78, 'di_flags2') : 0;
  const bigtime = (di_flags2 & DIFLAG2_BIGTIME) !== 0;
  const nrext64 = (Math.floor(di_flags2 / DIFLAG2_NREXT64) & 1) === 1;
  const di_size = be64(bytes, 0x38, 'di_size');
  if (!Number.isSafeInteger(di_size) || di_size > Number.MAX_SAFE_INTEGER / 2) throw corrupt(ino, 'di_size', offset + 0x38, `is beyond 2^52 bytes`);
  const di_nextents = nrext64 ? be64(bytes, 0x18, 'di_big_nextents') : be32(bytes, 0x4c, 'di_nextents');
  const di_forkoff = u8(bytes, 0x52, 'di_forkoff');
  if (di_version === 3) {
    // A v3 inode names itself: a pointer that lands on the wrong record is caught here.
    const di_ino = be64(bytes, 0x98, 'di_ino');
    if (di_ino !== ino) throw corrupt(ino, 'di_ino', offset + 0x98, `is ${di_ino}, expected ${ino}: the record belongs to another inode`);
  }
  const literal = di_version === 3 ? V3_LITERAL_OFFSET : V2_LITERAL_OFFSET;
  const forkEnd = di_forkoff === 0 ? bytes.length : literal + di_forkoff * 8;
  if (forkEnd > bytes.length) throw corrupt(ino, 'di_forkoff', offset + 0x52, `is ${di_forkoff}: the attribute fork would start beyond the ${bytes.length}-byte inode`);
  return {
    ino,
    offset,
    di_mode: be16(bytes, 0x02, 'di_mode'),
    di_version,
    di_format,
    di_uid: be32(bytes, 0x08, 'di_uid'),
    di_gid: be32(bytes, 0x0c, 'di_gid'),
    di_mtime: timestamp(bytes, 0x28, bigtime),
    di_size,
    di_nextents,
    di_forkoff,
    di_flags: be16(bytes, 0x5a, 'di_flags'),
    dataFork: bytes.subarray(literal, forkEnd),
    dataForkOffset: offset + literal,
  };
}
