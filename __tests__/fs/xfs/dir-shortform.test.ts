import { describe, expect, it } from '@jest/globals';
import { FilesystemError } from '../../../src/errors.js';
import { parseShortformDir } from '../../../src/fs/xfs/dir-shortform.js';

/**
 * Short-form directories with 8-byte inode numbers (i8count != 0) only occur when some inode
 * number exceeds 2^32, i.e. on multi-terabyte filesystems too large to ship as fixtures, so
 * this builds the bytes as xfs_da_format.h lays them out: count, i8count, parent, then per
 * entry namelen, 2-byte offset, name, ftype byte, inode number.
 */
function shortform(wide: boolean, entries: { name: string; ftype: number; ino: bigint }[], parent: bigint): Uint8Array {
  const inoBytes = (v: bigint) => {
    const out = new Uint8Array(wide ? 8 : 4);
    for (let i = out.length - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
    return [...out];
  };
  const bytes = [entries.length, wide ? entries.length : 0, ...inoBytes(parent)];
  let offset = 0x60;
  for (const e of entries) {
    const name = [...Buffer.from(e.name)];
    bytes.push(name.length, offset >> 8, offset & 0xff, ...name, e.ftype, ...inoBytes(e.ino));
    offset += 16;
  }
  return new Uint8Array(bytes);
}

describe('parseShortformDir', () => {
  it('reads 8-byte inode numbers beyond 2^32 when i8count is set', () => {
    const fork = shortform(true, [
      { name: 'high', ftype: 2, ino: 0x1_2345_6789n },
      { name: 'low', ftype: 1, ino: 131n },
    ], 0x2_0000_0080n);
    const { parent, entries } = parseShortformDir(fork, fork.length, 0x1000, true, 99);
    expect(parent).toBe(0x2_0000_0080);
    expect(entries.map((e) => ({ name: Buffer.from(e.name).toString(), ino: e.ino, ftype: e.ftype }))).toEqual([
      { name: 'high', ino: 0x1_2345_6789, ftype: 2 },
      { name: 'low', ino: 131, ftype: 1 },
    ]);
  });

  it('reads 4-byte inode numbers when i8count is 0', () => {
    const fork = shortform(false, [{ name: 'a', ftype: 7, ino: 0xfffffff0n }], 128n);
    expect(parseShortformDir(fork, fork.length, 0, true, 99).entries[0]).toMatchObject({ ino: 0xfffffff0, ftype: 7 });
  });

  it('an entry cut off by di_size: corrupt, naming the entry and its offset', () => {
    const fork = shortform(true, [{ name: 'high', ftype: 2, ino: 5n }], 128n);
    expect(() => parseShortformDir(fork, fork.length - 1, 0x1000, true, 99)).toThrow(FilesystemError);
    expect(() => parseShortformDir(fork, fork.length - 1, 0x1000, true, 99)).toThrow(/entry 0 at 0x100a/);
  });
});
