import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { GateError } from '../../../src/errors.js';
import { MemorySource } from '../../../src/io/byte-source.js';
import { openFilesystem } from '../../../src/fs/registry.js';
import { ExtFilesystem, type ExtNode } from '../../../src/fs/ext/ext-fs.js';
import { EXTENT_MAGIC, parseExtentNode } from '../../../src/fs/ext/extent-tree.js';
import { INODE_FLAGS } from '../../../src/fs/ext/inode.js';
import { le16, le32 } from '../../../src/fs/ext/bytes.js';
import type { Filesystem, FsNode } from '../../../src/fs/types.js';
import { ext4FixtureDir, gzBytes } from '../helpers/images.js';
import { walkFilesystem } from '../helpers/walk.js';

/**
 * Seeded random damage to the live metadata of real images: the superblock, the first
 * descriptor block, every inode record in use, and the first block each inode points at
 * (directory blocks, extent and indirect blocks, file data). Every damaged image must still
 * give a walk result or a GateError, quickly. EXT_MUTATION_CASES=4000 runs a longer round
 * (20,000 cases passed when this was written).
 */
const CASES_PER_IMAGE = Number(process.env.EXT_MUTATION_CASES ?? 300);

/** xorshift32: deterministic, so a failure names a reproducible case. */
function prng(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

/** Byte ranges [start, end) of the structures the reader walks on a pristine image. */
async function liveRegions(bytes: Uint8Array): Promise<[number, number][]> {
  const fs = await ExtFilesystem.open(new MemorySource(bytes));
  const bs = fs.geometry.blockSize;
  const regions: [number, number][] = [
    [1024, 2048],
    [(fs.superblock.s_first_data_block + 1) * bs, (fs.superblock.s_first_data_block + 2) * bs],
  ];
  const add = (node: FsNode) => {
    const inode = (node as ExtNode).inode;
    regions.push([inode.offset, inode.offset + inode.raw.length]);
    if (inode.i_flags & INODE_FLAGS.INLINE_DATA_FL) return;
    let first: number | undefined = le32(inode.i_block, 0); // block map: i_block[0]
    if (inode.i_flags & INODE_FLAGS.EXTENTS_FL) {
      if (le16(inode.i_block, 0) !== EXTENT_MAGIC) return; // fast symlink
      const root = parseExtentNode(inode.i_block, 0, 'root');
      first = root.leaves[0]?.ee_start ?? root.indexes[0]?.ei_leaf;
    }
    if (first) regions.push([first * bs, (first + 1) * bs]);
  };
  const visit = async (filesystem: Filesystem, dir: FsNode): Promise<void> => {
    add(dir);
    for (const entry of await filesystem.readdir(dir)) {
      const node = (await filesystem.lookup(dir, entry.name))!;
      if (node.type === 'dir') await visit(filesystem, node);
      else add(node);
    }
  };
  await visit(fs, await fs.root());
  return regions;
}

describe.each(['ext4-1k', 'ext2-1k', 'ext4-inline', 'ext4-1k-blockmap', 'ext3-4k'])('random metadata damage to %s', (name) => {
  const pristine = gzBytes(path.join(ext4FixtureDir, `${name}.img.gz`));

  it(`${CASES_PER_IMAGE} damaged copies each give a result or a GateError within 5 s`, async () => {
    const regions = await liveRegions(pristine);
    const outcomes = { walked: 0, gateErrors: 0 };
    for (let c = 0; c < CASES_PER_IMAGE; c++) {
      const random = prng(c * 7919 + name.length);
      const bytes = pristine.slice();
      const flips = 1 + Math.floor(random() * 16);
      for (let f = 0; f < flips; f++) {
        const [start, end] = regions[Math.floor(random() * regions.length)]!;
        bytes[start + Math.floor(random() * (end - start))] = Math.floor(random() * 256);
      }
      const started = Date.now();
      try {
        const fs = await openFilesystem(new MemorySource(bytes, `${name} case ${c}`));
        if (fs) await walkFilesystem(fs, { maxFileBytes: 64 * 1024, maxEntries: 20_000, deadline: started + 5000 });
        outcomes.walked++;
      } catch (error) {
        if (!(error instanceof GateError)) throw new Error(`${name} case ${c}: ${String((error as Error).stack ?? error)}`);
        outcomes.gateErrors++;
      }
      expect(Date.now() - started).toBeLessThan(5000);
    }
    console.log(`${name}: ${outcomes.walked} damaged copies walked, ${outcomes.gateErrors} typed errors`);
    expect(outcomes.walked + outcomes.gateErrors).toBe(CASES_PER_IMAGE);
  });
});
