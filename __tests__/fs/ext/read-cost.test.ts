import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import type { ByteSource } from '../../../src/io/byte-source.js';
import { ExtFilesystem, SCANNED_DIR_BYTES } from '../../../src/fs/ext/ext-fs.js';
import { ext4FixtureDir, gzImage } from '../helpers/images.js';

/** Wraps a source and counts what the reader asks for. */
function counting(source: ByteSource): ByteSource & { bytes: number; reads: number } {
  const counted = {
    name: source.name,
    size: source.size,
    bytes: 0,
    reads: 0,
    async read(offset: number, length: number) {
      counted.bytes += length;
      counted.reads++;
      return source.read(offset, length);
    },
  };
  return counted;
}

describe('ext reader reads only what a call needs', () => {
  it('opening and reading one small file of a 24 MiB image costs a few blocks', async () => {
    const source = counting(gzImage(path.join(ext4FixtureDir, 'ext4-4k-debian12.img.gz')));
    const fs = await ExtFilesystem.open(source);
    let node = await fs.root();
    for (const name of ['etc', 'hostname']) node = (await fs.lookup(node, name))!;
    expect(new TextDecoder().decode(await fs.readFile(node, 4096))).toBe('fixture-host\n');
    // superblock + descriptor + 3 inodes + 2 directory blocks + 1 data block, all under 4 KiB each.
    expect(source.reads).toBeLessThanOrEqual(10);
    expect(source.bytes).toBeLessThan(10 * 4096);
  });

  it('looking up every entry of a 5000-entry htree directory reads it once, then one block and one inode per name', async () => {
    const source = counting(gzImage(path.join(ext4FixtureDir, 'ext4-4k-debian12.img.gz')));
    const fs = await ExtFilesystem.open(source);
    const bigdir = (await fs.lookup((await fs.lookup(await fs.root(), 'var'))!, 'bigdir'))!;
    expect(bigdir.size).toBeGreaterThan(SCANNED_DIR_BYTES);
    const names = (await fs.readdir(bigdir)).map((e) => e.name);
    expect(names).toHaveLength(5000);
    const afterList = source.bytes;
    for (const name of names) expect((await fs.lookup(bigdir, name))?.type).toBe('file');
    // One pass over the directory blocks for the lookup index, then per name the block its hash
    // points at (a collision costs one more) and the inode.
    expect(source.bytes - afterList).toBeLessThan(bigdir.size + 5000 * (4096 + 256) + 16 * 4096);
    expect(await fs.lookup(bigdir, 'entry-5001-with-a-reasonably-long-name')).toBeUndefined();
  });

  it('a small directory is scanned per lookup, stopping at the match', async () => {
    const source = counting(gzImage(path.join(ext4FixtureDir, 'ext4-4k-debian12.img.gz')));
    const fs = await ExtFilesystem.open(source);
    const root = await fs.root();
    expect(root.size).toBeLessThanOrEqual(SCANNED_DIR_BYTES);
    const before = source.reads;
    expect(await fs.lookup(root, 'etc')).toBeDefined();
    expect(source.reads - before).toBeLessThanOrEqual(3); // directory block, descriptor, inode
    expect(await fs.lookup(root, 'no-such-name')).toBeUndefined();
  });

  it('readFile allocates min(size, maxBytes), not the file size', async () => {
    const fs = await ExtFilesystem.open(gzImage(path.join(ext4FixtureDir, 'ext4-4k-debian12.img.gz')));
    let node = await fs.root();
    for (const name of ['var', 'trailing-hole']) node = (await fs.lookup(node, name))!;
    expect(node.size).toBe(3 * 1024 * 1024);
    expect((await fs.readFile(node, 100)).length).toBe(100);
  });
});
