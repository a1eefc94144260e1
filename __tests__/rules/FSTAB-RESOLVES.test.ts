import { describe, expect, it } from '@jest/globals';
import { FSTAB_RESOLVES } from '../../src/rules/FSTAB-RESOLVES.js';
import { fstabOnlyFacts, fstabRuleLines } from '../helpers/storage.js';
import { plainImage } from '../helpers/rule-context.js';

const root = 'LABEL=cloudimg-rootfs / ext4 defaults 0 1\nUUID=A1B2-C3D4 /boot/efi vfat umask=0077 0 1\n';

describe('FSTAB-RESOLVES', () => {
  it.each([
    { name: 'every line names a filesystem of the image', fstab: `${root}/dev/mapper/datavg-datalv /srv xfs defaults 0 2\nUUID=5e5e5e5e-2222-4a4a-9b9b-000000000002 none swap sw 0 0\n`, expected: [] },
    {
      name: 'a data filesystem from the build host by UUID, without nofail',
      fstab: `${root}UUID=0f0f0f0f-9999-4a4a-9b9b-00000000abcd /data ext4 defaults 0 2\n`,
      expected: ['error /etc/fstab line 3 mounts UUID=0f0f0f0f-9999-4a4a-9b9b-00000000abcd at /data, but no filesystem of this image has it, and the line has no nofail'],
    },
    { name: 'the same with nofail', fstab: `${root}UUID=0f0f0f0f-9999-4a4a-9b9b-00000000abcd /data ext4 defaults,nofail 0 2\n`, expected: [] },
    { name: 'the same with noauto', fstab: `${root}UUID=0f0f0f0f-9999-4a4a-9b9b-00000000abcd /data ext4 noauto 0 0\n`, expected: [] },
    { name: 'an NFS share (remote-fs.target, not local-fs.target)', fstab: `${root}nas:/export /nas nfs defaults 0 0\n`, expected: [] },
    {
      name: 'an LVM volume of a VG that is not on this disk',
      fstab: `${root}/dev/mapper/appvg-applv /app xfs defaults 0 0\n`,
      expected: ['error /etc/fstab line 3 mounts the LVM volume appvg/applv at /app, but no filesystem of this image has it, and the line has no nofail'],
    },
    {
      name: 'a LABEL no filesystem has',
      fstab: `${root}LABEL=BOOT /boot ext4 defaults 0 2\n`,
      expected: ['error /etc/fstab line 3 mounts LABEL=BOOT at /boot, but no filesystem of this image has it, and the line has no nofail'],
    },
    {
      name: 'a name vhd-gate cannot decode (by-id)',
      fstab: `${root}/dev/disk/by-id/wwn-0x5000c500a1b2c3d4-part1 /data ext4 defaults 0 2\n`,
      expected: ["warning /etc/fstab line 3 mounts /dev/disk/by-id/wwn-0x5000c500a1b2c3d4-part1 at /data; vhd-gate cannot tell which disk that name means, and the line has no nofail"],
    },
    {
      name: 'swap on a partition UUID that is not in the image',
      fstab: `${root}UUID=77777777-0000-4000-8000-000000000007 none swap sw 0 0\n`,
      expected: ['warning /etc/fstab line 3 enables swap on UUID=77777777-0000-4000-8000-000000000007, which is not in the image, without nofail'],
    },
    {
      name: 'a / line written for another disk',
      fstab: 'UUID=99999999-0000-4000-8000-000000000009 / ext4 defaults 0 1\n',
      expected: ['warning /etc/fstab line 1 mounts UUID=99999999-0000-4000-8000-000000000009 at /, but no volume of this image has it: the line was written for another disk'],
    },
    { name: 'resource-disk and data-disk lines are FSTAB-NOFAIL\'s', fstab: `${root}/dev/sdb1 /mnt ext4 defaults 0 2\n/dev/sdc1 /data ext4 defaults 0 2\n`, expected: [] },
    { name: 'a swap file is SWAP-OS-DISK\'s', fstab: `${root}/swap.img none swap sw 0 0\n`, expected: [] },
  ])('$name', ({ fstab, expected }) => {
    expect(fstabRuleLines(FSTAB_RESOLVES, fstab)).toEqual(expected);
  });

  it('cites the fstab line, with option values outside the allow-list hidden', () => {
    const facts = fstabOnlyFacts(`${root}//srv/share /data cifs username=bob,password=hunter2,vers=3.0 0 0\nUUID=0f0f0f0f-9999-4a4a-9b9b-00000000abcd /data2 ext4 defaults,x-systemd.device-timeout=5s 0 2\n`);
    const [finding] = FSTAB_RESOLVES.check({ image: plainImage(), facts, intent: { sources: {} } });
    expect(finding!.evidence).toEqual([
      { path: '/etc/fstab', line: 4, excerpt: 'UUID=0f0f0f0f-9999-4a4a-9b9b-00000000abcd /data2 ext4 defaults,x-systemd.device-timeout=5s', detail: 'no partition, logical volume or filesystem of the image matches this name' },
    ]);
    expect(facts.fstab!.lines[2]!.excerpt).toBe('//srv/share /data cifs username=<hidden>,password=<hidden>,vers=<hidden>');
  });
});
