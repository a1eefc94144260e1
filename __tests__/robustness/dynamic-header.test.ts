import { afterAll, describe, expect, it } from '@jest/globals';
import { closeSync, copyFileSync, fstatSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { metadataRegions } from '../../scripts/fuzz/layout.mjs';
import { ContainerError } from '../../src/errors.js';
import { tempDir } from '../cli/entry-helpers.js';
import { fixtureImage } from '../helpers/fixtures.js';
import { checkOutcome, garbledMessages } from './outcome.js';

/**
 * Hostile values in the dynamic-VHD header fields that size and place everything else
 * (Table Offset 0x10, Max Table Entries 0x1c, Block Size 0x20): refused with a ContainerError
 * naming the field's offset and what it holds, or read with a problem saying what was lost.
 */
const dir = tempDir('robustness-dynamic');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: [string, number, string, RegExp, number | undefined][] = [
  ['Block Size 0', 0x20, '00000000', /block size 0 \(offset 0x20\) is not a power of two/, 0x20],
  ['Block Size 1', 0x20, '00000001', /block size 1 \(offset 0x20\) is not a power of two/, 0x20],
  ['Block Size 0xffffffff', 0x20, 'ffffffff', /block size 4294967295 \(offset 0x20\)/, 0x20],
  ['Table Offset beyond 2^53', 0x10, '7fffffffffffffff', /BAT at an offset beyond 2\^53 \(offset 0x10\)/, 0x10],
  ['Max Table Entries 0', 0x1c, '00000000', /0 BAT entries cover 0 bytes, less than the virtual size/, undefined],
  ['Block Size 512', 0x20, '00000200', /32 BAT entries cover 16384 bytes, less than the virtual size/, undefined],
];

describe('hostile dynamic VHD header fields', () => {
  it.each(cases)('%s', async (_what, field, hexValue, message, refusedAtField) => {
    const image = path.join(dir, 'dynamic.vhd');
    copyFileSync(await fixtureImage('generalized-good-dynamic.vhd'), image);
    const fd = openSync(image, 'r+');
    const header = metadataRegions(fd, fstatSync(fd).size).find((r) => r.name === 'vhd dynamic header')!;
    const value = Buffer.from(hexValue, 'hex');
    writeSync(fd, value, 0, value.length, header.offset + field);
    closeSync(fd);

    const outcome = await checkOutcome(image, 10_000);
    expect(garbledMessages(outcome)).toEqual([]);
    if (refusedAtField !== undefined) {
      expect(outcome.ok).toBe(false);
      const error = outcome.ok ? undefined : outcome.error;
      expect(error).toBeInstanceOf(ContainerError);
      expect(error).toMatchObject({ kind: 'corrupt', offset: header.offset + refusedAtField, message: expect.stringMatching(message) });
    } else {
      expect(outcome.ok && outcome.value.image.problems.join('\n')).toMatch(message);
    }
  });
});
