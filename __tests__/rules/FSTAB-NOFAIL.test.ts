import { describe, expect, it } from '@jest/globals';
import { FSTAB_NOFAIL } from '../../src/rules/FSTAB-NOFAIL.js';
import { fstabRuleLines } from '../helpers/storage.js';

const root = 'LABEL=cloudimg-rootfs / ext4 defaults 0 1\n';

describe('FSTAB-NOFAIL', () => {
  it.each([
    {
      name: '/dev/sdb1 on /mnt without nofail (a hand-written resource-disk line)',
      fstab: `${root}/dev/sdb1 /mnt ext4 defaults 0 2\n`,
      expected: ['error /etc/fstab line 2 mounts /dev/sdb1 at /mnt without nofail: /dev/sdb1 is the resource disk on most Azure VM sizes (and a data disk on sizes without one)'],
    },
    {
      name: 'the resource disk by label on /mnt/resource',
      fstab: `${root}LABEL=Temporary\\040Storage /mnt/resource ntfs defaults 0 0\n`,
      expected: ['error /etc/fstab line 2 mounts LABEL=Temporary Storage at /mnt/resource without nofail: the label "Temporary Storage" is the one Azure formats the resource disk with'],
    },
    {
      name: 'a data disk by LUN symlink',
      fstab: `${root}/dev/disk/azure/scsi1/lun0-part1 /data xfs defaults 0 2\n`,
      expected: ['error /etc/fstab line 2 mounts /dev/disk/azure/scsi1/lun0-part1 at /data without nofail: /dev/disk/azure/scsi1/lun0-part1 is the udev name of a data disk'],
    },
    {
      name: 'a data disk by kernel name',
      fstab: `${root}/dev/sdc1 /data xfs defaults 0 2\n`,
      expected: ['error /etc/fstab line 2 mounts /dev/sdc1 at /data without nofail: /dev/sdc1 is not the first disk: on Azure it is a data disk (or, for /dev/sdb, the resource disk)'],
    },
    {
      name: 'an unknown UUID on /mnt',
      fstab: `${root}UUID=12121212-0000-4000-8000-000000000012 /mnt ext4 defaults 0 2\n`,
      expected: ['error /etc/fstab line 2 mounts UUID=12121212-0000-4000-8000-000000000012 at /mnt without nofail: /mnt is where cloud-init or waagent mount the resource disk'],
    },
    {
      name: 'swap on the resource disk by kernel name',
      fstab: `${root}/dev/sdb2 none swap sw 0 0\n`,
      expected: ['warning /etc/fstab line 2 enables swap on /dev/sdb2 without nofail: /dev/sdb2 is the resource disk on most Azure VM sizes (and a data disk on sizes without one)'],
    },
    {
      name: '/dev/sdb1 on /mnt with nofail: boot goes on, but the line competes with the agents',
      fstab: `${root}/dev/sdb1 /mnt auto defaults,nofail,x-systemd.device-timeout=10s 0 2\n`,
      expected: ['info /etc/fstab line 2 mounts /dev/sdb1 at /mnt (nofail, device timeout 10s): /dev/sdb1 is the resource disk on most Azure VM sizes (and a data disk on sizes without one); cloud-init or waagent mount the resource disk themselves'],
    },
    { name: "cloud-init's own line (comment=cloudconfig)", fstab: `${root}/dev/disk/cloud/azure_resource-part1 /mnt auto defaults,nofail,x-systemd.after=cloud-init.service,_netdev,comment=cloudconfig 0 2\n`, expected: [] },
    { name: 'a data disk with nofail (Azure data-disk guide)', fstab: `${root}/dev/disk/azure/scsi1/lun1-part1 /data xfs defaults,nofail 1 2\n`, expected: [] },
    { name: 'a UUID not on the disk elsewhere is FSTAB-RESOLVES\'', fstab: `${root}UUID=12121212-0000-4000-8000-000000000012 /data ext4 defaults 0 2\n`, expected: [] },
  ])('$name', ({ fstab, expected }) => {
    expect(fstabRuleLines(FSTAB_NOFAIL, fstab)).toEqual(expected);
  });
});
