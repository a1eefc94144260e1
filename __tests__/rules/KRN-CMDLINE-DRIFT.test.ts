import { describe, expect, it } from '@jest/globals';
import { KRN_CMDLINE_DRIFT } from '../../src/rules/KRN-CMDLINE-DRIFT.js';
import { defaultGrub, grubCfg, treeRuleLines } from '../helpers/boot-config.js';

const root = 'root=UUID=6b0e1a8c-1111-4a4a-9b9b-000000000001 ro';

describe('KRN-CMDLINE-DRIFT', () => {
  it.each([
    { name: 'grub.cfg generated from /etc/default/grub', tree: { ...defaultGrub('net.ifnames=0', 'console=tty1 console=ttyS0'), ...grubCfg(`${root} net.ifnames=0 console=tty1 console=ttyS0`) }, expected: [] },
    {
      name: 'console=ttyS0 added to /etc/default/grub, update-grub not run',
      tree: { ...defaultGrub('console=ttyS0 earlyprintk=ttyS0', 'quiet'), ...grubCfg(`${root} quiet`) },
      expected: ["warning the default boot entry menuentry 'Ubuntu' (/boot/grub/grub.cfg line 3) does not match /etc/default/grub: console=ttyS0 earlyprintk=ttyS0 are in /etc/default/grub but not in the entry"],
    },
    {
      name: 'grub.cfg edited by hand: the next kernel update drops it',
      tree: { ...defaultGrub('', 'quiet'), ...grubCfg(`${root} quiet cloud-init=disabled`) },
      expected: ["warning the default boot entry menuentry 'Ubuntu' (/boot/grub/grub.cfg line 3) does not match /etc/default/grub: cloud-init=disabled is in the entry but not in /etc/default/grub"],
    },
    {
      name: 'a RHEL 9 BLS entry whose options lack what /etc/default/grub has',
      tree: {
        ...defaultGrub('crashkernel=1G-4G:192M rd.lvm.lv=rootvg/rootlv console=ttyS0', ''),
        '/boot/loader/entries/0123-5.14.0-427.el9.x86_64.conf': 'title Rocky Linux (5.14.0-427.el9.x86_64)\nversion 5.14.0-427.el9.x86_64\nlinux /vmlinuz-5.14.0-427.el9.x86_64\ninitrd /initramfs-5.14.0-427.el9.x86_64.img\noptions root=/dev/mapper/rootvg-rootlv ro crashkernel=1G-4G:192M rd.lvm.lv=rootvg/rootlv\n',
      },
      expected: [expect.stringMatching(/^warning the default boot entry BLS entry 'Rocky Linux \(5\.14\.0-427\.el9\.x86_64\)' \(\/boot\/loader\/entries\/0123-5\.14\.0-427\.el9\.x86_64\.conf line \d+\) does not match \/etc\/default\/grub: console=ttyS0 is in \/etc\/default\/grub but not in the entry$/)],
    },
    { name: 'no /etc/default/grub: nothing to compare', tree: grubCfg(`${root} quiet`), expected: [] },
    { name: 'no generated entry: nothing to compare', tree: defaultGrub('console=ttyS0'), expected: [] },
  ])('$name', async ({ tree, expected }) => {
    expect(await treeRuleLines(KRN_CMDLINE_DRIFT, tree)).toEqual(expected);
  });
});
