import { afterAll, describe, expect, it } from '@jest/globals';
import { openContainer } from '../../src/disk/index.js';
import { GateError } from '../../src/errors.js';
import { MemorySource } from '../../src/io/byte-source.js';
import { readPartitionTable } from '../../src/volumes/index.js';
import { cleanupFixtures, fixtureBytes } from '../disk/layout-fixtures.js';

afterAll(cleanupFixtures);

/** Deterministic PRNG (mulberry32), so a failure is reproducible from its seed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Flips random bytes in the metadata regions of real images (MBR/EBRs, GPT headers and arrays,
 * dynamic-VHD header and BAT, footers) and reads the result through both layers: every outcome
 * must be a result or a GateError, never another exception or a hang.
 */
describe('random damage to real metadata', () => {
  it.each([
    ['mbr-logical-dynamic.vhd', 11, 'mbr'],
    ['gpt-bios-esp-dynamic.vhd', 12, 'gpt'],
    ['gpt-hybrid.vhd', 13, 'gpt'],
    ['mbr-logical.raw', 14, 'mbr'],
  ])('%s (seed %i): 150 mutants, results or typed errors only', async (file, seed, scheme) => {
    const original = fixtureBytes(file);
    const random = prng(seed);
    // Metadata lives in the first 16 KiB, around 3 MiB (first EBR), and in the last 1 KiB (footer, backup GPT).
    const regions: [number, number][] = [[0, 16384], [3 * 1024 * 1024, 3 * 1024 * 1024 + 512], [original.length - 1024, original.length]];
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 150; i++) {
      // Damage the one copy in place and undo it afterwards: copying 24 MiB per mutant is what would cost time.
      const bytes = original;
      const undo: [number, number][] = [];
      for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) {
        const [from, to] = regions[Math.floor(random() * regions.length)]!;
        const at = from + Math.floor(random() * (to - from));
        undo.push([at, bytes[at]!]);
        bytes[at] = Math.floor(random() * 256);
      }
      let outcome: string;
      try {
        const { disk } = await openContainer(new MemorySource(bytes, file));
        const table = await readPartitionTable(disk);
        for (const p of table.partitions) await p.source.read(0, Math.min(512, p.size));
        await disk.read(0, Math.min(65536, disk.size));
        outcome = table.scheme;
      } catch (error) {
        if (!(error instanceof GateError)) throw new Error(`mutant ${i} of ${file} (seed ${seed}) threw ${String(error)}`);
        outcome = `${error.layer} ${error.kind}`;
      }
      for (const [at, value] of undo.reverse()) bytes[at] = value;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // Damage that misses the fields in use (a GUID byte, boot code, a backup copy) still reads as the original scheme.
    expect(outcomes.get(scheme)).toBeGreaterThan(0);
  });
});
