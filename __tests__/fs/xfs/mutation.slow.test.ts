import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { GateError } from '../../../src/errors.js';
import { MemorySource } from '../../../src/io/byte-source.js';
import { openFilesystem } from '../../../src/fs/registry.js';
import { XfsFilesystem, type XfsNode } from '../../../src/fs/xfs/xfs-fs.js';
import type { FsNode } from '../../../src/fs/types.js';
import { sealXfsBlock, sealXfsInode } from '../../../scripts/fuzz/checksums.mjs';
import { gzBytes, repoRoot } from '../helpers/images.js';
import { walkFilesystem } from '../helpers/walk.js';

/**
 * Seeded random damage to the live metadata of the real fixture images: the superblock,
 * every inode record in use, and the first block of each extent of every directory, symlink
 * and B+tree-mapped file (directory data/leaf/node blocks, XSLM blocks, BMA3/BMAP leaves).
 * Every damaged image must still give a walk result or a GateError, quickly. On v5, three
 * cases in four get the CRC of every damaged structure recomputed (scripts/fuzz/checksums.mjs),
 * so the damage is read as sound metadata, not only reported as a bad CRC.
 * XFS_MUTATION_CASES=2000 runs a longer round.
 */
const CASES_PER_IMAGE = Number(process.env.XFS_MUTATION_CASES ?? 25);
const PER_CASE_MS = 5000;
const fixtureDir = path.join(repoRoot, '__tests__/fixtures/xfs');

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
  const fs = await XfsFilesystem.open(new MemorySource(bytes));
  const bs = fs.geometry.blockSize;
  const inodeSize = fs.superblock.sb_inodesize;
  const regions: [number, number][] = [[0, 512]];
  const add = async (node: FsNode) => {
    const { inode } = node as XfsNode;
    regions.push([inode.offset, inode.offset + inodeSize]);
    if (inode.di_format < 2 || (node.type === 'file' && inode.di_format === 2)) return;
    for (const extent of await fs.dataExtents(node)) {
      const at = fs.fsblockOffset(extent.startblock);
      regions.push([at, at + bs]);
    }
  };
  const visit = async (dir: FsNode): Promise<void> => {
    await add(dir);
    for (const entry of await fs.readdir(dir)) {
      const node = (await fs.lookup(dir, entry.name))!;
      if (node.type === 'dir') await visit(node);
      else if (regions.length < 2000 || node.type !== 'file') await add(node);
    }
  };
  await visit(await fs.root());
  return regions;
}

describe.each(['xfs-v5', 'xfs-v4'])('random metadata damage to %s', (name) => {
  it(`${CASES_PER_IMAGE} damaged copies each give a result or a GateError within ${PER_CASE_MS / 1000} s`, async () => {
    const bytes = gzBytes(path.join(fixtureDir, `${name}.img.gz`));
    const regions = await liveRegions(bytes);
    const outcomes = { walked: 0, gateErrors: 0, warned: 0, resealed: 0 };
    const inodeSize = (await XfsFilesystem.open(new MemorySource(bytes))).superblock.sb_inodesize;
    for (let c = 0; c < CASES_PER_IMAGE; c++) {
      const random = prng(c * 7919 + name.length);
      // Damage in place and restore afterwards: copying a 64 MiB image per case would dominate.
      const saved: [number, number][] = [];
      const touched = new Set<string>();
      const flips = 1 + Math.floor(random() * 16);
      for (let f = 0; f < flips; f++) {
        const [start, end] = regions[Math.floor(random() * regions.length)]!;
        const at = start + Math.floor(random() * (end - start));
        saved.push([at, bytes[at]!]);
        bytes[at] = Math.floor(random() * 256);
        touched.add(`${start}:${end}`);
      }
      if (name === 'xfs-v5' && random() < 0.75) {
        outcomes.resealed++;
        for (const key of touched) {
          const [start, end] = key.split(':').map(Number) as [number, number];
          const piece = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
          for (let i = start; i < end; i++) saved.push([i, bytes[i]!]); // the CRC field is restored with the rest
          if (end - start === inodeSize) sealXfsInode(piece);
          else sealXfsBlock(piece);
        }
      }
      const started = Date.now();
      try {
        const fs = await openFilesystem(new MemorySource(bytes, `${name} case ${c}`));
        if (fs) await walkFilesystem(fs, { maxFileBytes: 64 * 1024, maxEntries: 20_000, deadline: started + PER_CASE_MS });
        if (fs instanceof XfsFilesystem && fs.warnings.length > 0) outcomes.warned++;
        outcomes.walked++;
      } catch (error) {
        if (!(error instanceof GateError)) throw new Error(`${name} case ${c}: ${String((error as Error).stack ?? error)}`);
        outcomes.gateErrors++;
      }
      expect(Date.now() - started).toBeLessThan(PER_CASE_MS);
      for (const [at, value] of saved.reverse()) bytes[at] = value;
    }
    console.log(`${name}: ${outcomes.walked} damaged copies walked (${outcomes.warned} with CRC warnings, ${outcomes.resealed} resealed), ${outcomes.gateErrors} typed errors`);
    expect(outcomes.walked + outcomes.gateErrors).toBe(CASES_PER_IMAGE);
  });
});
