import { afterAll, describe, expect, it } from '@jest/globals';
import { BOOT_HYBRID } from '../../src/rules/BOOT-HYBRID.js';
import { findingsOf, fixtureImage } from '../disk/image-facts.js';
import { cleanupFixtures } from '../disk/layout-fixtures.js';

afterAll(cleanupFixtures);

describe('BOOT-HYBRID', () => {
  it.each([
    ['hybrid disk declared V2', 'gpt-hybrid.vhd', 'V2', [/can boot both V1 \(BIOS\) and V2 \(UEFI\); the image definition declares V2/]],
    ['hybrid disk declared V1', 'gpt-hybrid.vhd', 'V1', [/can boot both V1 \(BIOS\) and V2 \(UEFI\); the image definition declares V1/]],
    ['BIOS boot + ESP GPT, no generation declared', 'gpt-bios-esp.vhd', undefined, [/can boot both .*; no generation was declared/]],
    ['UEFI-only disk, no generation declared', 'gpt-uefi-only.vhd', undefined, [/can boot only V2 \(UEFI\); no generation was declared/]],
    ['MBR disk, no generation declared', 'mbr-logical.vhd', undefined, [/can boot only V1 \(BIOS\)/]],
    ['UEFI-only disk declared V2 (nothing to add)', 'gpt-uefi-only.vhd', 'V2', []],
    ['MBR disk declared V1 (nothing to add)', 'mbr-logical.vhd', 'V1', []],
  ] as const)('%s', async (_name, file, generation, expected) => {
    const findings = findingsOf(BOOT_HYBRID, await fixtureImage(file), { hyperVGeneration: generation });
    expect(findings.map((f) => f.message)).toEqual(expected.map((m) => expect.stringMatching(m)));
    for (const f of findings) {
      expect(f.severity).toBe('info');
      expect(f.evidence.map((e) => e.detail)).toEqual([expect.stringMatching(/^V1 \/ BIOS: /), expect.stringMatching(/^V2 \/ UEFI: /)]);
    }
  });
});
