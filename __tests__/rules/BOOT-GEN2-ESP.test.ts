import { afterAll, describe, expect, it } from '@jest/globals';
import { errorRecord } from '../../src/error-record.js';
import { GateError } from '../../src/errors.js';
import { readEspLoaders, type OpenedVolume } from '../../src/fs/fat/esp-loaders.js';
import { FatFilesystem } from '../../src/fs/fat/fat-fs.js';
import type { Architecture } from '../../src/intent/types.js';
import { MemorySource } from '../../src/io/byte-source.js';
import type { ImageFacts } from '../../src/model.js';
import { BOOT_GEN2_ESP } from '../../src/rules/BOOT-GEN2-ESP.js';
import { findingsOf, fixtureImage, mutatedImage } from '../disk/image-facts.js';
import { cleanupFixtures } from '../disk/layout-fixtures.js';
import { fatFixtureBytes, openFatFixture } from '../fs/fat/fat-images.js';

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

/** The real GPT layout of gpt-uefi-only.vhd, with its ESP (partition 1) holding one of scripts/fixtures/fat.sh's FAT images. */
async function gptWithEsp(volume: OpenedVolume): Promise<ImageFacts> {
  const image = await fixtureImage('gpt-uefi-only.vhd');
  const esp = await readEspLoaders([1], [{ ...volume, partitionNumber: 1 }]);
  return { ...image, ...(esp ? { esp } : {}) };
}

/** ESP = a FAT fixture image, read by the real reader and loader listing. */
const espImage = (name: string) => async () => gptWithEsp({ fs: await openFatFixture(name) });

/** ESP = the fat32 fixture with its root directory chain looped: the FAT cannot be opened. */
async function espUnreadable(): Promise<ImageFacts> {
  const bytes = fatFixtureBytes('fat32');
  const clean = await FatFilesystem.open(new MemorySource(bytes.slice()));
  const root = clean.geometry.rootCluster;
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(clean.geometry.fatOffset + root * 4, root, true);
  const error = await FatFilesystem.open(new MemorySource(bytes, 'partition 1')).catch((e: unknown) => e);
  if (!(error instanceof GateError)) throw new Error('expected the damaged FAT to fail');
  return gptWithEsp({ fsType: 'vfat', error: errorRecord(error) });
}

type Case = readonly [string, () => Promise<ImageFacts>, 'V1' | 'V2', Architecture | undefined, readonly RegExp[]];

