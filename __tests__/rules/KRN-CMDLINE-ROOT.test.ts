import { describe, expect, it } from '@jest/globals';
import { KRN_CMDLINE_ROOT } from '../../src/rules/KRN-CMDLINE-ROOT.js';
import { plainImage } from '../helpers/rule-context.js';
import { grubCfg, treeRuleLines } from '../helpers/boot-config.js';

const image = plainImage({
  filesystems: [
    { volume: 'partition 1', partition: 1, type: 'ext4', uuid: '6b0e1a8c-1111-4a4a-9b9b-000000000001', label: 'cloudimg-rootfs', size: 1 << 30 },
    { volume: 'LV rootvg/rootlv', type: 'xfs', uuid: 'abababab-0000-4000-8000-000000000001', size: 1 << 30 },
  ],
});

describe('KRN-CMDLINE-ROOT', () => {
  it.each([
    { name: 'root=UUID= of the image', args: 'root=UUID=6b0e1a8c-1111-4a4a-9b9b-000000000001 ro', intent: {}, expected: [] },
    { name: 'root=LABEL= of the image', args: 'root=LABEL=cloudimg-rootfs ro', intent: {}, expected: [] },
    { name: 'root=/dev/mapper/rootvg-rootlv', args: 'root=/dev/mapper/rootvg-rootlv ro', intent: {}, expected: [] },
    { name: 'an encrypted root (/dev/mapper/luks-…)', args: 'root=/dev/mapper/luks-0f0f ro', intent: {}, expected: [] },
    {
      name: 'a KVM build: root=/dev/vda1',
      args: 'root=/dev/vda1 ro',
      intent: {},
      expected: ["error the default boot entry menuentry 'Ubuntu' (/boot/grub/grub.cfg line 3) boots root=/dev/vda1: Azure VMs have no such device (virtio, Xen and IDE names come from the build hypervisor; Azure disks are /dev/sdX on SCSI and /dev/nvmeXnY on NVMe)"],
    },
    { name: 'root=/dev/sda1 on SCSI: works today, not persistent', args: 'root=/dev/sda1 ro', intent: {}, expected: [expect.stringMatching(/^warning .* boots root=\/dev\/sda1: SCSI names follow probe order/)] },
    { name: 'root=/dev/sda1 with NVMe declared: NVME-NO-DEVNAMES reports it', args: 'root=/dev/sda1 ro', intent: { diskControllerTypes: ['NVMe'] }, expected: [] },
    {
      name: 'a UUID of another disk',
      args: 'root=UUID=99999999-0000-4000-8000-000000000009 ro',
      intent: {},
      expected: ["error the default boot entry menuentry 'Ubuntu' (/boot/grub/grub.cfg line 3) boots root=UUID=99999999-0000-4000-8000-000000000009, but no filesystem or partition of this image has that name: the initramfs cannot find its root"],
    },
    { name: 'the last root= counts', args: 'root=/dev/vda1 root=UUID=6b0e1a8c-1111-4a4a-9b9b-000000000001 ro', intent: {}, expected: [] },
  ])('$name', async ({ args, intent, expected }) => {
    expect(await treeRuleLines(KRN_CMDLINE_ROOT, grubCfg(args), intent, image)).toEqual(expected);
  });
});
