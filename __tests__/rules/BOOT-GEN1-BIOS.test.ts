import { afterAll, describe, expect, it } from '@jest/globals';
import { MemorySource } from '../../src/io/byte-source.js';
import { BOOT_GEN1_BIOS } from '../../src/rules/BOOT-GEN1-BIOS.js';
import { findingsOf, fixtureImage, imageFactsFrom, mutatedImage } from '../disk/image-facts.js';
import { cleanupFixtures } from '../disk/layout-fixtures.js';

afterAll(cleanupFixtures);

const wipeBootCode = (b: Uint8Array): void => void b.fill(0, 0, 440);

describe('BOOT-GEN1-BIOS', () => {
  it.each([
    ['V1, GPT with only an ESP (UEFI-only image)', () => fixtureImage('gpt-uefi-only.vhd'), 'V1', [['error', /GPT without a BIOS boot partition .* or hybrid MBR/]]],
    ['V1, MBR without boot code', () => mutatedImage('mbr-logical.vhd', wipeBootCode), 'V1', [['error', /MBR partition table without boot code/]]],
    ['V1, GPT with a BIOS boot partition but no boot code yet', () => mutatedImage('gpt-bios-esp.vhd', wipeBootCode), 'V1', [['warning', /BIOS boot partition, but the protective MBR holds no boot code/]]],
    ['V1, no partition table', () => imageFactsFrom(new MemorySource(new Uint8Array(64 * 512), 'blank.raw')), 'V1', [['error', /no partition table/]]],
    ['V1, MBR with syslinux boot code', () => fixtureImage('mbr-logical.vhd'), 'V1', []],
    ['V1, GPT with BIOS boot partition and gptmbr boot code', () => fixtureImage('gpt-bios-esp.vhd'), 'V1', []],
    ['V1, hybrid disk (BIOS boot partition, ESP, hybrid MBR)', () => fixtureImage('gpt-hybrid.vhd'), 'V1', []],
    ['V2 (rule does not apply)', () => fixtureImage('gpt-uefi-only.vhd'), 'V2', []],
  ] as const)('%s', async (_name, image, generation, expected) => {
    const findings = findingsOf(BOOT_GEN1_BIOS, await image(), { hyperVGeneration: generation });
    expect(findings.map((f) => [f.severity, f.message])).toEqual(expected.map(([s, m]) => [s, expect.stringMatching(m)]));
  });

  it('passes a GPT without a BIOS boot partition when a hybrid MBR carries boot code', async () => {
    const image = await fixtureImage('gpt-hybrid.vhd');
    image.partitionTable.partitions = image.partitionTable.partitions.filter((p) => p.typeName !== 'BIOS boot');
    expect(image.partitionTable.hybridMbr).toBe(true);
    expect(findingsOf(BOOT_GEN1_BIOS, image, { hyperVGeneration: 'V1' })).toEqual([]);
  });
});
