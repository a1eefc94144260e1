import { describe, expect, it } from '@jest/globals';
import { openContainer } from '../../../src/disk/index.js';
import { openFilesystem } from '../../../src/fs/registry.js';
import { openGuest } from '../../../src/guest/open-guest.js';
import type { Volume } from '../../../src/guest/volume.js';
import { FileSource } from '../../../src/io/file-source.js';
import { inspectImage } from '../../../src/inspect.js';
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
      expect((await guest.readBytes('/boot/efi/EFI/BOOT/BOOTX64.EFI', 2))?.length).toBe(2);
    } finally {
      await file.close();
    }
  });
});
