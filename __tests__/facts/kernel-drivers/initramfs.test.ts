import { describe, expect, it } from '@jest/globals';
import { collectInitramfs, keepForDrivers } from '../../../src/facts/initramfs.js';
import { collectKernelDrivers } from '../../../src/facts/kernel-drivers.js';
import type { MemoryTree } from '../../../src/fs/memory/memory-fs.js';
import { debianInitramfs, fakeReader, HV_STORAGE, listing, type Member } from '../../data/kernel/listings.js';
import { bootFacts, debianCloudKernel, DEBIAN_CLOUD_VERSION as V } from '../../data/kernel/trees.js';
import { memoryGuest } from '../../helpers/memory-guest.js';

const INITRD = `/boot/initrd.img-${V}`;
const collect = async (members: Record<string, Member>, tree: MemoryTree = debianCloudKernel(), args?: string) => {
  const guest = memoryGuest(tree);
  const kd = await collectKernelDrivers(guest, { boot: bootFacts(`/boot/vmlinuz-${V}`, V, args) });
  return collectInitramfs(guest, kd, fakeReader([listing(INITRD, members)]));
};
const states = (facts: Awaited<ReturnType<typeof collect>>, ...names: string[]) => Object.fromEntries(names.map((n) => [n, facts.drivers[n]!.state]));

describe('collectInitramfs', () => {
  it('finds modules through the lib → usr/lib link; built-in from the kernel and the initramfs modules.builtin', async () => {
    const facts = await collect(debianInitramfs(V, HV_STORAGE));
    expect(facts.moduleDir).toBe(`usr/lib/modules/${V}`);
    expect(facts.moduleVersions).toEqual([V]);
    expect(facts.sources).toEqual({ modulesDep: `usr/lib/modules/${V}/modules.dep`, modulesBuiltin: `usr/lib/modules/${V}/modules.builtin` });
    expect(states(facts, 'hv_vmbus', 'hv_storvsc', 'sd_mod', 'scsi_mod', 'hv_netvsc', 'ext4', 'nvme', 'xfs', 'pci_hyperv')).toEqual({
      hv_vmbus: 'initramfs', hv_storvsc: 'initramfs', sd_mod: 'initramfs', scsi_mod: 'initramfs', hv_netvsc: 'initramfs', ext4: 'built-in', nvme: 'built-in', xfs: 'absent', pci_hyperv: 'absent',
    });
    expect(facts.drivers.hv_storvsc).toEqual({ name: 'hv_storvsc', state: 'initramfs', path: `usr/lib/modules/${V}/kernel/drivers/scsi/hv_storvsc.ko`, missingDeps: [], disabledBy: [] });
    expect(facts.images).toEqual([{ path: INITRD, size: 4096, archives: [{ compression: 'gzip', entries: expect.any(Number) }] }]);
  });

  it('names the dependencies the initramfs lacks (hv_storvsc without scsi_transport_fc)', async () => {
    const { 'kernel/drivers/scsi/scsi_transport_fc.ko': _, ...rest } = HV_STORAGE;
    const facts = await collect(debianInitramfs(V, rest));
    expect(facts.drivers.hv_storvsc!.missingDeps).toEqual(['scsi_transport_fc']);
  });

  it('reads modprobe.d inside the initramfs, dracut cmdline.d and the entry\'s arguments', async () => {
    const facts = await collect(
      debianInitramfs(V, HV_STORAGE, { 'etc/modprobe.d/hv.conf': 'blacklist hv_netvsc\n', 'etc/cmdline.d/10-x.conf': 'rd.driver.blacklist=hv_storvsc\n' }),
      debianCloudKernel(),
      'ro modprobe.blacklist=sd_mod',
    );
    expect(facts.modprobe.files).toEqual(['etc/modprobe.d/hv.conf']);
    expect(facts.modprobe.disables.map((d) => `${d.module} ${d.kind} ${d.path}`)).toEqual([
      `hv_netvsc blacklist ${INITRD}:etc/modprobe.d/hv.conf`,
      `hv_storvsc cmdline ${INITRD}:etc/cmdline.d/10-x.conf`,
      'sd_mod cmdline kernel command line',
    ]);
  });

  it('tells a stale initramfs (modules for another release) from a current one', async () => {
    const facts = await collect(debianInitramfs('6.1.0-13-cloud-amd64', HV_STORAGE));
    expect(facts.moduleDir).toBeUndefined();
    expect(facts.moduleVersions).toEqual(['6.1.0-13-cloud-amd64']);
    expect(facts.drivers.hv_storvsc!.state).toBe('absent');
  });

  it('records an initrd the entry names but the image lacks', async () => {
    const guest = memoryGuest(debianCloudKernel());
    const kd = await collectKernelDrivers(guest, { boot: bootFacts(`/boot/vmlinuz-${V}`, V) });
    const facts = await collectInitramfs(guest, kd, fakeReader([]));
    expect(facts.missing).toEqual([INITRD]);
    expect(facts.drivers.hv_vmbus!.state).toBe('absent');
    expect(facts.drivers.ext4!.state).toBe('built-in');
  });

  it.each([
    ['usr/lib/modules/6.1/modules.dep', true],
    ['lib/modules/6.1/modules.builtin', true],
    ['etc/modprobe.d/x.conf', true],
    ['usr/lib/modprobe.d/systemd.conf', true],
    ['etc/cmdline.d/01-default.conf', true],
    ['usr/lib/modules/6.1/kernel/drivers/hv/hv_vmbus.ko', false],
    ['usr/lib/modules/6.1/modules.alias', false],
  ])('keeps %s: %s', (name, expected) => expect(keepForDrivers(name)).toBe(expected));
});
