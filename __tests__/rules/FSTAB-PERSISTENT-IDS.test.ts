import { describe, expect, it } from '@jest/globals';
import { FSTAB_PERSISTENT_IDS } from '../../src/rules/FSTAB-PERSISTENT-IDS.js';
import { fstabRuleLines } from '../helpers/storage.js';

describe('FSTAB-PERSISTENT-IDS', () => {
  it.each([
    { name: 'UUID, LABEL and LVM names', fstab: 'LABEL=cloudimg-rootfs / ext4 defaults 0 1\nUUID=A1B2-C3D4 /boot/efi vfat umask=0077 0 1\n/dev/datavg/datalv /srv xfs defaults 0 0\n', intent: {}, expected: [] },
    {
      name: 'a KVM build: /dev/vda1 for /boot/efi',
      fstab: 'LABEL=cloudimg-rootfs / ext4 defaults 0 1\n/dev/vda15 /boot/efi vfat umask=0077 0 1\n',
      intent: {},
      expected: ['error /etc/fstab line 2 mounts /boot/efi by the kernel name /dev/vda15: Azure VMs have no such device (virtio, Xen and IDE names come from the build hypervisor; Azure disks are /dev/sdX on SCSI and /dev/nvmeXnY on NVMe)'],
    },
    {
      name: 'the same with nofail is a warning',
      fstab: 'LABEL=cloudimg-rootfs / ext4 defaults 0 1\n/dev/vda15 /boot/efi vfat umask=0077,nofail 0 1\n',
      intent: {},
      expected: [expect.stringMatching(/^warning \/etc\/fstab line 2 mounts \/boot\/efi by the kernel name \/dev\/vda15: /)],
    },
    {
      name: '/dev/sda1 for / on SCSI',
      fstab: '/dev/sda1 / ext4 defaults 0 1\n',
      intent: {},
      expected: [expect.stringMatching(/^warning \/etc\/fstab line 1 mounts \/ by the kernel name \/dev\/sda1: SCSI names follow probe order/)],
    },
    { name: '/dev/sda1 when NVMe is declared: NVME-NO-DEVNAMES reports it', fstab: '/dev/sda1 / ext4 defaults 0 1\n', intent: { diskControllerTypes: ['SCSI', 'NVMe'] }, expected: [] },
    {
      name: '/dev/nvme0n1p15 with SCSI possible',
      fstab: 'LABEL=cloudimg-rootfs / ext4 defaults 0 1\n/dev/nvme0n1p15 /boot/efi vfat defaults 0 1\n',
      intent: { diskControllerTypes: ['SCSI', 'NVMe'] },
      expected: ['error /etc/fstab line 2 mounts /boot/efi by the kernel name /dev/nvme0n1p15: on a VM with the SCSI controller (the default) there is no /dev/nvme* OS disk'],
    },
    {
      name: '/dev/nvme0n1p15 on an NVMe-only definition',
      fstab: 'LABEL=cloudimg-rootfs / ext4 defaults 0 1\n/dev/nvme0n1p15 /boot/efi vfat defaults 0 1\n',
      intent: { diskControllerTypes: ['NVMe'] },
      expected: [expect.stringMatching(/^warning .*NVMe namespace numbers/)],
    },
    {
      name: 'swap by kernel name on the data disk',
      fstab: 'LABEL=cloudimg-rootfs / ext4 defaults 0 1\n/dev/sdb2 none swap sw 0 0\n',
      intent: {},
      expected: [expect.stringMatching(/^warning \/etc\/fstab line 2 enables swap by the kernel name \/dev\/sdb2/)],
    },
  ])('$name', ({ fstab, intent, expected }) => {
    expect(fstabRuleLines(FSTAB_PERSISTENT_IDS, fstab, intent)).toEqual(expected);
  });
});
