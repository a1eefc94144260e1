import { describe, expect, it } from '@jest/globals';
import { parseFstab } from '../../src/guest/fstab.js';

describe('parseFstab', () => {
  it('parses the fstab an Ubuntu cloud image ships, keeping line numbers', () => {
    // Ubuntu 24.04 cloud image /etc/fstab (cloudimg-rootfs label, ESP by label).
    const text = 'LABEL=cloudimg-rootfs\t/\t ext4\tdiscard,commit=30,errors=remount-ro\t0 1\nLABEL=BOOT\t/boot\text4\tdefaults\t0 2\nLABEL=UEFI\t/boot/efi\tvfat\tumask=0077\t0 1\n';
    const entries = parseFstab(text);
    expect(entries.map((e) => [e.spec, e.file, e.vfstype, e.line])).toEqual([
      ['LABEL=cloudimg-rootfs', '/', 'ext4', 1],
      ['LABEL=BOOT', '/boot', 'ext4', 2],
      ['LABEL=UEFI', '/boot/efi', 'vfat', 3],
    ]);
    expect(entries[0]!.options).toEqual(['discard', 'commit=30', 'errors=remount-ro']);
    expect(entries[2]!.passno).toBe(1);
  });

  it('skips comments and blank lines, decodes octal escapes, defaults missing fields', () => {
    const entries = parseFstab('# <file system> <mount point>\n\n/dev/sdb1 /mnt/my\\040data auto\nproc /proc proc defaults 0 0\nbroken-line\n');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ spec: '/dev/sdb1', file: '/mnt/my data', vfstype: 'auto', options: ['defaults'], line: 3 });
  });
});
