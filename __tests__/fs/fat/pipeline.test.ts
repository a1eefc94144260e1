import { describe, expect, it } from '@jest/globals';
import { openContainer } from '../../../src/disk/index.js';
import { openFilesystem } from '../../../src/fs/registry.js';
import { openGuest } from '../../../src/guest/open-guest.js';
import type { Volume } from '../../../src/guest/volume.js';
import { FileSource } from '../../../src/io/file-source.js';
import { checkImage, inspectImage } from '../../../src/inspect.js';
import { FatFilesystem, type FatNode } from '../../../src/fs/fat/fat-fs.js';
import { MemorySource } from '../../../src/io/byte-source.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readPartitionTable } from '../../../src/volumes/index.js';
import { fixtureEntry, fixtureImage, fixtureNames } from '../../helpers/fixtures.js';

/** The end-to-end images whose manifest lists a vfat partition (blkid -p), with its UUID and label. */
const withEsp = fixtureNames().flatMap((name) => {
  const esp = fixtureEntry(name).facts.partitions.find((p) => p.blkid.TYPE === 'vfat');
  return esp ? [{ name, number: esp.number, uuid: esp.blkid.UUID!, label: esp.blkid.LABEL }] : [];
});

describe('the FAT driver in the pipeline (end-to-end fixture images)', () => {
  it('covers the images with an ESP', () => {
    expect(withEsp.length).toBeGreaterThanOrEqual(8);
  });

  it.each(withEsp)('$name: the ESP opens with blkid\'s UUID and label, is mounted at /boot/efi, and its loaders are listed', async ({ name, number, uuid, label }) => {
    const { image } = await inspectImage({ image: await fixtureImage(name) });
    expect(image.problems.filter((p) => /vfat/.test(p))).toEqual([]);
    expect(image.filesystems.find((f) => f.partition === number)).toMatchObject({ type: 'vfat', uuid, label, mountPoint: '/boot/efi' });
    expect(image.mounts).toContainEqual({ mountPoint: '/boot/efi', volume: `partition ${number}`, fsType: 'vfat' });
    expect(image.esp?.partition).toBe(number);
    expect(image.esp?.error).toBeUndefined();
    expect(image.esp?.loaders).toContain('EFI/BOOT/BOOTX64.EFI');
  });

  it('generalized-good-gpt-noboot.vhd has no ESP, so no loader facts', async () => {
    const { image } = await inspectImage({ image: await fixtureImage('generalized-good-gpt-noboot.vhd') });
    expect(image.esp).toBeUndefined();
  });

  it('generalized-good.vhd: /boot/efi/EFI/BOOT/BOOTX64.EFI resolves through the GuestFs, in any case', async () => {
    const file = await FileSource.open(await fixtureImage('generalized-good.vhd'));
    try {
      const { disk } = await openContainer(file);
      const table = await readPartitionTable(disk);
      const volumes: Volume[] = [];
      for (const p of table.partitions) {
        const fs = await openFilesystem(p.source);
        volumes.push({ name: `partition ${p.number}`, source: p.source, partitionNumber: p.number, partUuid: p.partUuid, identity: fs?.identity ?? {}, fs, fsType: fs?.type });
      }
      const { guest } = await openGuest(volumes);
      const stat = await guest.stat('/boot/efi/EFI/BOOT/BOOTX64.EFI');
      expect(stat?.path).toBe('/boot/efi/EFI/BOOT/BOOTX64.EFI');
      expect(stat?.mount.fs.type).toBe('vfat');
      expect(stat?.node).toMatchObject({ type: 'file', mode: 0o100644 });
      expect(stat!.node.size).toBeGreaterThan(0);
      expect((await guest.stat('/boot/efi/efi/boot/bootx64.efi'))?.node.ino).toBe(stat!.node.ino);
      expect((await guest.readPrefix('/boot/efi/EFI/BOOT/BOOTX64.EFI', 2))?.length).toBe(2);
    } finally {
      await file.close();
    }
  });

  it('generalized-good.raw with BOOTX64.EFI renamed in its ESP: the V2 x64 check fails on BOOT-GEN2-ESP, naming the loaders left', async () => {
    const raw = new Uint8Array(await readFile(await fixtureImage('generalized-good.raw')));
    const esp = fixtureEntry('generalized-good.raw').facts.partitions.find((p) => p.blkid.TYPE === 'vfat')!;
    const start = esp.start * 512;
    const volume = raw.subarray(start, start + esp.size * 512);
    const fs = await FatFilesystem.open(new MemorySource(volume, 'ESP'));
    const efi = await fs.lookup(await fs.root(), 'EFI');
    const boot = (await fs.lookup(efi!, 'BOOT'))!;
    const names = (await fs.readdir(boot)).map((e) => e.name);
    const loader = (await fs.lookup(boot, 'BOOTX64.EFI')) as FatNode;
    // mkfs.vfat + mcopy store "BOOTX64.EFI" as a plain 8.3 entry: rename it to BOOTX65.EFI in place.
    expect(Buffer.from(volume.subarray(loader.entryOffset, loader.entryOffset + 11)).toString('latin1')).toBe('BOOTX64 EFI');
    volume[loader.entryOffset + 6] = '5'.charCodeAt(0);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vhd-gate-fat-'));
    try {
      const image = path.join(dir, 'no-fallback.raw');
      await writeFile(image, raw);
      const result = await checkImage({ image, intent: { osState: 'generalized', hyperVGeneration: 'V2', architecture: 'x64', sources: {} }, failOn: 'error' });
      expect(result.image.esp?.loaders).toEqual(expect.arrayContaining(['EFI/BOOT/BOOTX65.EFI']));
      expect(result.image.esp?.loaders).not.toContain('EFI/BOOT/BOOTX64.EFI');
      const findings = result.findings.filter((f) => f.ruleId === 'BOOT-GEN2-ESP');
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ severity: 'error' });
      expect(findings[0]!.message).toMatch(/no removable-media fallback boot loader \\EFI\\BOOT\\BOOTX64\.EFI \(x64\).*Loaders found: .*EFI\/BOOT\/BOOTX65\.EFI/);
      expect(result.verdict).toBe('fail');
      expect(names).toContain('BOOTX64.EFI');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
