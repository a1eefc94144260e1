import { fileTypeFromDirent } from '../file-type.js';
import type { FileType } from '../types.js';

/** A directory entry as stored, before the guest layer sees it. */
export interface RawDirEntry {
  /** Name bytes (not NUL-terminated on disk). */
  name: Uint8Array;
  /** Inode number. */
  ino: number;
  /** XFS_DIR3_FT_* byte, or undefined when the filesystem has no ftype feature. */
  ftype?: number;
}

/** XFS_DIR3_FT_* to the guest layer's type: ext's numbering, plus 8 for an overlay whiteout; undefined for 0/unknown. */
export function ftypeToType(ftype: number | undefined): FileType | undefined {
  return ftype === XFS_DIR3_FT_WHT ? 'other' : fileTypeFromDirent(ftype);
}

/** XFS_DIR3_FT_WHT: a whiteout entry (overlayfs), which ext does not have. */
const XFS_DIR3_FT_WHT = 8;

/** "." or "..", which data blocks store and short-form directories do not. */
export function isDotEntry(name: Uint8Array): boolean {
  return (name.length === 1 && name[0] === 0x2e) || (name.length === 2 && name[0] === 0x2e && name[1] === 0x2e);
}
