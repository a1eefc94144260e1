import { afterAll, describe, expect, it } from '@jest/globals';
import { MemorySource } from '../../src/io/byte-source.js';
import { BOOT_GEN2_GPT } from '../../src/rules/BOOT-GEN2-GPT.js';
import { findingsOf, fixtureImage, imageFactsFrom } from '../disk/image-facts.js';
import { cleanupFixtures } from '../disk/layout-fixtures.js';

afterAll(cleanupFixtures);

describe('BOOT-GEN2-GPT', () => {
  it.each([
    ['V2 on an MBR disk', () => fixtureImage('mbr-logical.vhd'), 'V2', [['error', /says Generation 2 \(UEFI\), but the disk has an MBR partition table \(disk signature 1234abcd\)/]]],
    ['V2 on a disk without a partition table', () => imageFactsFrom(new MemorySource(new Uint8Array(64 * 512), 'blank.raw')), 'V2', [['error', /the disk has no partition table/]]],
    ['V2 on a GPT read from its backup header', () => fixtureImage('gpt-bad-primary.vhd'), 'V2', [['warning', /primary GPT header or its partition array is damaged/]]],
    ['V2 on a GPT with an ESP', () => fixtureImage('gpt-uefi-only.vhd'), 'V2', []],
    ['V2 on a hybrid (GPT + hybrid MBR) disk', () => fixtureImage('gpt-hybrid.vhd'), 'V2', []],
    ['V1 on an MBR disk (rule does not apply)', () => fixtureImage('mbr-logical.vhd'), 'V1', []],
    ['no generation declared (rule does not apply)', () => fixtureImage('mbr-logical.vhd'), undefined, []],
  ] as const)('%s', async (_name, image, generation, expected) => {
    const findings = findingsOf(BOOT_GEN2_GPT, await image(), { hyperVGeneration: generation });
    expect(findings.map((f) => [f.severity, f.message])).toEqual(expected.map(([s, m]) => [s, expect.stringMatching(m)]));
  });
});
