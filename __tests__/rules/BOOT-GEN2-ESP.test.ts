import { afterAll, describe, expect, it } from '@jest/globals';
import type { ImageFacts } from '../../src/model.js';
import { BOOT_GEN2_ESP } from '../../src/rules/BOOT-GEN2-ESP.js';
import { findingsOf, fixtureImage, mutatedImage } from '../disk/image-facts.js';
import { cleanupFixtures } from '../disk/layout-fixtures.js';

afterAll(cleanupFixtures);

/** A real GPT image whose ESP was dropped from the table facts (a GPT with only a root partition). */
async function gptWithoutEsp(): Promise<ImageFacts> {
  const image = await fixtureImage('gpt-uefi-only.vhd');
  image.partitionTable.partitions = image.partitionTable.partitions.filter((p) => p.typeName !== 'EFI System');
  return image;
}

/** The ESP's FAT boot sector (LBA 2048 of gpt-uefi-only) wiped. */
const espWiped = () => mutatedImage('gpt-uefi-only.vhd', (b) => b.fill(0, 2048 * 512, 2049 * 512));

/** The volume layer did not look (espFat unset) but the filesystem probe found vfat on partition 1. */
async function espProbedAsVfat(): Promise<ImageFacts> {
  const image = await espWiped();
  delete image.partitionTable.partitions[0]!.espFat;
  image.filesystems = [{ volume: 'partition 1', partition: 1, type: 'vfat', size: 8 * 1024 * 1024 }];
  return image;
}

describe('BOOT-GEN2-ESP', () => {
  it.each([
    ['V2, GPT without an ESP', gptWithoutEsp, 'V2', [/has no EFI System Partition \(GPT type C12A7328/]],
    ['V2, ESP holds no FAT', espWiped, 'V2', [/The EFI System Partition holds no FAT filesystem: .*UEFI firmware reads only FAT/]],
    ['V2, MBR disk without ESP', () => fixtureImage('mbr-logical.vhd'), 'V2', [/has no EFI System Partition/]],
    ['V2, FAT12 ESP made by mkfs.vfat', () => fixtureImage('gpt-uefi-only.vhd'), 'V2', []],
    ['V2, hybrid disk', () => fixtureImage('gpt-hybrid.vhd'), 'V2', []],
    ['V2, BIOS boot + ESP, read through a dynamic VHD', () => fixtureImage('gpt-bios-esp-dynamic.vhd'), 'V2', []],
    ['V2, FAT found by the filesystem probe', espProbedAsVfat, 'V2', []],
    ['V1 (rule does not apply)', gptWithoutEsp, 'V1', []],
  ] as const)('%s', async (_name, image, generation, expected) => {
    const findings = findingsOf(BOOT_GEN2_ESP, await image(), { hyperVGeneration: generation });
    expect(findings.map((f) => f.message)).toEqual(expected.map((m) => expect.stringMatching(m)));
    for (const f of findings) expect(f.severity).toBe('error');
  });

  it('lists the partitions it did find', async () => {
    const [finding] = findingsOf(BOOT_GEN2_ESP, await gptWithoutEsp(), { hyperVGeneration: 'V2' });
    expect(finding?.evidence).toEqual([{ detail: 'partitions: 2 Linux filesystem' }]);
  });
});
