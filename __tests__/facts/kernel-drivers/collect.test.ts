import { describe, expect, it } from '@jest/globals';
import type { BootEntry, BootFacts } from '../../../src/facts/boot/types.js';
import { collectKernelDrivers } from '../../../src/facts/kernel-drivers.js';
import type { MemoryTree } from '../../../src/fs/memory/memory-fs.js';
import { bootFacts, debianCloudKernel, DEBIAN_CLOUD_VERSION as V } from '../../data/kernel/trees.js';
import { memoryGuest } from '../../helpers/memory-guest.js';

const collect = (tree: MemoryTree, boot?: BootFacts) => collectKernelDrivers(memoryGuest(tree), boot ? { boot } : {});

describe('collectKernelDrivers', () => {
  it("reads Debian 12's cloud kernel: ext4 and nvme built in, the Hyper-V drivers modules with their modules.dep dependencies", async () => {
    const facts = await collect(debianCloudKernel(), bootFacts(`/boot/vmlinuz-${V}`, V));
    expect(facts.kernel).toEqual({ version: V, versionFrom: "the version of menuentry 'Debian GNU/Linux'", kernel: `/boot/vmlinuz-${V}`, initrds: [`/boot/initrd.img-${V}`], entry: "menuentry 'Debian GNU/Linux'" });
    expect(facts.modulesDir).toBe(`/lib/modules/${V}`);
    expect(facts.sources).toEqual({
      builtin: { path: `/lib/modules/${V}/modules.builtin`, modules: 141 },
      modulesDep: { path: `/lib/modules/${V}/modules.dep`, modules: expect.any(Number) },
      config: { path: `/boot/config-${V}` },
    });
    const states = Object.fromEntries(Object.values(facts.drivers).map((d) => [d.name, d.state]));
    expect(states).toEqual({
      hv_vmbus: 'module', hv_storvsc: 'module', hv_netvsc: 'module', scsi_mod: 'module', sd_mod: 'module', dm_mod: 'module',
      ext4: 'built-in', xfs: 'module', btrfs: 'absent', udf: 'module', vfat: 'absent', nvme: 'built-in', nvme_core: 'built-in',
      pci_hyperv: 'module', pci_hyperv_intf: 'module', mana: 'module', mlx4_core: 'module', mlx4_en: 'module', mlx5_core: 'module',
    });
    expect(facts.drivers.hv_storvsc).toMatchObject({
      module: { path: `/lib/modules/${V}/kernel/drivers/scsi/hv_storvsc.ko`, deps: ['scsi_transport_fc', 'scsi_mod', 'scsi_common', 'hv_vmbus'], missingDeps: [] },
      config: { option: 'CONFIG_HYPERV_STORAGE', value: 'm', path: `/boot/config-${V}` },
    });
    expect(facts.drivers.ext4!.builtIn).toEqual({ path: `/lib/modules/${V}/modules.builtin`, line: expect.any(Number) });
    expect(facts.drivers.nvme_core!.config?.value).toBe('y');
    // btrfs and vfat are listed by modules.dep but their files were not put in the tree.
    expect(facts.notes).toEqual([
      `btrfs: modules.dep lists /lib/modules/${V}/kernel/fs/btrfs/btrfs.ko, which is not in the image`,
      `vfat: modules.dep lists /lib/modules/${V}/kernel/fs/fat/vfat.ko, which is not in the image`,
    ]);
  });

  it.each([
    { name: 'the boot entry version', boot: bootFacts('/boot/vmlinuz-6.1.0-57-cloud-amd64', V), tree: {} as MemoryTree, expected: { version: V, versionFrom: "the version of menuentry 'Debian GNU/Linux'" } },
    { name: 'the kernel file name', boot: bootFacts('/boot/vmlinuz-5.14.0-427.el9.x86_64'), tree: {} as MemoryTree, expected: { version: '5.14.0-427.el9.x86_64', versionFrom: 'the kernel file name /boot/vmlinuz-5.14.0-427.el9.x86_64' } },
    { name: 'the only /lib/modules directory, without boot facts', boot: undefined, tree: { '/lib/modules/6.8.0-1015-azure/modules.builtin': '' } as MemoryTree, expected: { version: '6.8.0-1015-azure', versionFrom: 'the only directory in /lib/modules (the boot entries could not be read)' } },
    { name: 'the only /usr/lib/modules directory (merged /usr without the /lib link)', boot: undefined, tree: { '/usr/lib/modules/6.6.47.1-1.azl3/modules.builtin': '' } as MemoryTree, expected: { version: '6.6.47.1-1.azl3' } },
  ])('finds the release from $name', async ({ boot, tree, expected }) => {
    const facts = await collect(tree, boot);
    expect(facts.kernel).toMatchObject(expected);
    expect(facts.notJudged).toBeUndefined();
  });

  it.each([
    { name: 'two releases and no boot entries', tree: { '/lib/modules/6.1.0-1/modules.dep': '', '/lib/modules/6.1.0-2/modules.dep': '' } as MemoryTree, expected: 'the boot entries could not be read, and /lib/modules holds 2 releases (6.1.0-1, 6.1.0-2)' },
    { name: 'no modules at all', tree: { '/etc/hostname': 'x\n' } as MemoryTree, expected: 'the boot entries could not be read, and the image has no /lib/modules' },
  ])('does not guess the kernel with $name', async ({ tree, expected }) => {
    const facts = await collect(tree);
    expect(facts.kernel).toBeUndefined();
    expect(facts.notJudged).toBe(expected);
    expect(facts.drivers).toEqual({});
  });

  it('finds /usr/lib/modules/<version> when /lib/modules has none, and the release from the BLS version', async () => {
    const v = '5.14.0-427.el9.x86_64';
    const facts = await collect(
      { [`/usr/lib/modules/${v}/modules.builtin`]: 'kernel/fs/xfs/xfs.ko\n', [`/usr/lib/modules/${v}/config`]: 'CONFIG_HYPERV=y\n# CONFIG_UDF_FS is not set\n', [`/usr/lib/modules/${v}/modules.dep`]: '' },
      bootFacts(`/boot/vmlinuz-${v}`, v),
    );
    expect(facts.modulesDir).toBe(`/usr/lib/modules/${v}`);
    expect(facts.sources.config).toEqual({ path: `/usr/lib/modules/${v}/config` });
    expect(facts.drivers.xfs!.state).toBe('built-in');
    expect(facts.drivers.hv_vmbus).toMatchObject({ state: 'built-in', config: { option: 'CONFIG_HYPERV', value: 'y', line: 1 } });
    expect(facts.drivers.udf).toMatchObject({ state: 'absent', config: { value: 'n', line: 2 } });
  });

  it('walks the module tree when modules.dep is missing, and says modprobe cannot load them yet', async () => {
    const facts = await collect(
      { [`/lib/modules/${V}/kernel/drivers/hv/hv_vmbus.ko.zst`]: 'x', [`/lib/modules/${V}/updates/dkms/mana.ko.xz`]: 'x', [`/lib/modules/${V}/kernel/drivers/md/dm-mod.ko.gz`]: 'x' },
      bootFacts(`/boot/vmlinuz-${V}`, V),
    );
    expect(facts.sources.walked).toEqual({ path: `/lib/modules/${V}`, modules: 3 });
    expect(facts.drivers.hv_vmbus!.module).toEqual({ path: `/lib/modules/${V}/kernel/drivers/hv/hv_vmbus.ko.zst`, deps: [], missingDeps: [] });
    expect(facts.drivers.mana!.module?.path).toBe(`/lib/modules/${V}/updates/dkms/mana.ko.xz`);
    expect(facts.drivers.dm_mod!.state).toBe('module');
    expect(facts.notes).toEqual([`/lib/modules/${V}/modules.dep is missing: modprobe cannot load modules until depmod runs; module files were found by walking /lib/modules/${V}`]);
  });

  it('names the dependencies whose module file is missing (udf needs cdrom and crc-itu-t)', async () => {
    const facts = await collect(debianCloudKernel(['udf', 'crc_itu_t']), bootFacts(`/boot/vmlinuz-${V}`, V));
    expect(facts.drivers.udf!.module).toEqual({ path: `/lib/modules/${V}/kernel/fs/udf/udf.ko`, deps: ['crc_itu_t', 'cdrom'], missingDeps: ['cdrom'] });
  });

  it('lists the non-default kernels without judging them', async () => {
    const other: BootEntry = { source: 'grub-cfg', path: '/boot/grub/grub.cfg', line: 40, label: "menuentry 'Debian, with Linux 6.1.0-13-cloud-amd64'", kernel: '/boot/vmlinuz-6.1.0-13-cloud-amd64', initrds: ['/boot/initrd.img-6.1.0-13-cloud-amd64'], version: '6.1.0-13-cloud-amd64', args: [] };
    const facts = await collect(debianCloudKernel(), bootFacts(`/boot/vmlinuz-${V}`, V, '', [other]));
    expect(facts.otherKernels).toEqual([{ label: other.label, kernel: other.kernel, version: other.version, initrds: other.initrds }]);
  });
});
