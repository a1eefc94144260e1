import type { ByteSource } from '../io/byte-source.js';

/** File types the guest layer distinguishes. */
export type FileType = 'file' | 'dir' | 'symlink' | 'other';

/** An inode (or its equivalent) as every filesystem reader exposes it. */
export interface FsNode {
  /** Inode number (unique within its filesystem). */
  readonly ino: number;
  readonly type: FileType;
  /** File size in bytes (for symlinks: target length). */
  readonly size: number;
  /** Permission bits and type bits as in st_mode. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Modification time, seconds since the epoch. */
  readonly mtime: number;
}

/** A directory entry (without "." and ".."). */
export interface DirEntry {
  name: string;
  /** Type from the entry itself when the format records it, else from the inode. */
  type: FileType;
}

/** How fstab and the kernel command line name a filesystem. */
export interface FsIdentity {
  /** Filesystem UUID, lower-case canonical (FAT: "ABCD-1234" as blkid prints it). */
  uuid?: string;
  label?: string;
}

/**
 * A read-only filesystem. Path-free: the guest layer walks components with `lookup`, so
 * symlinks and mount points are resolved in one place for every filesystem.
 * Every method throws FilesystemError on corrupt structures.
 */
export interface Filesystem {
  /** 'ext2' | 'ext3' | 'ext4' | 'xfs' | 'vfat' ... */
  readonly type: string;
  readonly identity: FsIdentity;
  /**
   * Non-fatal problems found while reading (e.g. XFS metadata whose CRC does not match but
   * whose structure is sound), for the report. Optional: readers without any leave it out.
   */
  readonly warnings?: readonly string[];
  root(): Promise<FsNode>;
  /** Looks up one name in a directory; undefined if absent. Names are compared as the format does. */
  lookup(dir: FsNode, name: string): Promise<FsNode | undefined>;
  readdir(dir: FsNode): Promise<DirEntry[]>;
  /** The first min(size, maxBytes) bytes of a regular file; holes read as zeros. */
  readFile(node: FsNode, maxBytes: number): Promise<Uint8Array>;
  /**
   * Bytes [offset, offset + length) of a regular file, which must lie within its size; holes
   * read as zeros. Reads only the blocks of that range, so a header at a large file's end (a
   * PE certificate table) costs what it holds. Optional: GuestFs falls back to a readFile prefix.
   */
  readRange?(node: FsNode, offset: number, length: number): Promise<Uint8Array>;
  /** Target of a symbolic link. */
  readlink(node: FsNode): Promise<string>;
}

/** A filesystem reader: cheap `probe` that never throws, `open` that throws typed errors. */
export interface FsDriver {
  readonly type: string;
  probe(source: ByteSource): Promise<boolean>;
  open(source: ByteSource): Promise<Filesystem>;
}
