import { FilesystemError, hex } from '../../errors.js';
import { le16, le32 } from './bytes.js';
import type { Inode } from './inode.js';

/** h_magic / the in-inode header magic of extended attributes. */
export const XATTR_MAGIC = 0xea020000;
/** e_name_index of the "system." namespace (system.data holds inline data). */
export const XATTR_INDEX_SYSTEM = 7;

/** First byte past the fixed 128-byte inode: the large-inode area starts here. */
const GOOD_OLD_INODE_SIZE = 128;

/**
 * Finds an attribute stored in the inode's extra space (after i_extra_isize): a 4-byte magic,
 * then entries (e_name_len 0x0, e_name_index 0x1, e_value_offs 0x2, e_value_inum 0x4,
 * e_value_size 0x8, e_hash 0xC, e_name 0x10) ended by four zero bytes; values are addressed
 * from the first entry. Returns the value bytes, or undefined when absent. Pure.
 */
export function findInodeXattr(inode: Inode, nameIndex: number, name: string): Uint8Array | undefined {
  const raw = inode.raw;
  if (raw.length <= GOOD_OLD_INODE_SIZE) return undefined;
  const fail = (field: string, at: number, detail: string) =>
    new FilesystemError('corrupt', `ext inode ${inode.ino} in-inode xattr: ${field} at ${hex(inode.offset + at)} ${detail}`, { offset: inode.offset + at });
  if (inode.i_extra_isize % 4 !== 0 || GOOD_OLD_INODE_SIZE + inode.i_extra_isize > raw.length) {
    throw fail('i_extra_isize', 0x80, `is ${inode.i_extra_isize}, expected a multiple of 4 within the ${raw.length}-byte inode`);
  }
  const header = GOOD_OLD_INODE_SIZE + inode.i_extra_isize;
  if (header + 4 > raw.length || le32(raw, header) !== XATTR_MAGIC) return undefined;
  const first = header + 4;
  const wanted = new TextEncoder().encode(name);
  for (let at = first; ; ) {
    if (at + 4 > raw.length) throw fail('entry list', at, 'runs past the end of the inode without a terminator');
    if (le32(raw, at) === 0) return undefined;
    if (at + 16 > raw.length) throw fail('entry', at, 'is cut off by the end of the inode');
    const e_name_len = raw[at]!;
    const e_name_index = raw[at + 1]!;
    const nameEnd = at + 16 + e_name_len;
    if (nameEnd > raw.length) throw fail('e_name_len', at, `(${e_name_len}) runs past the end of the inode`);
    const e_name = raw.subarray(at + 16, nameEnd);
    if (e_name_index === nameIndex && e_name.length === wanted.length && e_name.every((b, i) => b === wanted[i])) {
      const e_value_offs = le16(raw, at + 0x2);
      const e_value_inum = le32(raw, at + 0x4);
      const e_value_size = le32(raw, at + 0x8);
      if (e_value_inum !== 0) {
        throw new FilesystemError('unsupported', `ext inode ${inode.ino}: attribute ${name} is stored in inode ${e_value_inum} (ea_inode)`, { offset: inode.offset + at });
      }
      const start = first + e_value_offs;
      if (start + e_value_size > raw.length) {
        throw fail('e_value_offs/e_value_size', at + 0x2, `(${e_value_offs}+${e_value_size}) run past the end of the inode`);
      }
      return raw.subarray(start, start + e_value_size);
    }
    at = (nameEnd + 3) & ~3;
  }
}
