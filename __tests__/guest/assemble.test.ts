import { describe, expect, it } from '@jest/globals';
import { MemoryFilesystem } from '../../src/fs/memory/memory-fs.js';
import { assembleMounts } from '../../src/guest/assemble.js';
import { parseFstab } from '../../src/guest/fstab.js';
import { parseDeviceRef } from '../../src/guest/match-spec.js';
import { MemorySource } from '../../src/io/byte-source.js';
import type { Volume } from '../../src/guest/volume.js';

function volume(name: string, extra: Partial<Volume>): Volume {
  return { name, source: new MemorySource(new Uint8Array(0)), identity: {}, fs: new MemoryFilesystem({}), ...extra };
}

describe('parseDeviceRef', () => {
  it.each([
    ['UUID=3f0b2c1e-0000-4000-8000-000000000001', { by: 'uuid', value: '3f0b2c1e-0000-4000-8000-000000000001' }],
    ['LABEL="cloudimg-rootfs"', { by: 'label', value: 'cloudimg-rootfs' }],
    ['PARTUUID=0e5f8a33-02', { by: 'partuuid', value: '0e5f8a33-02' }],
    ['PARTLABEL=EFI\\x20System', { by: 'unknown', value: 'PARTLABEL=EFI\\x20System' }],
    ['/dev/disk/by-label/EFI\\x20System', { by: 'label', value: 'EFI System' }],
    ['/dev/disk/by-uuid/ABCD-1234', { by: 'uuid', value: 'ABCD-1234' }],
    ['/dev/mapper/rootvg-rootlv', { by: 'lvm', vg: 'rootvg', lv: 'rootlv' }],
    ['/dev/mapper/my--vg-var--lv', { by: 'lvm', vg: 'my-vg', lv: 'var-lv' }],
    ['/dev/rootvg/homelv', { by: 'lvm', vg: 'rootvg', lv: 'homelv' }],
    ['/dev/sda2', { by: 'devname', device: '/dev/sda2', partition: 2, firstDisk: true }],
    ['/dev/xvda15', { by: 'devname', device: '/dev/xvda15', partition: 15, firstDisk: true }],
    ['/dev/nvme0n1p3', { by: 'devname', device: '/dev/nvme0n1p3', partition: 3, firstDisk: true }],
    ['/dev/sdb1', { by: 'devname', device: '/dev/sdb1', partition: 1, firstDisk: false }],
    ['/dev/nvme1n1p1', { by: 'devname', device: '/dev/nvme1n1p1', partition: 1, firstDisk: false }],
    ['tmpfs', { by: 'unknown', value: 'tmpfs' }],
  ])('%s', (spec, expected) => {
    // PARTLABEL= values are taken literally (no udev escaping), so the escaped form stays as written.
    if (spec.startsWith('PARTLABEL=')) {
      expect(parseDeviceRef(spec)).toEqual({ by: 'partlabel', value: 'EFI\\x20System' });
      return;
    }
    expect(parseDeviceRef(spec)).toEqual(expected);
  });
});

describe('assembleMounts', () => {
  const root = volume('partition 1', { partitionNumber: 1, identity: { uuid: 'aaaa-root', label: 'cloudimg-rootfs' } });
  const boot = volume('partition 2', { partitionNumber: 2, partUuid: '0e5f8a33-02', identity: { uuid: 'bbbb-boot', label: 'BOOT' } });
  const esp = volume('partition 15', { partitionNumber: 15, fsType: 'vfat', fs: undefined, identity: { uuid: 'ABCD-1234', label: 'UEFI' } });
  const volumes = [root, boot, esp];

  it('mounts what fstab names by UUID, label, PARTUUID and device name', () => {
    for (const spec of ['UUID=BBBB-BOOT', 'LABEL=BOOT', 'PARTUUID=0e5f8a33-02', '/dev/sda2', '/dev/disk/by-uuid/bbbb-boot']) {
      const plan = assembleMounts(root, parseFstab(`LABEL=cloudimg-rootfs / ext4 defaults 0 1\n${spec} /boot/ ext4 defaults 0 2\n`), volumes);
      expect(plan.mounts.map((m) => [m.mountPoint, m.volume.name])).toEqual([
        ['/', 'partition 1'],
        ['/boot', 'partition 2'],
      ]);
      expect(plan.unresolved).toEqual([]);
    }
  });

  it('reports entries it cannot resolve or cannot open, and ignores virtual filesystems and swap', () => {
    const fstab = 'UUID=aaaa-root / ext4 defaults 0 1\nUUID=ABCD-1234 /boot/efi vfat umask=0077 0 1\n/dev/sdb1 /mnt/data ext4 defaults 0 2\n/swap.img none swap sw 0 0\ntmpfs /tmp tmpfs defaults 0 0\n';
    const plan = assembleMounts(root, parseFstab(fstab), volumes);
    expect(plan.mounts.map((m) => m.mountPoint)).toEqual(['/']);
    expect(plan.unresolved.map((u) => [u.entry.file, u.reason])).toEqual([
      ['/boot/efi', 'partition 15 holds vfat, which this version of vhd-gate does not read'],
      ['/mnt/data', 'no volume on this disk matches /dev/sdb1'],
    ]);
  });

  it('notes when fstab names another volume for / than the one found by content', () => {
    const plan = assembleMounts(root, parseFstab('LABEL=BOOT / ext4 defaults 0 1\n'), volumes);
    expect(plan.notes).toEqual(['/etc/fstab line 1 mounts LABEL=BOOT at /, but the root was found on partition 1']);
  });

  it('records what became of every fstab line, swap and virtual lines included', () => {
    const fstab = 'UUID=aaaa-root / ext4 defaults 0 1\nLABEL=BOOT /boot ext4 defaults 0 2\nLABEL=BOOT /boot ext4 defaults 0 2\nUUID=ABCD-1234 /boot/efi vfat umask=0077 0 1\n/dev/sdb1 /mnt ext4 defaults 0 2\n/swap.img none swap sw 0 0\nPARTUUID=0e5f8a33-02 none swap sw 0 0\ntmpfs /tmp tmpfs defaults 0 0\n';
    const plan = assembleMounts(root, parseFstab(fstab), volumes);
    expect(plan.entries.map((e) => [e.entry.line, e.outcome, e.volumes.map((v) => v.name)])).toEqual([
      [1, 'root', ['partition 1']],
      [2, 'mounted', ['partition 2']],
      [3, 'duplicate', ['partition 2']],
      [4, 'unresolved', ['partition 15']],
      [5, 'unresolved', []],
      [6, 'swap', []],
      [7, 'swap', ['partition 2']],
      [8, 'other', []],
    ]);
  });
});
