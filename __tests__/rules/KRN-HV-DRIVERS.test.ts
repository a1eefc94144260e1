import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { runRules } from '../../src/rules/engine.js';
import { KRN_HV_DRIVERS } from '../../src/rules/KRN-HV-DRIVERS.js';
import { driverContext } from '../data/kernel/context.js';
import { debianInitramfs, HV_STORAGE, type Member } from '../data/kernel/listings.js';
import { debianCloudKernel, DEBIAN_CLOUD_VERSION as V } from '../data/kernel/trees.js';

const INITRD = `/boot/initrd.img-${V}`;
const MOD = `/lib/modules/${V}/kernel/drivers`;
const without = (...paths: string[]) => Object.fromEntries(Object.entries(HV_STORAGE).filter(([p]) => !paths.some((x) => p.endsWith(x))));
const XFS = { mountPoint: '/', volume: 'LV rootvg/rootlv', fsType: 'xfs' };
const DRACUT: MemoryTree = { '/usr/bin/dracut': '#!/bin/bash\n', '/usr/lib/dracut/dracut.conf.d/01-dist.conf': 'hostonly="yes"\n' };
const TOOLS: MemoryTree = { '/usr/sbin/mkinitramfs': '#!/bin/sh\n', '/etc/initramfs-tools/initramfs.conf': 'MODULES=dep\n' };

const run = async (members: Record<string, Member> | undefined, tree: MemoryTree = debianCloudKernel(), root?: typeof XFS, args?: string) =>
  runRules([KRN_HV_DRIVERS], await driverContext(tree, members, {}, root, args)).findings;
const lines = async (...a: Parameters<typeof run>) => (await run(...a)).map((f) => `${f.severity} ${f.message}`);

