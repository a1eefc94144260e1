import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { FilesystemError } from '../../../src/errors.js';
import { MemorySource } from '../../../src/io/byte-source.js';
import { ExtFilesystem, type ExtNode } from '../../../src/fs/ext/ext-fs.js';
import { extDriver } from '../../../src/fs/ext/driver.js';
import { parseExtentNode } from '../../../src/fs/ext/extent-tree.js';
import { ext4FixtureDir, gzBytes } from '../helpers/images.js';

/**
 * Each case takes a real fixture image, flips one on-disk field, and asserts the reader
 * answers with FilesystemError of the right kind at the field's byte offset.
 */
const image = (name: string) => gzBytes(path.join(ext4FixtureDir, `${name}.img.gz`));

async function nodeAt(fs: ExtFilesystem, guestPath: string): Promise<ExtNode> {
  let node = await fs.root();
  for (const part of guestPath.split('/').filter(Boolean)) {
    const next = await fs.lookup(node, part);
    if (!next) throw new Error(`fixture lacks ${guestPath}`);
    node = next;
  }
  return node as ExtNode;
}

function put16(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value & 0xff;
  bytes[offset + 1] = (value >> 8) & 0xff;
}
function put32(bytes: Uint8Array, offset: number, value: number): void {
  put16(bytes, offset, value & 0xffff);
  put16(bytes, offset + 2, value >>> 16);
}

/** Opens a pristine copy to locate things, lets `flip` change bytes, reopens, and returns the failure. */
async function failure(name: string, flip: (bytes: Uint8Array, fs: ExtFilesystem) => Promise<number>, act: (fs: ExtFilesystem) => Promise<unknown>) {
  const bytes = image(name);
  const offset = await flip(bytes, await ExtFilesystem.open(new MemorySource(image(name))));
  const error = await (async () => act(await ExtFilesystem.open(new MemorySource(bytes, name))))().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error: error as FilesystemError, offset };
}

/** The root directory's first data block (first extent of inode 2). */
async function rootBlock(fs: ExtFilesystem): Promise<number> {
  const root = (await fs.root()) as ExtNode;
  return parseExtentNode(root.inode.i_block, 0, 'root').leaves[0]!.ee_start;
}

