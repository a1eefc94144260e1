import { describe, expect, it } from '@jest/globals';
import { BOOT_LVM_DEVICESFILE } from '../../src/rules/BOOT-LVM-DEVICESFILE.js';
import { plainImage } from '../helpers/rule-context.js';
import { treeRuleLines } from '../helpers/boot-config.js';

// The image's PV, as blkid/pvs print its UUID, and the PVID LVM writes for it (the same without dashes).
const image = plainImage({
  filesystems: [
    { volume: 'partition 3', partition: 3, type: 'LVM2_member', uuid: 'IH9U2J-fnzS-97fT-gbk7-5773-5J1H-qTg7BL', size: 1 << 30 },
    { volume: 'LV rootvg/rootlv', type: 'xfs', uuid: 'abababab-0000-4000-8000-000000000001', size: 1 << 30 },
  ],
});
// Header and line format as written by pvcreate (lvm2 with use_devicesfile=1, Debian 12's lvm2 2.03.16, when this test was made).
const header = '# LVM uses devices listed in this file.\n# Created by LVM command pvcreate pid 16460 at Fri Dec  4 20:15:53 2026\nVERSION=1.1.1\n';
const file = (lines: string) => ({ '/etc/lvm/devices/system.devices': header + lines });
const conf = (value: number) => ({ '/etc/lvm/lvm.conf': `devices {\n\t# use_devicesfile = 1\n\tuse_devicesfile = ${value}\n}\n` });

describe('BOOT-LVM-DEVICESFILE', () => {
  it.each([
    { name: 'no devices file', tree: {}, expected: [] },
    { name: "the image's PV by device name (a devname entry)", tree: file('IDTYPE=devname IDNAME=/dev/sda3 DEVNAME=/dev/sda3 PVID=IH9U2JfnzS97fTgbk757735J1HqTg7BL PART=3\n'), expected: [expect.stringMatching(/^warning \/etc\/lvm\/devices\/system.devices lists partition 3's PV by device name \/dev\/sda3/)] },
    {
      name: 'the file names only the build host\'s disk (another PVID)',
      tree: file('IDTYPE=sys_wwid IDNAME=naa.600224800000000000000000000000aa DEVNAME=/dev/sdb1 PVID=Zz9U2JfnzS97fTgbk757735J1HqTg7Zz PART=1\n'),
      expected: ["error /etc/lvm/devices/system.devices does not list partition 3's PV IH9U2J-fnzS-97fT-gbk7-5773-5J1H-qTg7BL (PVID IH9U2JfnzS97fTgbk757735J1HqTg7BL); it lists Zz9U2JfnzS97fTgbk757735J1HqTg7Zz: LVM ignores the PV and its VG is not activated"],
    },
    {
      name: "the image's PV by the build host's WWID",
      tree: file('IDTYPE=sys_wwid IDNAME=naa.600224800000000000000000000000aa DEVNAME=/dev/sda3 PVID=IH9U2JfnzS97fTgbk757735J1HqTg7BL PART=3\n'),
      expected: ["error /etc/lvm/devices/system.devices lists partition 3's PV by the build host's sys_wwid naa.600224800000000000000000000000aa: the Azure disk has another ID, so LVM ignores the PV and its VG is not activated"],
    },
    {
      name: 'the same in a file that records the machine (LVM with device_ids_refresh)',
      tree: file('HOSTNAME=build-vm\nPRODUCT_UUID=4c4c4544-0000-0000-0000-000000000000\nIDTYPE=sys_wwid IDNAME=naa.600224800000000000000000000000aa DEVNAME=/dev/sda3 PVID=IH9U2JfnzS97fTgbk757735J1HqTg7BL PART=3\n'),
      expected: [expect.stringMatching(/^warning .* the file records the machine \(HOSTNAME, PRODUCT_UUID\)/)],
    },
    { name: 'use_devicesfile = 0 in lvm.conf', tree: { ...file('IDTYPE=sys_wwid IDNAME=naa.6002 DEVNAME=/dev/sdb1 PVID=Zz9U2JfnzS97fTgbk757735J1HqTg7Zz\n'), ...conf(0) }, expected: [] },
    { name: 'use_devicesfile = 1 in lvm.conf', tree: { ...file('IDTYPE=sys_wwid IDNAME=naa.6002 DEVNAME=/dev/sdb1 PVID=Zz9U2JfnzS97fTgbk757735J1HqTg7Zz\n'), ...conf(1) }, expected: [expect.stringMatching(/^error .* does not list partition 3's PV/)] },
  ])('$name', async ({ tree, expected }) => {
    expect(await treeRuleLines(BOOT_LVM_DEVICESFILE, tree, {}, image)).toEqual(expected);
  });

  it('an image without LVM is not judged', async () => {
    expect(await treeRuleLines(BOOT_LVM_DEVICESFILE, file('IDTYPE=sys_wwid IDNAME=naa.6002 DEVNAME=/dev/sdb1 PVID=Zz9U2JfnzS97fTgbk757735J1HqTg7Zz\n'))).toEqual([]);
  });
});
