import { afterAll, describe, expect, it } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { extCsumSeed, extInodeSeed, sealExtExtentBlock, sealExtInode } from '../../../scripts/fuzz/checksums.mjs';
import { FilesystemError, GateError, LimitError } from '../../../src/errors.js';
import { ExtFilesystem } from '../../../src/fs/ext/ext-fs.js';
import { MemorySource } from '../../../src/io/byte-source.js';
import { checkImage } from '../../../src/inspect.js';
import { limits } from '../../../src/limits.js';
import { tempDir } from '../../cli/entry-helpers.js';
import { generalizedV2, withinTime } from '../../robustness/outcome.js';
import { ext4FixtureDir, gzBytes } from '../helpers/images.js';
import { PER_NODE, dagImage, extentNode, nodeAt } from './extent-dag-image.js';

/**
 * An extent tree that is a DAG: /etc/os-release of a real mkfs.ext4 image (metadata_csum) gets
 * a depth-5 root whose 4 index entries, and each interior node's 340, all point at the same
 * child, down to one leaf of 340 one-block extents. Walked as a tree that is 4 x 340^4 paths;
 * it once produced runs until it held > 1.8 GiB. The extent-block tails and the inode checksum
 * are recomputed (scripts/fuzz/checksums.mjs), so only the shape is wrong.
 */
const scratch = tempDir('extent-dag');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('an ext4 extent tree that is a DAG of shared nodes', () => {
  it('reading the file is a corrupt error at the second reference to a shared node', async () => {
    const { bytes, ino } = await dagImage();
    const fs = await ExtFilesystem.open(new MemorySource(bytes, 'ext4'));
    const file = await nodeAt(fs, '/etc/os-release');
    expect(file.ino).toBe(ino);
    const error = await withinTime(() => fs.readFile(file, limits.fileBytes), 10_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FilesystemError);
    expect(error).toMatchObject({ layer: 'filesystem', kind: 'corrupt' });
    expect((error as FilesystemError).message).toMatch(/^ext extent tree \(inode \d+, block 61\d\d\): ei_leaf at 0x[0-9a-f]+ points again at block 61\d\d, already visited/);
    expect((error as FilesystemError).offset).toEqual(expect.any(Number));
  });

  it('the whole check ends with a result or a typed error, in bounded memory', async () => {
    const { bytes } = await dagImage();
    const image = path.join(scratch, 'dag.img');
    writeFileSync(image, bytes);
    const rssBefore = process.resourceUsage().maxRSS * 1024;
    const outcome = await withinTime(() => checkImage({ image, intent: generalizedV2, failOn: 'error' }), 30_000).catch((e: unknown) => e);
    if (outcome instanceof Error) expect(outcome).toBeInstanceOf(GateError);
    expect(process.resourceUsage().maxRSS * 1024 - rssBefore).toBeLessThan(256 * 1024 * 1024);
  });

  it.each<[string, number, string]>([
    ['empty leaves: limits.extentNodes', 0, 'extentNodes'],
    ['full leaves: limits.fileExtents', PER_NODE, 'fileExtents'],
  ])('a wide tree of distinct nodes, %s', async (_what, leafEntries, budget) => {
    const bytes = Buffer.from(gzBytes(path.join(ext4FixtureDir, 'ext4-4k-debian12.img.gz')));
    const before = await ExtFilesystem.open(new MemorySource(bytes, 'ext4'));
    const target = await nodeAt(before, '/etc/os-release');
    const bs = before.geometry.blockSize;
    const sb = Buffer.from(bytes.subarray(1024, 2048));
    const inode = bytes.subarray(target.inode.offset, target.inode.offset + before.geometry.inodeSize);
    const seed = extInodeSeed(extCsumSeed(sb), target.ino, inode.readUInt32LE(0x64));
    const dataBlock = Buffer.from(target.inode.i_block).readUInt32LE(12 + 8);
    // Depth 3: the root's 4 entries, each interior node's 340 and each leaf are distinct blocks,
    // taken in the order a depth-first walk meets them from a pool the walk cannot exhaust
    // before the budget stops it (blocks past the pool are never reached).
    let next = 1500;
    const pool = 6139;
    const range = Array.from({ length: PER_NODE }, (_, i) => i);
    const build = (depth: number): number => {
      const block = next < pool ? next++ : 0;
      if (block === 0) return 0;
      const node = bytes.subarray(block * bs, (block + 1) * bs);
      if (depth === 0) {
        extentNode(node, 0, PER_NODE, range.slice(0, leafEntries).map((i) => [i, dataBlock]));
      } else {
        extentNode(node, depth, PER_NODE, range.map((i) => [i, 0]));
        for (const i of range) node.writeUInt32LE(build(depth - 1), 12 + 12 * i + 4);
      }
      sealExtExtentBlock(node, seed);
      return block;
    };
    const roots = [0, 1, 2, 3].map(() => build(2));
    expect(next).toBe(pool);
    extentNode(inode.subarray(0x28, 0x28 + 60), 3, 4, roots.map((b, i) => [i, b]));
    inode.writeUInt32LE(4 * 1024 * 1024, 0x4);
    sealExtInode(inode, target.ino, extCsumSeed(sb));
    // The filesystem opened before the pool was written found the file; now it reads the tree.
    const fs = await ExtFilesystem.open(new MemorySource(bytes, 'ext4'));
    const file = await nodeAt(fs, '/etc/os-release');
    expect(file.ino).toBe(target.ino);
    const error = await withinTime(() => fs.readFile(file, limits.fileBytes), 10_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitError);
    expect(error).toMatchObject({ layer: 'filesystem', kind: 'limit', budget, limit: limits[budget as 'extentNodes' | 'fileExtents'] });
  });
});