describe('ext reader on flipped fields', () => {
  it('s_log_block_size beyond 64 KiB: corrupt at 0x418', async () => {
    const { error } = await failure('ext4-1k', async (b) => (put32(b, 0x418, 20), 0x418), async () => undefined);
    expect(error).toBeInstanceOf(FilesystemError);
    expect(error).toMatchObject({ kind: 'corrupt', offset: 0x418 });
    expect(error.message).toContain('s_log_block_size');
  });

  it('s_magic cleared: probe says no, open says corrupt at 0x438', async () => {
    const bytes = image('ext4-1k');
    put16(bytes, 0x438, 0);
    const source = new MemorySource(bytes);
    expect(await extDriver.probe(source)).toBe(false);
    await expect(ExtFilesystem.open(source)).rejects.toMatchObject({ kind: 'corrupt', offset: 0x438 });
  });

  it('an unknown incompat feature: unsupported, naming it', async () => {
    const bytes = image('ext4-1k');
    bytes[0x460] = bytes[0x460]! | 0x01; // compression
    await expect(ExtFilesystem.open(new MemorySource(bytes))).rejects.toMatchObject({ kind: 'unsupported', offset: 0x460, message: expect.stringContaining('compression') });
  });

  it('eh_entries above eh_max in an inode: corrupt at the field', async () => {
    const { error, offset } = await failure(
      'ext4-1k',
      async (b, fs) => {
        const at = (await nodeAt(fs, '/usr/share/doc/pkg/kib-108')).inode.offset + 0x28 + 0x2;
        put16(b, at, 5);
        return at;
      },
      async (fs) => fs.readFile(await nodeAt(fs, '/usr/share/doc/pkg/kib-108'), 1 << 20),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset });
    expect(error.message).toContain('eh_entries');
  });

  it('eh_depth above 5: corrupt at the field', async () => {
    const { error, offset } = await failure(
      'ext4-1k',
      async (b, fs) => {
        const at = (await nodeAt(fs, '/etc/os-release')).inode.offset + 0x28 + 0x6;
        put16(b, at, 6);
        return at;
      },
      async (fs) => fs.readFile(await nodeAt(fs, '/etc/os-release'), 100),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset });
    expect(error.message).toContain('eh_depth');
  });

  it('an extent pointing past the volume: corrupt at ee_start', async () => {
    const { error, offset } = await failure(
      'ext4-1k',
      async (b, fs) => {
        const node = await nodeAt(fs, '/etc/os-release');
        const leaf = parseExtentNode(node.inode.i_block, node.inode.offset + 0x28, 'x').leaves[0]!;
        put32(b, leaf.offset + 0x8, 0x7fffffff);
        return leaf.offset + 0x6;
      },
      async (fs) => fs.readFile(await nodeAt(fs, '/etc/os-release'), 100),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset });
  });

  it('rec_len not a multiple of 4: corrupt at the rec_len', async () => {
    const { error, offset } = await failure(
      'ext4-1k',
      async (b, fs) => {
        const at = (await rootBlock(fs)) * 1024 + 0x4;
        put16(b, at, 13);
        return at;
      },
      async (fs) => fs.readdir(await fs.root()),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset });
    expect(error.message).toContain('rec_len');
  });

  it('rec_len running past the block: corrupt, and lookup fails the same way', async () => {
    const { error, offset } = await failure(
      'ext4-1k',
      async (b, fs) => {
        const at = (await rootBlock(fs)) * 1024 + 12 + 0x4; // the ".." entry
        put16(b, at, 4096);
        return at;
      },
      async (fs) => fs.lookup(await fs.root(), 'etc'),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset });
  });

  it('name_len longer than its rec_len: corrupt at name_len', async () => {
    const { error, offset } = await failure(
      'ext4-1k',
      async (b, fs) => {
        const at = (await rootBlock(fs)) * 1024 + 0x6; // "." has rec_len 12
        b[at] = 200;
        return at;
      },
      async (fs) => fs.readdir(await fs.root()),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset });
    expect(error.message).toContain('name_len');
  });

  it('a directory entry naming an inode above s_inodes_count: corrupt at the entry', async () => {
    const { error, offset } = await failure(
      'ext4-1k',
      async (b, fs) => {
        const at = (await rootBlock(fs)) * 1024;
        put32(b, at, 0x7fffffff);
        return at;
      },
      async (fs) => fs.readdir(await fs.root()),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset });
  });

  it('an indirect block pointer past the volume (ext2 block map): corrupt at i_block[12]', async () => {
    const { error, offset } = await failure(
      'ext2-1k',
      async (b, fs) => {
        const at = (await nodeAt(fs, '/usr/share/doc/pkg/kib-410')).inode.offset + 0x28 + 12 * 4;
        put32(b, at, 0x00ffffff);
        return at;
      },
      async (fs) => fs.readFile(await nodeAt(fs, '/usr/share/doc/pkg/kib-410'), 1 << 20),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset });
  });

  it('i_extra_isize beyond the inode on an inline-data file: corrupt at the field', async () => {
    const { error, offset } = await failure(
      'ext4-inline',
      async (b, fs) => {
        const at = (await nodeAt(fs, '/small-dir/inner/in-xattr-100')).inode.offset + 0x80;
        put16(b, at, 254);
        return at;
      },
      async (fs) => fs.readFile(await nodeAt(fs, '/small-dir/inner/in-xattr-100'), 1000),
    );
    expect(error).toMatchObject({ kind: 'corrupt', offset });
  });

  it('a huge i_size_high with an uncapped caller: a typed refusal, not a giant allocation', async () => {
    const { error, offset } = await failure(
      'ext4-1k',
      async (b, fs) => {
        const inode = (await nodeAt(fs, '/etc/os-release')).inode;
        put32(b, inode.offset + 0x6c, 0x1000); // i_size_high: 16 TiB more
        return inode.offset + 0x4;
      },
      async (fs) => fs.readFile(await nodeAt(fs, '/etc/os-release'), Number.MAX_SAFE_INTEGER),
    );
    expect(error).toMatchObject({ kind: 'unsupported', offset });
  });

  it('a truncated volume: reading past its end is corrupt, not a crash', async () => {
    const bytes = image('ext4-1k');
    // 8 KiB keeps the superblock and descriptors but cuts off the inode table.
    const fs = await ExtFilesystem.open(new MemorySource(bytes.subarray(0, 8 * 1024)));
    await expect(fs.root()).rejects.toMatchObject({ kind: 'corrupt', message: expect.stringContaining('bg_inode_table') });
  });
});

describe('ext readFile bounds', () => {
  it('returns exactly min(size, maxBytes) bytes, a prefix of the file', async () => {
    const fs = await ExtFilesystem.open(new MemorySource(image('ext2-1k')));
    const node = await nodeAt(fs, '/usr/share/doc/pkg/kib-410');
    const whole = await fs.readFile(node, Number.MAX_SAFE_INTEGER);
    expect(whole.length).toBe(410 * 1024);
    const head = await fs.readFile(node, 5000);
    expect(head.length).toBe(5000);
    expect(head).toEqual(whole.subarray(0, 5000));
    expect((await fs.readFile(node, 0)).length).toBe(0);
    // Block 300 sits behind the double-indirect block: its line carries its own number.
    expect(new TextDecoder().decode(whole.subarray(300 * 1024, 300 * 1024 + 8))).toBe('kib 300 ');
  });

  it('reads holes and unwritten extents over stale blocks as zeros', async () => {
    const fs = await ExtFilesystem.open(new MemorySource(image('ext4-4k-debian12')));
    const data = await fs.readFile(await nodeAt(fs, '/var/prealloc'), 1 << 20);
    expect(data.subarray(0, 20 * 4096).every((b) => b === 0)).toBe(true);
    expect(new TextDecoder().decode(data.subarray(20 * 4096, 20 * 4096 + 21))).toBe('written in the middle');
    expect(data.subarray(21 * 4096).every((b) => b === 0)).toBe(true);
  });

  it('reads a fast symlink and an inline-data symlink longer than i_block', async () => {
    const fs = await ExtFilesystem.open(new MemorySource(image('ext4-inline')));
    expect(await fs.readlink(await nodeAt(fs, '/etc/fast-link'))).toBe('hostname');
    expect(await fs.readlink(await nodeAt(fs, '/etc/slow-link'))).toBe('/a/long/symlink/target/that/is/longer/than/sixty/bytes/for/a/slow/link');
  });
});
