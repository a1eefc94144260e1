import { FilesystemError } from '../../errors.js';
import { I_BLOCK_SIZE, type Inode } from './inode.js';
import { XATTR_INDEX_SYSTEM, findInodeXattr } from './xattr.js';

/**
 * The two pieces of an inline-data inode (INLINE_DATA_FL): the 60 bytes of i_block, then the
 * value of the "system.data" attribute in the inode's extra space.
 */
export interface InlineData {
  /** i_block, 60 bytes. */
  head: Uint8Array;
  /** system.data value (possibly empty). */
  tail: Uint8Array;
  /** Byte offset of `tail` in the volume, for errors. */
  tailOffset: number;
}

/** Splits an inline-data inode into its two pieces. Pure. */
export function inlineData(inode: Inode): InlineData {
  const tail = findInodeXattr(inode, XATTR_INDEX_SYSTEM, 'data') ?? new Uint8Array(0);
  return { head: inode.i_block, tail, tailOffset: inode.offset + Math.max(0, tail.byteOffset - inode.raw.byteOffset) };
}

/** The first `length` bytes of an inline-data file (length ≤ i_size, checked by the caller). */
export function inlineFileBytes(inode: Inode, length: number): Uint8Array {
  const { head, tail } = inlineData(inode);
  if (length > I_BLOCK_SIZE + tail.length) {
    throw new FilesystemError(
      'corrupt',
      `ext inode ${inode.ino}: i_size ${inode.i_size} exceeds its inline data (${I_BLOCK_SIZE} + ${tail.length} bytes)`,
      { offset: inode.offset + 0x4 },
    );
  }
  const out = new Uint8Array(length);
  out.set(head.subarray(0, Math.min(length, I_BLOCK_SIZE)));
  if (length > I_BLOCK_SIZE) out.set(tail.subarray(0, length - I_BLOCK_SIZE), I_BLOCK_SIZE);
  return out;
}
