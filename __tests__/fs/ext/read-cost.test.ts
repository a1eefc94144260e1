import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import type { ByteSource } from '../../../src/io/byte-source.js';
import { ExtFilesystem } from '../../../src/fs/ext/ext-fs.js';
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

  it('looking up every entry of a 5000-entry htree directory reads it once', async () => {
    const source = counting(gzImage(path.join(ext4FixtureDir, 'ext4-4k-debian12.img.gz')));
    const fs = await ExtFilesystem.open(source);
    const bigdir = (await fs.lookup((await fs.lookup(await fs.root(), 'var'))!, 'bigdir'))!;
    const names = (await fs.readdir(bigdir)).map((e) => e.name);
    expect(names).toHaveLength(5000);
    const afterList = source.bytes;
    for (const name of names) expect(await fs.lookup(bigdir, name)).toBeDefined();
    // One more pass over the directory blocks for the lookup index, then one inode each.
    expect(source.bytes - afterList).toBeLessThan(bigdir.size + 5000 * 256 + 4096);
  });

  it('a directory too large to index is scanned per lookup, stopping at the match', async () => {
    const source = counting(gzImage(path.join(ext4FixtureDir, 'ext4-4k-debian12.img.gz')));
    const fs = await ExtFilesystem.open(source, { indexedDirBytes: 0 });
    const bigdir = (await fs.lookup((await fs.lookup(await fs.root(), 'var'))!, 'bigdir'))!;
    const before = source.bytes;
    const first = (await fs.readdir(bigdir))[0]!.name;
    const listing = source.bytes - before;
    const mid = source.bytes;
    expect(await fs.lookup(bigdir, first)).toBeDefined();
    expect(source.bytes - mid).toBeLessThan(listing); // found in the first blocks, not all of them
    expect(await fs.lookup(bigdir, 'entry-5001-with-a-reasonably-long-name')).toBeUndefined();
    expect(await fs.lookup(bigdir, 'entry-4321-with-a-reasonably-long-name')).toBeDefined();
  });

  it('readFile allocates min(size, maxBytes), not the file size', async () => {
    const fs = await ExtFilesystem.open(gzImage(path.join(ext4FixtureDir, 'ext4-4k-debian12.img.gz')));
    let node = await fs.root();
    for (const name of ['var', 'trailing-hole']) node = (await fs.lookup(node, name))!;
    expect(node.size).toBe(3 * 1024 * 1024);
    expect((await fs.readFile(node, 100)).length).toBe(100);
  });
});
