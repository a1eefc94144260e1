import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { FilesystemError } from '../../../src/errors.js';
import { MemorySource } from '../../../src/io/byte-source.js';
import { xfsDriver } from '../../../src/fs/xfs/driver.js';
import { XfsFilesystem, type XfsNode } from '../../../src/fs/xfs/xfs-fs.js';
import { gzBytes, repoRoot } from '../helpers/images.js';

/**
 * Each case takes a real fixture image, changes one on-disk field, and asserts the reader
 * answers with FilesystemError of the right kind at the field's byte offset, or (for a field
 * covered only by a CRC) reads on and records a warning.
 */
const fixtureDir = path.join(repoRoot, '__tests__/fixtures/xfs');
const pristine = new Map<string, Uint8Array>();
/** A fresh copy of a fixture image (decompressed once per run). */
function image(name = 'xfs-v5'): Uint8Array {
  if (!pristine.has(name)) pristine.set(name, gzBytes(path.join(fixtureDir, `${name}.img.gz`)));
  return pristine.get(name)!.slice();
}

async function nodeAt(fs: XfsFilesystem, guestPath: string): Promise<XfsNode> {
  let node = await fs.root();
  for (const part of guestPath.split('/').filter(Boolean)) {
    const next = await fs.lookup(node, part);
    if (!next) throw new Error(`fixture lacks ${guestPath}`);
    node = next;
  }
  return node as XfsNode;
}

function put16(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = (value >>> 8) & 0xff;
  bytes[offset + 1] = value & 0xff;
}
function put32(bytes: Uint8Array, offset: number, value: number): void {
  put16(bytes, offset, value >>> 16);
  put16(bytes, offset + 2, value & 0xffff);
}

/**
 * Opens a pristine copy to locate things, lets `flip` change bytes (returning the field's
 * offset), reopens the changed image, runs `act` on it and returns what it threw.
 */
async function failure(flip: (bytes: Uint8Array, fs: XfsFilesystem) => Promise<number>, act: (fs: XfsFilesystem) => Promise<unknown>, name = 'xfs-v5') {
  const bytes = image(name);
  const offset = await flip(bytes, await XfsFilesystem.open(new MemorySource(image(name))));
  const error = await (async () => act(await XfsFilesystem.open(new MemorySource(bytes, name))))().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error: error as FilesystemError, offset };
}

/** Fails with the path of a lookup + read/readdir/readlink over the changed image. */
const read = (guestPath: string) => async (fs: XfsFilesystem) => {
  const node = await nodeAt(fs, guestPath);
  if (node.type === 'dir') return fs.readdir(node);
  if (node.type === 'symlink') return fs.readlink(node);
  return fs.readFile(node, 1 << 30);
};

describe('XFS reader on changed superblock fields', () => {
  it('sb_blocksize not a power of two: corrupt at 0x04', async () => {
    const bytes = image();
    put32(bytes, 0x04, 3000);
    await expect(XfsFilesystem.open(new MemorySource(bytes))).rejects.toMatchObject({ kind: 'corrupt', offset: 0x04, message: expect.stringContaining('sb_blocksize') });
  });

  it('sb_magicnum cleared: probe says no, open says corrupt at 0x0', async () => {
    const bytes = image();
    put32(bytes, 0, 0);
    expect(await xfsDriver.probe(new MemorySource(bytes))).toBe(false);
    expect(await xfsDriver.probe(new MemorySource(image()))).toBe(true);
    await expect(XfsFilesystem.open(new MemorySource(bytes))).rejects.toMatchObject({ kind: 'corrupt', offset: 0 });
  });

  it('sb_agcount that cannot cover sb_dblocks: corrupt at 0x58', async () => {
    const bytes = image();
    put32(bytes, 0x58, 0x7fffffff);
    await expect(XfsFilesystem.open(new MemorySource(bytes))).rejects.toMatchObject({ kind: 'corrupt', offset: 0x58 });
  });

  it.each([
    [0x100, 'METADIR'],
    [0x10000000, 'unknown bit 0x10000000'],
  ])('incompat feature %s: unsupported at 0xd8, naming it', async (bit, name) => {
    const bytes = image();
    put32(bytes, 0xd8, ((bytes[0xd8]! << 24) | (bytes[0xd9]! << 16) | (bytes[0xda]! << 8) | bytes[0xdb]!) | bit);
    await expect(XfsFilesystem.open(new MemorySource(bytes))).rejects.toMatchObject({ kind: 'unsupported', offset: 0xd8, message: expect.stringContaining(name) });
  });

  it('sb_rootino outside the filesystem: corrupt at 0x38 on root()', async () => {
    const bytes = image();
    put32(bytes, 0x38, 0x7fffffff);
    const fs = await XfsFilesystem.open(new MemorySource(bytes));
    await expect(fs.root()).rejects.toMatchObject({ kind: 'corrupt', offset: 0x38, message: expect.stringContaining('sb_rootino') });
  });

  it('a superblock byte changed under its CRC: opens, with a warning', async () => {
    const bytes = image();
    bytes[0x100] = bytes[0x100]! ^ 0xff; // sb_meta_uuid: covered by sb_crc, not read
    const fs = await XfsFilesystem.open(new MemorySource(bytes));
    expect(fs.warnings).toEqual([expect.stringContaining('sb_crc')]);
  });
});

