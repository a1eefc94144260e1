import { describe, expect, it } from '@jest/globals';
import { sealLvmLabel, sealLvmMdaHeader, sealLvmMetadata } from '../../../scripts/fuzz/checksums.mjs';
import { prng } from '../../../scripts/fuzz/mutate.mjs';
import { GateError } from '../../../src/errors.js';
import { readLvm } from '../../../src/volumes/lvm/index.js';
import { parsePvLabel } from '../../../src/volumes/lvm/pv-label.js';
import { withinTime } from '../../robustness/outcome.js';
import { candidates, diskBytes, partitionStart } from './lvm-fixtures.js';

/**
 * Seeded damage to the LVM metadata of the real lvm-gpt disk (two PVs made by pvcreate and
 * vgcreate): the PV label sector, the mda_header, or the committed metadata text of one PV.
 * Three mutants in four get the label CRC, raw_locn checksum and mda_header checksum
 * recomputed (scripts/fuzz/checksums.mjs), so the damage reaches the label, header and text
 * parsers instead of stopping at a checksum. Every mutant must give a scan (with notes) within
 * the bound; only a failing medium may throw, and none does here.
 */
const MUTANTS = 80;
const FIRST_SEED = 7_000;

describe('seeded damage to real LVM metadata', () => {
  it(`${MUTANTS} mutants: a scan with notes, never an exception`, async () => {
    const bytes = diskBytes('lvm-gpt');
    const pvs = await Promise.all(
      [2, 3].map(async (n) => {
        const start = await partitionStart(bytes, n);
        const label = parsePvLabel(bytes.subarray(start, start + 2048))!;
        const mda = start + label.metadataAreas[0]!.offset;
        const view = new DataView(bytes.buffer, bytes.byteOffset);
        const text = mda + Number(view.getBigUint64(mda + 0x28, true));
        return { labelSector: start + label.sector * 512, mda, text, textLength: Number(view.getBigUint64(mda + 0x30, true)) };
      }),
    );
    const reached = { parsed: 0, checksum: 0 };
    for (let seed = FIRST_SEED; seed < FIRST_SEED + MUTANTS; seed++) {
      const random = prng(seed);
      const pick = (n: number) => Math.floor(random() * n);
      const pv = pvs[pick(2)]!;
      const [start, length] = [[pv.labelSector, 512], [pv.mda, 512], [pv.text, pv.textLength]][pick(3)]!;
      const saved = new Map<number, number>();
      const put = (at: number, value: number) => {
        if (!saved.has(at)) saved.set(at, bytes[at]!);
        bytes[at] = value;
      };
      for (let e = 1 + pick(4); e > 0; e--) put(start + pick(length), pick(2) ? bytes[start]! ^ (1 << pick(8)) : pick(256));
      const resealed = random() < 0.75;
      if (resealed) {
        // Save every byte a fixer may rewrite, then reseal: label CRC, then text checksum and header.
        for (const [at, n] of [[pv.labelSector, 512], [pv.mda, 512]] as const) for (let i = at; i < at + n; i++) if (!saved.has(i)) saved.set(i, bytes[i]!);
        sealLvmLabel(Buffer.from(bytes.buffer, bytes.byteOffset + pv.labelSector, 512));
        const header = Buffer.from(bytes.buffer, bytes.byteOffset + pv.mda, 512);
        sealLvmMetadata(header, bytes.subarray(pv.text, pv.text + pv.textLength));
        sealLvmMdaHeader(header);
      }
      let notes: string[];
      try {
        notes = (await withinTime(async () => readLvm(await candidates(bytes)), 10_000)).notes;
      } catch (error) {
        throw new Error(`seed ${seed}: ${error instanceof GateError ? error.describe() : String((error as Error).stack ?? error)}`);
      }
      if (notes.some((n) => /checksum|CRC/.test(n))) reached.checksum++;
      else if (resealed) reached.parsed++;
      for (const [at, value] of saved) bytes[at] = value;
    }
    console.log(`LVM mutants: ${reached.parsed} resealed mutants got past every checksum, ${reached.checksum} stopped at one`);
    expect(reached.parsed).toBeGreaterThan(MUTANTS / 3);
  });
});
