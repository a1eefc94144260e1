import { FilesystemError, hex } from '../../errors.js';
import { le16, le32 } from './bytes.js';

/** One live directory entry (struct ext4_dir_entry_2), "." and ".." included. */
export interface RawDirEntry {
  /** 0x0 inode number (never 0 here: unused slots are skipped). */
  inode: number;
  /** 0x7 file type (1 file, 2 dir, 7 symlink ...), 0 when the filesystem lacks filetype. */
  file_type: number;
  /** 0x8 name bytes as stored. */
  name: Uint8Array;
}

/** How to read entries of one filesystem. */
export interface DirFormat {
  /** FILETYPE feature: name_len is 8 bits and byte 0x7 is the file type. */
  hasFileType: boolean;
  /** s_inodes_count: entries pointing above it are corrupt. */
  inodesCount: number;
  /** Block size: with 64 KiB blocks rec_len 65535 or 0 stands for 65536. */
  blockSize: number;
}

/** Decodes rec_len as ext4_rec_len_from_disk does. */
function decodeRecLen(raw: number, format: DirFormat): number {
  if (format.blockSize < 65536) return raw;
  if (raw === 65535 || raw === 0) return format.blockSize;
  return (raw & 65532) | ((raw & 3) << 16);
}

/**
 * Parses a region of linear directory entries: a whole directory block, or an inline-data
 * area. `base` is the region's byte offset in the volume, for errors. Entries with inode 0
 * are skipped: deleted slots, the htree dx_node fake entry (rec_len = block) and the
 * metadata_csum tail (rec_len 12, name_len 0, file_type 0xDE). The htree dx_root hides
 * inside the ".." entry's rec_len, so an htree directory reads correctly this way. Pure.
 */
export function parseDirRegion(bytes: Uint8Array, base: number, format: DirFormat): RawDirEntry[] {
  const entries: RawDirEntry[] = [];
  const fail = (field: string, at: number, detail: string) =>
    new FilesystemError('corrupt', `ext directory entry: ${field} at ${hex(base + at)} ${detail}`, { offset: base + at });
  for (let at = 0; at < bytes.length; ) {
    if (at + 8 > bytes.length) throw fail('rec_len', at + 4, `leaves ${bytes.length - at} bytes, too few for an entry header`);
    const inode = le32(bytes, at + 0x0);
    const rec_len = decodeRecLen(le16(bytes, at + 0x4), format);
    if (rec_len < 8 || rec_len % 4 !== 0 || at + rec_len > bytes.length) {
      throw fail('rec_len', at + 4, `is ${rec_len}, expected a multiple of 4 from 8 to ${bytes.length - at}`);
    }
    const name_len = format.hasFileType ? bytes[at + 0x6]! : le16(bytes, at + 0x6);
    const file_type = format.hasFileType ? bytes[at + 0x7]! : 0;
    if (inode !== 0) {
      if (8 + name_len > rec_len) throw fail('name_len', at + 6, `is ${name_len}, longer than rec_len ${rec_len} allows`);
      if (name_len === 0) throw fail('name_len', at + 6, 'is 0 in a live entry');
      if (inode > format.inodesCount) throw fail('inode', at, `is ${inode}, above s_inodes_count ${format.inodesCount}`);
      entries.push({ inode, file_type, name: bytes.subarray(at + 8, at + 8 + name_len) });
    }
    at += rec_len;
  }
  return entries;
}

/** Whether a raw name is "." or "..". */
export function isDotEntry(name: Uint8Array): boolean {
  return (name.length === 1 && name[0] === 0x2e) || (name.length === 2 && name[0] === 0x2e && name[1] === 0x2e);
}
