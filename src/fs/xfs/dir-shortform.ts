import { FilesystemError, hex } from '../../errors.js';
import { be32, be64, u8 } from './bytes.js';
import type { RawDirEntry } from './dir-entry.js';

/** 8-byte inode numbers in short-form directories keep only 56 bits (XFS_MAXINUMBER). */
const INO8_MASK = 2 ** 56;

function readIno(bytes: Uint8Array, at: number, wide: boolean): number {
  if (!wide) return be32(bytes, at, 'inumber');
  const value = be64(bytes, at, 'inumber');
  return Number.isFinite(value) ? value % INO8_MASK : value;
}

/**
 * Parses a short-form directory (struct xfs_dir2_sf_hdr + entries) held in the inode's data
 * fork. `size` is di_size (the bytes in use), `base` the fork's volume offset. Header: count
 * (0x0), i8count (0x1, nonzero when inode numbers are 8 bytes), parent (0x2). Each entry:
 * namelen, a 2-byte offset hint, the name, a file type byte with the ftype feature, the
 * inode number.
 */
export function parseShortformDir(fork: Uint8Array, size: number, base: number, hasFtype: boolean, ino: number): { parent: number; entries: RawDirEntry[] } {
  const bytes = fork.subarray(0, Math.min(size, fork.length));
  const fail = (field: string, at: number, detail: string) =>
    new FilesystemError('corrupt', `xfs inode ${ino} short-form directory: ${field} at ${hex(base + at)} ${detail}`, { offset: base + at });
  if (size > fork.length) throw fail('di_size', 0, `is ${size}, larger than the ${fork.length}-byte data fork`);
  const count = u8(bytes, 0x0, 'count');
  const i8count = u8(bytes, 0x1, 'i8count');
  const wide = i8count !== 0;
  const inoSize = wide ? 8 : 4;
  if (bytes.length < 2 + inoSize) throw fail('header', 0, `needs ${2 + inoSize} bytes, di_size gives ${bytes.length}`);
  const parent = readIno(bytes, 0x2, wide);
  const entries: RawDirEntry[] = [];
  let at = 2 + inoSize;
  for (let i = 0; i < count; i++) {
    const namelen = bytes[at];
    const length = 1 + 2 + (namelen ?? 0) + (hasFtype ? 1 : 0) + inoSize;
    if (namelen === undefined || namelen === 0 || at + length > bytes.length) {
      throw fail(`entry ${i}`, at, `(namelen ${namelen ?? 'missing'}) runs past the ${bytes.length} bytes in use; count says ${count} entries`);
    }
    const name = bytes.subarray(at + 3, at + 3 + namelen);
    const ftype = hasFtype ? bytes[at + 3 + namelen] : undefined;
    entries.push({ name, ftype, ino: readIno(bytes, at + 3 + namelen + (hasFtype ? 1 : 0), wide) });
    at += length;
  }
  return { parent, entries };
}
