import { describe, expect, it } from '@jest/globals';
import { GateError } from '../../../src/errors.js';
import { FatFilesystem, type FatNode } from '../../../src/fs/fat/fat-fs.js';
import type { FsNode } from '../../../src/fs/types.js';
import { MemorySource } from '../../../src/io/byte-source.js';
import { walkFilesystem } from '../helpers/walk.js';
import { fatFixtureBytes } from './fat-images.js';

/**
 * Seeded random damage to the live metadata of real FAT images: the boot sector, the start of
 * the first FAT, the root directory and the first cluster of every directory. Every damaged
 * image must open and walk to a result or fail with a GateError, quickly.
 * FAT_MUTATION_CASES=3000 runs a longer round.
 */
const CASES_PER_IMAGE = Number(process.env.FAT_MUTATION_CASES ?? 100);

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
  const fs = await FatFilesystem.open(new MemorySource(bytes));
  const g = fs.geometry;
  const clusterRange = (cluster: number): [number, number] => [g.dataOffset + (cluster - 2) * g.clusterSize, g.dataOffset + (cluster - 1) * g.clusterSize];
  const regions: [number, number][] = [
    [0, 512],
    [g.fatOffset, g.fatOffset + Math.min(g.fatBytes, 4096)],
    g.type === 32 ? clusterRange(g.rootCluster) : [g.rootDirOffset, g.rootDirOffset + Math.min(g.rootDirBytes, 4096)],
  ];
  const visit = async (dir: FsNode): Promise<void> => {
    for (const entry of await fs.readdir(dir)) {
      const node = (await fs.lookup(dir, entry.name)) as FatNode;
      if (node.type === 'dir') {
        regions.push(clusterRange(node.firstCluster));
        await visit(node);
      }
    }
  };
  await visit(await fs.root());
  return regions;
}

describe.each(['fat12', 'fat16', 'fat32', 'esp-x64-fat32'])('random metadata damage to %s', (name) => {
  const pristine = fatFixtureBytes(name);

  it(`${CASES_PER_IMAGE} damaged copies each give a result or a GateError within 5 s`, async () => {
    const regions = await liveRegions(pristine);
    const outcomes = { walked: 0, gateErrors: 0 };
    for (let c = 0; c < CASES_PER_IMAGE; c++) {
      const random = prng(c * 7919 + [...name].reduce((h, ch) => h * 31 + ch.charCodeAt(0), 0) % 100_003);
      const bytes = pristine.slice();
      const flips = 1 + Math.floor(random() * 16);
      for (let f = 0; f < flips; f++) {
        const [start, end] = regions[Math.floor(random() * regions.length)]!;
        bytes[start + Math.floor(random() * (end - start))] = Math.floor(random() * 256);
      }
      const started = Date.now();
      try {
        const fs = await FatFilesystem.open(new MemorySource(bytes, `${name} case ${c}`));
        await walkFilesystem(fs, { maxFileBytes: 64 * 1024, maxEntries: 20_000, deadline: started + 5000 });
        outcomes.walked++;
      } catch (error) {
        if (!(error instanceof GateError)) throw new Error(`${name} case ${c}: ${String((error as Error).stack ?? error)}`);
        expect(error.message).not.toMatch(/NaN|undefined/);
        outcomes.gateErrors++;
      }
      expect(Date.now() - started).toBeLessThan(5000);
    }
    console.log(`${name}: ${outcomes.walked} damaged copies walked, ${outcomes.gateErrors} typed errors`);
    expect(outcomes.walked + outcomes.gateErrors).toBe(CASES_PER_IMAGE);
    expect(outcomes.gateErrors).toBeGreaterThan(0);
  });
});
