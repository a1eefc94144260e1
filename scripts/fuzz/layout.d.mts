/** A named byte range of the image file (file offsets, not virtual-disk offsets). */
export interface Region {
  /** What the bytes are: "vhd footer", "gpt entries", "ext superblock p1". */
  name: string;
  offset: number;
  length: number;
  /** How to recompute the region's checksum after a mutation (see seal.mjs), when it has one. */
  seal?: Seal;
}

export type Seal =
  | { kind: 'gpt-header' }
  | { kind: 'gpt-entries'; header: number }
  | { kind: 'ext-superblock' }
  | { kind: 'ext-group-descriptors'; superblock: number; descSize: number }
  | { kind: 'ext-inodes'; superblock: number; inodeSize: number; firstIno: number }
  | { kind: 'ext-dir-block'; superblock: number; inode: number; ino: number };

/** Every metadata region of the image open as `fd` (fileSize bytes long), in file offsets. */
export function metadataRegions(fd: number, fileSize: number): Region[];
