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

/** Most entries one directory may yield; past this it is refused rather than listed. */
export const MAX_DIR_ENTRIES = 1_000_000;

/** XFS_DIR3_FT_* (same numbering as ext's file_type) to the guest layer's type; undefined for 0/unknown. */
export function ftypeToType(ftype: number | undefined): FileType | undefined {
  switch (ftype) {
    case 1:
      return 'file';
    case 2:
      return 'dir';
    case 7:
      return 'symlink';
    case 3:
    case 4:
    case 5:
    case 6:
    case 8:
      return 'other';
    default:
      return undefined;
  }
}

/** "." or "..", which data blocks store and short-form directories do not. */
export function isDotEntry(name: Uint8Array): boolean {
  return (name.length === 1 && name[0] === 0x2e) || (name.length === 2 && name[0] === 0x2e && name[1] === 0x2e);
}