describe('KRN-HV-DRIVERS', () => {
  it.each([
    { name: 'Debian initramfs with the Hyper-V drivers, ext4 root (built in)', members: debianInitramfs(V, HV_STORAGE), expected: [] },
    {
      name: 'built on KVM with MODULES=dep: no Hyper-V drivers at all in the initramfs',
      members: debianInitramfs(V, { 'kernel/drivers/block/virtio_blk.ko': '' }),
      expected: [
        `error ${V} cannot reach its root disk on Azure: hv_vmbus (only on disk at ${MOD}/hv/hv_vmbus.ko; it would have to be at usr/lib/modules/${V}/kernel/drivers/hv/hv_vmbus.ko in the initramfs); hv_storvsc (only on disk at ${MOD}/scsi/hv_storvsc.ko; it would have to be at usr/lib/modules/${V}/kernel/drivers/scsi/hv_storvsc.ko in the initramfs); scsi_mod (only on disk at ${MOD}/scsi/scsi_mod.ko; it would have to be at usr/lib/modules/${V}/kernel/drivers/scsi/scsi_mod.ko in the initramfs); sd_mod (only on disk at ${MOD}/scsi/sd_mod.ko; it would have to be at usr/lib/modules/${V}/kernel/drivers/scsi/sd_mod.ko in the initramfs) — not built into the kernel and not in the default initramfs ${INITRD}`,
      ],
    },
    {
      name: 'hv_storvsc present but sd_mod missing: the disk is never a block device',
      members: debianInitramfs(V, without('sd_mod.ko')),
      expected: [expect.stringMatching(/cannot reach its root disk on Azure: sd_mod \(only on disk at .*sd_mod\.ko; .*\) — not built into the kernel/)],
    },
    {
      name: 'hv_storvsc without its dependency scsi_transport_fc',
      members: debianInitramfs(V, without('scsi_transport_fc.ko')),
      expected: [expect.stringContaining('hv_storvsc is in the initramfs but needs scsi_transport_fc, which is not')],
    },
    {
      name: 'blacklisted inside the initramfs',
      members: debianInitramfs(V, HV_STORAGE, { 'etc/modprobe.d/hv.conf': 'blacklist hv_storvsc\n' }),
      expected: [expect.stringContaining(`hv_storvsc is in the initramfs but disabled by \`blacklist hv_storvsc\` in ${INITRD}:etc/modprobe.d/hv.conf line 1`)],
    },
    {
      name: 'a stale initramfs holding modules for another release',
      members: debianInitramfs('6.1.0-13-cloud-amd64', HV_STORAGE),
      expected: [expect.stringMatching(/; the initramfs holds modules for 6\.1\.0-13-cloud-amd64, not 6\.1\.0-57-cloud-amd64$/)],
    },
    {
      name: 'the initrd the entry names is missing',
      members: undefined,
      expected: [expect.stringMatching(new RegExp(`not in the default initramfs ${INITRD} \\(not in the image\\)$`))],
    },
  ])('$name', async ({ members, expected }) => {
    expect(await lines(members)).toEqual(expected);
  });

  it('Hyper-V drivers built in (CONFIG_HYPERV=y, modules.builtin) pass with an initramfs that has none', async () => {
    const kernel = debianCloudKernel();
    const builtin = ['hv/hv_vmbus', 'scsi/hv_storvsc', 'scsi/scsi_mod', 'scsi/sd_mod', 'net/hyperv/hv_netvsc'].map((p) => `kernel/drivers/${p}.ko`).join('\n');
    const tree = { ...kernel, [`/lib/modules/${V}/modules.builtin`]: `${kernel[`/lib/modules/${V}/modules.builtin`] as string}${builtin}\n` };
    expect(await lines(debianInitramfs(V, {}), tree)).toEqual([]);
  });

  it('an LVM root on XFS needs xfs and dm_mod in the initramfs too', async () => {
    expect(await lines(debianInitramfs(V, HV_STORAGE), debianCloudKernel(), XFS)).toEqual([
      `error ${V} cannot reach its root disk on Azure: xfs (only on disk at /lib/modules/${V}/kernel/fs/xfs/xfs.ko; it would have to be at usr/lib/modules/${V}/kernel/fs/xfs/xfs.ko in the initramfs); dm_mod (only on disk at ${MOD}/md/dm-mod.ko; it would have to be at usr/lib/modules/${V}/kernel/drivers/md/dm-mod.ko in the initramfs) — not built into the kernel and not in the default initramfs ${INITRD} (root is xfs on LV rootvg/rootlv)`,
    ]);
  });

  it('hv_netvsc absent from the image altogether is a warning', async () => {
    const tree = debianCloudKernel(['hv_vmbus', 'hv_storvsc', 'scsi_mod', 'scsi_common', 'scsi_transport_fc', 'sd_mod']);
    expect(await lines(debianInitramfs(V, without('hv_netvsc.ko')), tree)).toEqual([`warning hv_netvsc (Hyper-V network) is neither built into ${V}, nor in the initramfs, nor a module in the image`]);
  });

  it.each([
    { name: 'dracut, host-only', tree: DRACUT, fix: /dracut: write `add_drivers\+=" hv_vmbus hv_storvsc scsi_mod sd_mod hv_netvsc "` to \/etc\/dracut\.conf\.d\/azure\.conf and run `dracut -f --kver 6\.1\.0-57-cloud-amd64`; or build a generic image with `hostonly="no"` \(now hostonly="yes" in \/usr\/lib\/dracut\/dracut\.conf\.d\/01-dist\.conf line 1\)/ },
    { name: 'initramfs-tools, MODULES=dep', tree: TOOLS, fix: /initramfs-tools: add hv_vmbus, hv_storvsc, scsi_mod, sd_mod, hv_netvsc to \/etc\/initramfs-tools\/modules, one per line \(and set MODULES=most: MODULES=dep in \/etc\/initramfs-tools\/initramfs\.conf line 1\), and run `update-initramfs -u -k 6\.1\.0-57-cloud-amd64`/ },
  ])('the fix follows the image\'s initramfs builder: $name', async ({ tree, fix }) => {
    const [finding] = await run(debianInitramfs(V, {}), { ...debianCloudKernel(), ...tree });
    expect(finding!.fix).toMatch(fix);
    expect(finding!.evidence[0]).toEqual({ path: INITRD, detail: `gzip (7 entries); 0 modules in usr/lib/modules/${V}` });
  });
});
