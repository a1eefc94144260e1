import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { closeSync, copyFileSync, fstatSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { metadataRegions } from '../../scripts/fuzz/layout.mjs';
import { applyMutant, describeMutant, mutantFor } from '../../scripts/fuzz/mutate.mjs';
import { fixtureImage, fixtureNames } from '../helpers/fixtures.js';
import { allowed, checkOutcome, describeFailure, garbledMessages, tally, type Outcome } from './outcome.js';

/**
 * Mutation fuzz over the metadata of every fixture image (VHD footer, dynamic header and BAT;
 * MBR and GPT; ext superblock, group descriptors, inode table, / and /etc directories): each
 * seeded mutant is checked (generalized, V2) and must give a result or a GateError within the
 * bound. A failure prints the seed and the edits; `npm run fuzz -- --seed N` replays it through
 * the bundled CLI. 110 mutants cost about 25 s of CPU (a minute on the shared, loaded machine);
 * the fuzz script runs as many as it is given time for.
 */
// VHD_GATE_MUTANTS / VHD_GATE_FIRST_SEED run a longer or different batch locally, in-process.
const MUTANTS = Number(process.env.VHD_GATE_MUTANTS ?? 110);
const FIRST_SEED = Number(process.env.VHD_GATE_FIRST_SEED ?? 20_251_126);
const BOUND_MS = 10_000;
const names = fixtureNames();
const outcomes: Outcome<unknown>[] = [];
let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'vhd-gate-mutants-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  console.log(`mutation summary (${outcomes.length} mutants, check generalized V2): ${JSON.stringify(tally(outcomes))}`);
});

describe('seeded metadata mutants of the fixture images', () => {
  it.each(names.map((name, index) => [name, index] as [string, number]))('%s', async (name, index) => {
    // Seed s damages image s mod n (as in scripts/fuzz.mjs), so every image gets its share and a seed names its image.
    const seeds = Array.from({ length: MUTANTS }, (_, i) => FIRST_SEED + i).filter((seed) => seed % names.length === index);
    const work = path.join(workDir, name);
    copyFileSync(await fixtureImage(name), work);
    const fd = openSync(work, 'r+');
    const failures: string[] = [];
    const labels: string[] = [];
    try {
      const regions = metadataRegions(fd, fstatSync(fd).size);
      // Every image has a container or partition table and an ext root to damage.
      expect(regions.some((r) => r.name.startsWith('ext superblock'))).toBe(true);
      for (const seed of seeds) {
        const mutant = mutantFor(seed, regions);
        const undo = applyMutant(fd, mutant);
        try {
          const outcome = await checkOutcome(work, BOUND_MS);
          outcomes.push(outcome);
          labels.push(outcome.label);
          if (!allowed(outcome)) failures.push(describeFailure(`${name} ${describeMutant(mutant)}`, outcome));
          for (const text of garbledMessages(outcome)) failures.push(`${name} ${describeMutant(mutant)}: garbled message: ${text}`);
        } finally {
          undo();
        }
      }
    } finally {
      closeSync(fd);
    }
    expect(failures).toEqual([]);
    expect(labels.length).toBe(seeds.length);
  }, Math.max(120_000, MUTANTS * 5_000));

  it('mutants reach more than one outcome (the damage is seen, not ignored)', () => {
    expect(Object.keys(tally(outcomes)).length).toBeGreaterThan(1);
  });
});