describe('XFS reader on changed inode fields', () => {
  it('di_magic cleared: corrupt at the inode record', async () => {
    const { error, offset } = await failure(
      async (b, fs) => {
        const at = (await nodeAt(fs, '/etc/hostname')).inode.offset;
        put16(b, at, 0);
        return at;
      },
      read('/etc/hostname'),
    );
    expect(error).toBeInstanceOf(FilesystemError);
    expect(error).toMatchObject({ kind: 'corrupt', offset, message: expect.stringContaining('di_magic') });
  });

  it('di_forkoff beyond the inode: corrupt at +0x52', async () => {
    const { error, offset } = await failure(
      async (b, fs) => {
        const at = (await nodeAt(fs, '/etc/hostname')).inode.offset + 0x52;
        b[at] = 0xff;
        return at;
      },
      read('/etc/hostname'),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset, message: expect.stringContaining('di_forkoff') });
  });

  it('di_nextents larger than the fork holds: corrupt at +0x4c', async () => {
    const { error, offset } = await failure(
      async (b, fs) => {
        const at = (await nodeAt(fs, '/usr/share/doc/pkg/kib-410')).inode.offset + 0x4c;
        put32(b, at, 0xffffffff);
        return at;
      },
      read('/usr/share/doc/pkg/kib-410'),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset, message: expect.stringContaining('di_nextents') });
  });

  it('di_ino naming another inode (a misdirected record): corrupt at +0x98', async () => {
    const { error, offset } = await failure(
      async (b, fs) => {
        const at = (await nodeAt(fs, '/etc/hostname')).inode.offset + 0x98;
        b[at + 7] ^= 0x01;
        return at;
      },
      read('/etc/hostname'),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset, message: expect.stringContaining('di_ino') });
  });

  it('di_flags REALTIME: unsupported at +0x5a (the data is on a device we do not have)', async () => {
    const { error, offset } = await failure(
      async (b, fs) => {
        const at = (await nodeAt(fs, '/etc/hostname')).inode.offset + 0x5a;
        b[at + 1] |= 0x01;
        return at;
      },
      read('/etc/hostname'),
    );
    expect(error).toMatchObject({ kind: 'unsupported', offset, message: expect.stringContaining('realtime') });
  });

  it('an unused inode byte changed under di_crc: the file still reads, with a warning', async () => {
    const bytes = image();
    const node = await nodeAt(await XfsFilesystem.open(new MemorySource(image())), '/etc/hostname');
    bytes[node.inode.offset + 0x84] ^= 0x01; // di_pad2
    const fs = await XfsFilesystem.open(new MemorySource(bytes));
    expect(new TextDecoder().decode(await fs.readFile(await nodeAt(fs, '/etc/hostname'), 100))).toBe('fixture-host\n');
    expect(fs.warnings).toEqual([expect.stringContaining(`inode ${node.ino}: di_crc`)]);
  });
});

describe('XFS reader on changed extent maps', () => {
  it('an extent startblock beyond the filesystem: corrupt at the record', async () => {
    const { error, offset } = await failure(
      async (b, fs) => {
        const at = (await fs.dataExtents(await nodeAt(fs, '/usr/share/doc/pkg/kib-410')))[0]!.offset;
        b[at + 7] = b[at + 7]! | 0xff; // top bits of startblock (low 9 bits of l0)
        return at;
      },
      read('/usr/share/doc/pkg/kib-410'),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset, message: expect.stringContaining('outside the filesystem') });
  });

  it('a B+tree root pointing twice at the same leaf: corrupt (cycle) at the second pointer', async () => {
    const { error, offset } = await failure(
      async (b, fs) => {
        const { inode } = await nodeAt(fs, '/var/fragmented');
        expect(inode.di_format).toBe(3);
        const maxrecs = Math.floor((inode.dataFork.length - 4) / 16);
        const numrecs = (inode.dataFork[2]! << 8) | inode.dataFork[3]!;
        expect(numrecs).toBeGreaterThanOrEqual(2);
        const ptrs = inode.dataForkOffset + 4 + maxrecs * 8;
        b.copyWithin(ptrs + 8, ptrs, ptrs + 8);
        return ptrs + 8;
      },
      read('/var/fragmented'),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset, message: expect.stringContaining('cycle') });
  });

  it('a B+tree root level of 50: corrupt at the fork', async () => {
    const { error, offset } = await failure(
      async (b, fs) => {
        const at = (await nodeAt(fs, '/var/fragmented')).inode.dataForkOffset;
        put16(b, at, 50);
        return at;
      },
      read('/var/fragmented'),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset, message: expect.stringContaining('bb_level') });
  });

  it('a B+tree leaf with the wrong magic: corrupt at the block', async () => {
    const { error, offset } = await failure(
      async (b, fs) => {
        const { inode } = await nodeAt(fs, '/var/fragmented');
        const maxrecs = Math.floor((inode.dataFork.length - 4) / 16);
        const fork = inode.dataFork;
        const ptrAt = 4 + maxrecs * 8;
        const fsb = Number(new DataView(fork.buffer, fork.byteOffset + ptrAt, 8).getBigUint64(0));
        const at = fs.fsblockOffset(fsb);
        put32(b, at, 0x12345678);
        return at;
      },
      read('/var/fragmented'),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset, message: expect.stringContaining('bb_magic') });
  });
});

