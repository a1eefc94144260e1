import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { GateError } from '../../src/errors.js';
import { openFilesystem } from '../../src/fs/registry.js';
import type { Filesystem, FsNode } from '../../src/fs/types.js';
import { MemorySource } from '../../src/io/byte-source.js';

/**
 * Filesystem.readRange returns exactly the bytes readFile returns at those offsets, on real
 * images made by mkfs.ext4/mkfs.xfs/mkfs.vfat (scripts/fixtures/*.sh), for ranges at the start,
 * across block boundaries and at the end of every file; a range outside the file is refused.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const images = ['ext4/ext4-1k.img.gz', 'ext4/ext4-inline.img.gz', 'ext4/ext4-1k-blockmap.img.gz', 'xfs/xfs-v5.img.gz', 'fat/fat32.img.gz', 'fat/fat12.img.gz'];

async function files(fs: Filesystem): Promise<FsNode[]> {
  const out: FsNode[] = [];
  const visit = async (dir: FsNode, depth: number): Promise<void> => {
    for (const e of await fs.readdir(dir)) {
      const node = await fs.lookup(dir, e.name);
      if (node?.type === 'file') out.push(node);
      else if (node?.type === 'dir' && depth < 6) await visit(node, depth + 1);
    }
  };
  await visit(await fs.root(), 0);
  return out;
}

describe.each(images)('readRange on %s', (image: string) => {
  test('matches readFile at the start, across blocks and at the end of every file', async () => {
    const fs = (await openFilesystem(new MemorySource(gunzipSync(readFileSync(path.join(here, '../fixtures', image))), image)))!;
    expect(fs.readRange).toBeDefined();
    const nodes = await files(fs);
    expect(nodes.length).toBeGreaterThan(0);
    let compared = 0;
    for (const node of nodes.slice(0, 40)) {
      const whole = await fs.readFile(node, node.size);
      const ranges: [number, number][] = [
        [0, Math.min(node.size, 16)],
        [Math.max(0, node.size - 300), Math.min(300, node.size)],
        [Math.floor(node.size / 3), Math.min(5000, node.size - Math.floor(node.size / 3))],
        [node.size, 0],
      ];
      for (const [offset, length] of ranges) {
        expect(Buffer.from(await fs.readRange!(node, offset, length))).toEqual(Buffer.from(whole.subarray(offset, offset + length)));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3);
    const node = nodes[0]!;
    await expect(fs.readRange!(node, node.size, 1)).rejects.toBeInstanceOf(GateError);
    await expect(fs.readRange!(node, -1, 1)).rejects.toMatchObject({ layer: 'filesystem', kind: 'corrupt' });
  });
});
