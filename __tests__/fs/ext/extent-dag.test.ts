import { afterAll, describe, expect, it } from '@jest/globals';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { extCsumSeed, extHasMetadataCsum, extInodeSeed, sealExtExtentBlock, sealExtInode } from '../../../scripts/fuzz/checksums.mjs';
import { FilesystemError, GateError, LimitError } from '../../../src/errors.js';
import { ExtFilesystem, type ExtNode } from '../../../src/fs/ext/ext-fs.js';
import { MemorySource } from '../../../src/io/byte-source.js';
import { checkImage } from '../../../src/inspect.js';
import { limits } from '../../../src/limits.js';
import { tempDir } from '../../cli/entry-helpers.js';
import { generalizedV2, withinTime } from '../../robustness/outcome.js';
import { ext4FixtureDir, gzBytes } from '../helpers/images.js';

/**
 * An extent tree that is a DAG: /etc/os-release of a real mkfs.ext4 image (metadata_csum) gets
 * a depth-5 root whose 4 index entries, and each interior node's 340, all point at the same
 * child, down to one leaf of 340 one-block extents. Walked as a tree that is 4 x 340^4 paths;
 * it once produced runs until it held > 1.8 GiB. The extent-block tails and the inode checksum
 * are recomputed (scripts/fuzz/checksums.mjs), so only the shape is wrong.
 */
const PER_NODE = 340; // (4096 - 12) / 12 entries in a 4 KiB extent block
const scratch = tempDir('extent-dag');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function nodeAt(fs: ExtFilesystem, guestPath: string): Promise<ExtNode> {
  let node = await fs.root();
  for (const name of guestPath.split('/').filter(Boolean)) node = (await fs.lookup(node, name))!;
  return node as ExtNode;
}

/** One extent-tree node: header (magic, entries, max, depth) and `entries` 12-byte entries. */
function extentNode(into: Buffer, depth: number, max: number, entries: [number, number][]): void {
  into.fill(0, 0, 12 + 12 * max);
  into.writeUInt16LE(0xf30a, 0);
  into.writeUInt16LE(entries.length, 2);
  into.writeUInt16LE(max, 4);
  into.writeUInt16LE(depth, 6);
  entries.forEach(([logical, physical], i) => {
    const at = 12 + 12 * i;
    into.writeUInt32LE(logical, at); // ei_block / ee_block
    if (depth > 0) {
      into.writeUInt32LE(physical, at + 4); // ei_leaf_lo
    } else {
      into.writeUInt16LE(1, at + 4); // ee_len
      into.writeUInt32LE(physical, at + 8); // ee_start_lo
    }
  });
}

/** The image with /etc/os-release's extent tree replaced by the DAG. */
async function dagImage(): Promise<{ bytes: Buffer; ino: number }> {
  const bytes = Buffer.from(gzBytes(path.join(ext4FixtureDir, 'ext4-4k-debian12.img.gz')));
  const fs = await ExtFilesystem.open(new MemorySource(bytes, 'ext4'));
  const file = await nodeAt(fs, '/etc/os-release');
  const bs = fs.geometry.blockSize;
  expect(bs).toBe(4096);
  const sb = bytes.subarray(1024, 2048);
  expect(extHasMetadataCsum(sb)).toBe(true);
  const dataBlock = Buffer.from(file.inode.i_block).readUInt32LE(12 + 8);
  // Five blocks at the end of the 24 MiB filesystem, unused (all zeros) in the image.
  const blocks = [6139, 6140, 6141, 6142, 6143];
  for (const b of blocks) expect(bytes.subarray(b * bs, (b + 1) * bs).every((x) => x === 0)).toBe(true);
  const inode = bytes.subarray(file.inode.offset, file.inode.offset + fs.geometry.inodeSize);
  const seed = extInodeSeed(extCsumSeed(Buffer.from(sb)), file.ino, inode.readUInt32LE(0x64));
  const range = Array.from({ length: PER_NODE }, (_, i) => i);
  // blocks[0] is the leaf; blocks[d] (depth d) points all its entries at blocks[d - 1].
  blocks.forEach((block, depth) => {
    const node = bytes.subarray(block * bs, (block + 1) * bs);
    extentNode(node, depth, PER_NODE, range.map((i) => [i, depth === 0 ? dataBlock : blocks[depth - 1]!]));
    sealExtExtentBlock(node, seed);
  });
  const iBlock = inode.subarray(0x28, 0x28 + 60);
  extentNode(iBlock, 5, 4, [0, 1, 2, 3].map((i) => [i, blocks[4]!]));
  inode.writeUInt32LE(4 * 1024 * 1024, 0x4); // i_size: 4 MiB, so a read asks for 1024 blocks
  sealExtInode(inode, file.ino, extCsumSeed(Buffer.from(sb)));
  return { bytes, ino: file.ino };
}

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