describe('XFS reader on changed directories', () => {
  /** Volume offset of the single block of the block-format directory /dirs/block. */
  async function dirBlock(fs: XfsFilesystem): Promise<number> {
    const extents = await fs.dataExtents(await nodeAt(fs, '/dirs/block'));
    return fs.fsblockOffset(extents[0]!.startblock);
  }

  it('a bestfree byte changed under the block CRC: lists all 40 entries, with a warning', async () => {
    const bytes = image();
    const at = await dirBlock(await XfsFilesystem.open(new MemorySource(image())));
    bytes[at + 0x32] ^= 0x01; // bestfree[0].length: covered by the CRC, not read
    const fs = await XfsFilesystem.open(new MemorySource(bytes));
    expect(await fs.readdir(await nodeAt(fs, '/dirs/block'))).toHaveLength(40);
    expect(fs.warnings).toEqual([expect.stringContaining('directory block')]);
  });

  it('a block directory tail count too large: corrupt at the tail', async () => {
    const { error, offset } = await failure(
      async (b, fs) => {
        const at = (await dirBlock(fs)) + 4096 - 8;
        put32(b, at, 100_000);
        return at;
      },
      read('/dirs/block'),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset, message: expect.stringContaining('tail count') });
  });

  it('a data block with the wrong magic: corrupt at the block', async () => {
    const { error, offset } = await failure(
      async (b, fs) => {
        const at = await dirBlock(fs);
        put32(b, at, 0);
        return at;
      },
      read('/dirs/block'),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset, message: expect.stringContaining('magic') });
  });

  it('an unused region with length 0 (would never advance): corrupt at its length', async () => {
    const { error, offset } = await failure(
      async (b, fs) => {
        // The first entry ("." at 0x40) becomes an unused region of length 0.
        const at = (await dirBlock(fs)) + 0x40;
        put16(b, at, 0xffff);
        put16(b, at + 2, 0);
        return at + 2;
      },
      read('/dirs/block'),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset, message: expect.stringContaining('unused length') });
  });

  it('a short-form count beyond its entries: corrupt', async () => {
    const { error } = await failure(
      async (b, fs) => {
        const at = (await nodeAt(fs, '/home/user')).inode.dataForkOffset;
        b[at] = 200;
        return at;
      },
      read('/home/user'),
    );
    expect(error).toMatchObject({ kind: 'corrupt', message: expect.stringContaining('short-form directory') });
  });

  it('a short-form entry naming an inode outside the filesystem: corrupt on lookup', async () => {
    const { error } = await failure(
      async (b, fs) => {
        const { inode } = await nodeAt(fs, '/home/user/deep/er/still');
        // One entry "file": header (count, i8count, 4-byte parent), namelen, offset, 4 name bytes, ftype, then the inode number.
        const at = inode.dataForkOffset + 6 + 1 + 2 + 4 + 1;
        put32(b, at, 0xfffffff0);
        return at;
      },
      async (fs) => fs.lookup(await nodeAt(fs, '/home/user/deep/er/still'), 'file'),
    );
    expect(error).toMatchObject({ kind: 'corrupt', message: expect.stringContaining('inode number 4294967280 lies outside') });
  });
});

describe('XFS reader on changed symlinks', () => {
  it('a remote symlink block with the wrong sl_offset: corrupt at the field', async () => {
    const { error, offset } = await failure(
      async (b, fs) => {
        const extents = await fs.dataExtents(await nodeAt(fs, '/etc/remote-link'));
        const at = fs.fsblockOffset(extents[0]!.startblock) + 4;
        put32(b, at, 7);
        return at;
      },
      read('/etc/remote-link'),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset, message: expect.stringContaining('sl_offset') });
  });

  it('a symlink di_size beyond 1024: corrupt at +0x38', async () => {
    const { error, offset } = await failure(
      async (b, fs) => {
        const at = (await nodeAt(fs, '/etc/inline-link')).inode.offset + 0x38;
        put32(b, at + 4, 5000);
        return at;
      },
      read('/etc/inline-link'),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset, message: expect.stringContaining('di_size') });
  });
});