describe('BOOT-GEN2-ESP', () => {
  it.each([
    ['V2, GPT without an ESP', gptWithoutEsp, 'V2', 'x64', [/has no EFI System Partition \(GPT type C12A7328/]],
    ['V2, ESP holds no FAT', espWiped, 'V2', 'x64', [/The EFI System Partition holds no FAT filesystem: .*UEFI firmware reads only FAT/]],
    ['V2, MBR disk without ESP', () => fixtureImage('mbr-logical.vhd'), 'V2', 'x64', [/has no EFI System Partition/]],
    ['V2, FAT12 ESP made by mkfs.vfat (loaders not read)', () => fixtureImage('gpt-uefi-only.vhd'), 'V2', 'x64', []],
    ['V2, hybrid disk', () => fixtureImage('gpt-hybrid.vhd'), 'V2', 'x64', []],
    ['V2, BIOS boot + ESP, read through a dynamic VHD', () => fixtureImage('gpt-bios-esp-dynamic.vhd'), 'V2', 'x64', []],
    ['V2, FAT found by the filesystem probe', espProbedAsVfat, 'V2', 'x64', []],
    ['V1 (rule does not apply)', gptWithoutEsp, 'V1', 'x64', []],
    // The fallback loader, read from real FAT images (mkfs.vfat + mtools).
    [
      'V2 x64, ESP (FAT16) with only EFI/ubuntu/shimx64.efi and grubx64.efi',
      espImage('esp-nofallback-fat16'),
      'V2',
      'x64',
      [/no removable-media fallback boot loader \\EFI\\BOOT\\BOOTX64\.EFI \(x64\)\. .*Loaders found: EFI\/ubuntu\/grubx64\.efi, EFI\/ubuntu\/shimx64\.efi\.$/],
    ],
    [
      'V2 unknown architecture, ESP without any fallback loader',
      espImage('esp-nofallback-fat16'),
      'V2',
      undefined,
      [/fallback boot loader \\EFI\\BOOT\\BOOTX64\.EFI or \\EFI\\BOOT\\BOOTAA64\.EFI\. /],
    ],
    ['V2 x64, ESP (FAT32) with EFI/BOOT/BOOTX64.EFI, shim and grub', espImage('esp-x64-fat32'), 'V2', 'x64', []],
    ['V2 x64, ESP (FAT12) with efi/boot/bootx64.efi in lower case', espImage('esp-lowercase-fat12'), 'V2', 'x64', []],
    ['V2 Arm64, ESP (FAT12) with EFI/Boot/bootaa64.efi', espImage('esp-arm64-fat12'), 'V2', 'Arm64', []],
    ['V2 unknown architecture, Arm64 fallback present', espImage('esp-arm64-fat12'), 'V2', undefined, []],
    ['V2 x64, only the Arm64 fallback', espImage('esp-arm64-fat12'), 'V2', 'x64', [/\\EFI\\BOOT\\BOOTX64\.EFI \(x64\).*Loaders found: EFI\/Boot\/bootaa64\.efi\.$/]],
    ['V2 Arm64, only the x64 fallback', espImage('esp-x64-fat32'), 'V2', 'Arm64', [/\\EFI\\BOOT\\BOOTAA64\.EFI \(Arm64\)/]],
    ['V2 x64, FAT12 with long names around the loader', espImage('fat12'), 'V2', 'x64', []],
    ['V2 x64, FAT16 with 4096-byte sectors', espImage('fat16-4k-sectors'), 'V2', 'x64', []],
    ['V2 x64, FAT32', espImage('fat32'), 'V2', 'x64', []],
    ['V2 x64, ESP FAT unreadable (root chain loops)', espUnreadable, 'V2', 'x64', [/could not be read, so the fallback boot loader was not checked: filesystem \(corrupt\) at offset 0x[0-9a-f]+: .*loops back/]],
  ] as Case[])('%s', async (_name, image, generation, architecture, expected) => {
    const findings = findingsOf(BOOT_GEN2_ESP, await image(), { hyperVGeneration: generation, ...(architecture ? { architecture } : {}) });
    expect(findings.map((f) => f.message)).toEqual(expected.map((m) => expect.stringMatching(m)));
    for (const f of findings) expect(f.severity).toBe(/could not be read/.test(f.message) ? 'warning' : 'error');
  });

  it('lists the partitions it did find', async () => {
    const [finding] = findingsOf(BOOT_GEN2_ESP, await gptWithoutEsp(), { hyperVGeneration: 'V2' });
    expect(finding?.evidence).toEqual([{ detail: 'partitions: 2 Linux filesystem' }]);
  });

  it('names the ESP and every loader found in the evidence, and says how to fix it', async () => {
    const [finding] = findingsOf(BOOT_GEN2_ESP, await espImage('esp-nofallback-fat16')(), { hyperVGeneration: 'V2', architecture: 'x64' });
    expect(finding?.evidence).toEqual([{ detail: 'partition 1 (EFI System Partition) loaders: EFI/ubuntu/grubx64.efi, EFI/ubuntu/shimx64.efi' }]);
    expect(finding?.fix).toMatch(/grub-install --target=x86_64-efi --removable/);
    expect(finding?.fix).toMatch(/shimx64\.efi \/boot\/efi\/EFI\/BOOT\/BOOTX64\.EFI/);
  });

  it('lists every *.EFI under \\EFI\\ with names as stored, and nothing else', async () => {
    const esp = await readEspLoaders([1], [{ partitionNumber: 1, fs: await openFatFixture('esp-x64-fat32') }]);
    expect(esp).toEqual({ partition: 1, loaders: ['EFI/BOOT/BOOTX64.EFI', 'EFI/BOOT/fbx64.efi', 'EFI/debian/grubx64.efi', 'EFI/debian/shimx64.efi'] });
    const lower = await readEspLoaders([1], [{ partitionNumber: 1, fs: await openFatFixture('esp-lowercase-fat12') }]);
    expect(lower?.loaders).toEqual(['efi/boot/bootx64.efi']);
  });
});
