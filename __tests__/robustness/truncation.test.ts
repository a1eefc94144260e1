import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { metadataRegions } from '../../scripts/fuzz/layout.mjs';
import { ContainerError, GateError } from '../../src/errors.js';
import { fixtureEntry, fixtureImage, fixtureNames } from '../helpers/fixtures.js';
import { allowed, checkOutcome, describeFailure, garbledMessages, tally, type Outcome } from './outcome.js';

/**
 * Every fixture image cut short at telling points: inside the footer, half-way, just after the
 * partition table, at 511 bytes (less than one sector) and at 0 bytes. The gate must either
 * refuse with a typed GateError or give a result that says what was lost (a problem, a rule that
 * did not run, or a guest it could not read) — never another exception, never a silent pass.
 * A file shorter than a sector, and a VHD that ends inside its footer, are refused by the
 * container layer: nothing else can be said about them.
 */
const BOUND_MS = 10_000;
const outcomes: Outcome<unknown>[] = [];
let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'vhd-gate-truncated-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  console.log(`truncation summary (${outcomes.length} cuts, check generalized V2): ${JSON.stringify(tally(outcomes))}`);
});

/** A cut point: where, how many bytes are kept, and the container error it must give, if one. */
interface Cut {
  where: string;
  length: number;
  /** The ContainerError the cut must give (its offset), or undefined when a result may come back. */
  refusedAt?: number;
}

/** The named cut points of one image, in bytes from the start of the file. */
function cutPoints(image: string, container: string): Cut[] {
  const size = statSync(image).size;
  const fd = openSync(image, 'r');
  const regions = metadataRegions(fd, size);
  closeSync(fd);
  const table = regions.find((r) => r.name === 'gpt entries') ?? regions.find((r) => r.name === 'mbr');
  if (!table) throw new Error(`${image}: no partition table found to cut after`);
  return [
    // A VHD that ends part-way into its footer is a copy cut short; a raw image has no footer to cut.
    { where: 'inside the footer', length: size - 256, refusedAt: container === 'raw' ? undefined : size - 512 },
    { where: 'mid-disk', length: Math.floor(size / 2) },
    { where: 'just after the partition table', length: table.offset + table.length },
    { where: '511 bytes', length: 511, refusedAt: 0 },
    { where: '0 bytes', length: 0, refusedAt: 0 },
  ];
}

/** Copies the first `length` bytes of `from` to a new file, in 1 MiB pieces. */
function copyPrefix(from: string, to: string, length: number): void {
  const source = openSync(from, 'r');
  const target = openSync(to, 'w');
  const buffer = Buffer.alloc(1024 * 1024);
  try {
    for (let done = 0; done < length; ) {
      const got = readSync(source, buffer, 0, Math.min(buffer.length, length - done), done);
      writeSync(target, buffer, 0, got);
      done += got;
    }
  } finally {
    closeSync(source);
    closeSync(target);
  }
}

describe('fixture images cut short', () => {
  it.each(fixtureNames().map((name) => [name]))('%s', async (name) => {
    const image = await fixtureImage(name);
    const failures: string[] = [];
    for (const { where, length, refusedAt } of cutPoints(image, fixtureEntry(name).container)) {
      const cut = path.join(workDir, `${name}.cut-${length}`);
      copyPrefix(image, cut, length);
      const outcome = await checkOutcome(cut, BOUND_MS);
      outcomes.push(outcome);
      rmSync(cut);
      const subject = `${name} cut ${where} (${length} bytes)`;
      for (const text of garbledMessages(outcome)) failures.push(`${subject}: garbled message: ${text}`);
      if (!allowed(outcome)) {
        failures.push(describeFailure(subject, outcome));
      } else if (refusedAt !== undefined) {
        const error = outcome.ok ? undefined : outcome.error;
        if (!(error instanceof ContainerError) || error.offset !== refusedAt) {
          failures.push(`${subject}: expected a ContainerError at ${refusedAt}, got ${outcome.label} ${error instanceof GateError ? error.describe() : ''}`);
        }
      } else if (outcome.ok) {
        const r = outcome.value;
        const said = r.image.problems.length > 0 || r.notRun.length > 0 || r.guestError !== undefined || r.image.filesystems.some((f) => f.error);
        if (!said) failures.push(`${subject}: verdict ${r.verdict} with nothing said about the missing ${statSync(image).size - length} bytes`);
        if (r.verdict === 'pass') failures.push(`${subject}: passed`);
        // Half the file keeps the primary partition table (and, in a dynamic VHD, its whole block): it is still read.
        if (where === 'mid-disk' && r.image.partitionTable.scheme === 'none') failures.push(`${subject}: partition table lost: ${r.image.problems.join('; ')}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
