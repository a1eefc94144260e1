import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import type { Intent } from '../../src/intent/types.js';
import { runRules } from '../../src/rules/engine.js';
import { NVME_INITRAMFS } from '../../src/rules/NVME-INITRAMFS.js';
import { driverContext } from '../data/kernel/context.js';
import { debianInitramfs, HV_STORAGE, type Member } from '../data/kernel/listings.js';
import { debianCloudKernel, DEBIAN_CLOUD_VERSION as V } from '../data/kernel/trees.js';

const PCI = {
  'kernel/drivers/pci/controller/pci-hyperv-intf.ko': '',
  'kernel/drivers/pci/controller/pci-hyperv.ko': 'kernel/drivers/pci/controller/pci-hyperv-intf.ko kernel/drivers/hv/hv_vmbus.ko',
};
const NVME = { diskControllerTypes: ['SCSI', 'NVMe'] };
/** Debian's cloud kernel rebuilt with NVMe as modules (CONFIG_BLK_DEV_NVME=m, CONFIG_NVME_CORE=m; not in modules.builtin). */
const nvmeModular = (): MemoryTree => {
  const k = debianCloudKernel();
  return {
    ...k,
    [`/boot/config-${V}`]: (k[`/boot/config-${V}`] as string).replace('CONFIG_NVME_CORE=y', 'CONFIG_NVME_CORE=m').replace('CONFIG_BLK_DEV_NVME=y', 'CONFIG_BLK_DEV_NVME=m'),
    [`/lib/modules/${V}/modules.builtin`]: (k[`/lib/modules/${V}/modules.builtin`] as string).replace(/^kernel\/drivers\/nvme\/host\/nvme(-core)?\.ko\n/gm, ''),
  };
};
const withoutNvmeBuiltin = (members: Record<string, Member>): Record<string, Member> => ({ ...members, [`usr/lib/modules/${V}/modules.builtin`]: 'kernel/fs/ext4/ext4.ko\n' });

const run = async (members: Record<string, Member>, intent: Partial<Intent> = NVME, tree: MemoryTree = debianCloudKernel()) => {
  const result = runRules([NVME_INITRAMFS], await driverContext(tree, members, intent));
  return { findings: result.findings.map((f) => `${f.severity} ${f.message}`), notRun: result.notRun.map((n) => n.ruleId) };
};

describe('NVME-INITRAMFS', () => {
  it.each([
    { name: 'nvme built in, pci-hyperv in the initramfs', members: debianInitramfs(V, { ...HV_STORAGE, ...PCI }), tree: debianCloudKernel(), expected: [] },
    {
      name: 'nvme built in, no pci-hyperv in the initramfs (the usual Debian/Ubuntu miss)',
      members: debianInitramfs(V, HV_STORAGE),
      tree: debianCloudKernel(),
      expected: [
        `error ${V} cannot reach an NVMe OS disk: pci_hyperv (only on disk at /lib/modules/${V}/kernel/drivers/pci/controller/pci-hyperv.ko; it would have to be at usr/lib/modules/${V}/kernel/drivers/pci/controller/pci-hyperv.ko in the initramfs); pci_hyperv_intf (only on disk at /lib/modules/${V}/kernel/drivers/pci/controller/pci-hyperv-intf.ko; it would have to be at usr/lib/modules/${V}/kernel/drivers/pci/controller/pci-hyperv-intf.ko in the initramfs) — not built into the kernel and not in the default initramfs /boot/initrd.img-${V}`,
      ],
    },
    {
      name: 'nvme modular and not in the initramfs',
      members: withoutNvmeBuiltin(debianInitramfs(V, { ...HV_STORAGE, ...PCI })),
      tree: nvmeModular(),
      expected: [expect.stringMatching(/^error .* cannot reach an NVMe OS disk: nvme \(not built in, not in the initramfs, not in the image at all\); nvme_core \(not built in/)],
    },
    {
      name: 'nvme modular and in the initramfs with nvme-core',
      members: withoutNvmeBuiltin(debianInitramfs(V, { ...HV_STORAGE, ...PCI, 'kernel/drivers/nvme/host/nvme-core.ko': '', 'kernel/drivers/nvme/host/nvme.ko': 'kernel/drivers/nvme/host/nvme-core.ko' })),
      tree: nvmeModular(),
      expected: [],
    },
  ])('$name', async ({ members, tree, expected }) => {
    expect((await run(members, NVME, tree)).findings).toEqual(expected);
  });

  it('runs only when NVMe is declared; SCSI alone passes it by, undeclared lists it as not run', async () => {
    const members = debianInitramfs(V, HV_STORAGE);
    expect(await run(members, { diskControllerTypes: ['SCSI'] })).toEqual({ findings: [], notRun: [] });
    expect(await run(members, {})).toEqual({ findings: [], notRun: ['NVME-INITRAMFS'] });
  });
});
