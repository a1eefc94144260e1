import path from 'node:path';
import { expect } from '@jest/globals';
import { extCsumSeed, extHasMetadataCsum, extInodeSeed, sealExtExtentBlock, sealExtInode } from '../../../scripts/fuzz/checksums.mjs';
import { ExtFilesystem, type ExtNode } from '../../../src/fs/ext/ext-fs.js';
import { MemorySource } from '../../../src/io/byte-source.js';
import { ext4FixtureDir, gzBytes } from '../helpers/images.js';

/** Entries in a 4 KiB extent block: (4096 - 12) / 12. */
export const PER_NODE = 340;

export async function nodeAt(fs: ExtFilesystem, guestPath: string): Promise<ExtNode> {
  let node = await fs.root();
  for (const name of guestPath.split('/').filter(Boolean)) node = (await fs.lookup(node, name))!;
  return node as ExtNode;
}

/** One extent-tree node: header (magic, entries, max, depth) and `entries` 12-byte entries. */
export function extentNode(into: Buffer, depth: number, max: number, entries: [number, number][]): void {
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
export async function dagImage(): Promise<{ bytes: Buffer; ino: number }> {
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

