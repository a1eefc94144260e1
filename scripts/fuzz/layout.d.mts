/** A named byte range of the image file (file offsets, not virtual-disk offsets). */
export interface Region {
  /** What the bytes are: "vhd footer", "gpt entries", "ext superblock p1". */
  name: string;
  offset: number;
  length: number;
}

/** Every metadata region of the image open as `fd` (fileSize bytes long), in file offsets. */
export function metadataRegions(fd: number, fileSize: number): Region[];
