import type { FileType } from './types.js';

/** st_mode's S_IFMT bits, shared by ext (i_mode) and XFS (di_mode). */
const S_IFMT = 0xf000;
const S_IFREG = 0x8000;
const S_IFDIR = 0x4000;
const S_IFLNK = 0xa000;

/** The guest layer's file type from a POSIX mode. */
export function fileTypeFromMode(mode: number): FileType {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return 'file';
    case S_IFDIR:
      return 'dir';
    case S_IFLNK:
      return 'symlink';
    default:
      return 'other';
  }
}

/**
 * The type byte of a directory entry (EXT4_FT_* and XFS_DIR3_FT_* share the numbering 1-7:
 * regular, dir, chrdev, blkdev, fifo, socket, symlink) to the guest layer's type; undefined
 * for 0 (unknown) and anything else, so the caller asks the inode.
 */
export function fileTypeFromDirent(type: number | undefined): FileType | undefined {
  switch (type) {
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
      return 'other';
    default:
      return undefined;
  }
}
