import type { ByteSource } from '../io/byte-source.js';

/** Container formats we read, and the ones we only recognise to name them in an error. */
export type ContainerFormat = 'vhd-fixed' | 'vhd-dynamic' | 'raw';

/** The VHD footer as found (all fields big-endian on disk; VHD spec "Hard Disk Footer Format"). */
export interface VhdFooter {
  /** Footer bytes 0-7 were "conectix". */
  cookieValid: boolean;
  /** Offset 12; 0x00010000 for every VHD Azure accepts. */
  formatVersion: number;
  /** Offset 60: 2 fixed, 3 dynamic, 4 differencing. */
  diskType: number;
  /** Offset 40: size at creation. */
  originalSize: number;
  /** Offset 48: the virtual disk size Azure checks. */
  currentSize: number;
  /** Offset 64: stored checksum, and whether it equals the one's complement of the byte sum. */
  checksum: number;
  checksumValid: boolean;
  /** Offset 28: creator application, e.g. "qemu", "win ", "vpc ". */
  creatorApplication: string;
  /** Offset 68: unique id as a GUID string. */
  uniqueId: string;
}

/** What the container layer learned; everything the disk rules (DISK-*) need. */
export interface ContainerInfo {
  format: ContainerFormat;
  /** Size of the virtual disk the guest sees, in bytes. */
  virtualSize: number;
  /** Size of the image file or blob, in bytes. */
  fileSize: number;
  /** Present for VHDs. */
  footer?: VhdFooter;
  /** Non-fatal observations ("footer copy at offset 0 differs from the one at the end"). */
  notes: string[];
  /**
   * Where `footer` was read: 'end' (the last 512 bytes, where Azure looks) or 'start-copy' (the
   * copy a dynamic VHD keeps at offset 0, used because the end of the file holds no footer).
   * Absent for raw images.
   */
  footerLocation?: 'end' | 'start-copy';
}

/** An opened container: the virtual disk as a byte source plus what we learned about it. */
export interface OpenedContainer {
  disk: ByteSource;
  info: ContainerInfo;
}
