import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Intent } from '../../src/intent/types.js';
import { checkImage, inspectImage } from '../../src/inspect.js';

/**
 * The default initramfs of the kernel-driver fixtures (scripts/fixtures/drivers.sh: an early-microcode
 * cpio and a zstd or gzip cpio made with cpio and zstd, real Debian modules inside) read by src/initramfs and
 * judged by KRN-HV-DRIVERS and NVME-INITRAMFS.
 */
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/drivers');
const V = '6.1.0-57-cloud-amd64';
const INITRD = `/boot/initrd.img-${V}`;

function image(name: string): string {
  const target = path.join(os.tmpdir(), `vhd-gate-drivers-${process.pid}-${name}`);
  if (!existsSync(target)) writeFileSync(target, gunzipSync(readFileSync(path.join(dir, `${name}.gz`))));
  return target;
}
/** The rule's findings; the rule must have run (a rule not run has no findings, which must not read as a pass). */
const findings = async (name: string, ruleId: string, intent: Partial<Intent> = {}) => {
  const result = await checkImage({ image: image(name), intent: { osState: 'generalized', hyperVGeneration: 'V2', sources: {}, ...intent }, failOn: 'error' });
  expect(result.notRun.filter((n) => n.ruleId === ruleId).map((n) => n.reason)).toEqual([]);
  return result.findings.filter((f) => f.ruleId === ruleId);
};

describe('kernel-driver fixtures: the default initramfs', () => {
  it.each([
    { name: 'drivers-good.vhd', compression: 'zstd', initramfs: ['hv_vmbus', 'hv_storvsc', 'hv_netvsc', 'scsi_mod', 'sd_mod', 'pci_hyperv', 'pci_hyperv_intf'], builtIn: ['ext4', 'nvme', 'nvme_core'], absent: ['xfs', 'udf'] },
    { name: 'drivers-kvm-hostonly.vhd', compression: 'gzip', initramfs: ['scsi_mod', 'sd_mod'], builtIn: ['ext4'], absent: ['hv_vmbus', 'hv_storvsc', 'hv_netvsc', 'pci_hyperv'] },
    { name: 'drivers-builtin.vhd', compression: 'gzip', initramfs: ['pci_hyperv', 'pci_hyperv_intf'], builtIn: ['hv_vmbus', 'hv_storvsc', 'hv_netvsc', 'scsi_mod', 'sd_mod', 'udf', 'ext4'], absent: [] },
  ])('$name: microcode + $compression archives, modules through lib → usr/lib', async ({ name, compression, initramfs, builtIn, absent }) => {
    const { facts } = await inspectImage({ image: image(name) });
    const ir = facts!.initramfs!;
    expect(ir.images).toEqual([{ path: INITRD, size: expect.any(Number), archives: [{ compression: 'none', entries: expect.any(Number) }, { compression, entries: expect.any(Number) }] }]);
    expect(ir.moduleDir).toBe(`usr/lib/modules/${V}`);
    expect(ir.sources).toEqual({ modulesDep: `usr/lib/modules/${V}/modules.dep`, modulesBuiltin: `usr/lib/modules/${V}/modules.builtin` });
    const state = (n: string) => `${n} ${ir.drivers[n]!.state}`;
    for (const n of initramfs) expect(state(n)).toBe(`${n} initramfs`);
    for (const n of builtIn) expect(state(n)).toBe(`${n} built-in`);
    for (const n of absent) expect(state(n)).toBe(`${n} absent`);
  });

  it('KRN-HV-DRIVERS: the host-only initramfs fails, naming where hv_vmbus and hv_storvsc would have to be and the initramfs-tools fix', async () => {
    const [finding, ...rest] = await findings('drivers-kvm-hostonly.vhd', 'KRN-HV-DRIVERS');
    expect(rest).toEqual([]);
    expect(finding!.severity).toBe('error');
    expect(finding!.message).toBe(
      `${V} cannot reach its root disk on Azure: hv_vmbus (only on disk at /lib/modules/${V}/kernel/drivers/hv/hv_vmbus.ko.xz; it would have to be at usr/lib/modules/${V}/kernel/drivers/hv/hv_vmbus.ko.xz in the initramfs); hv_storvsc (only on disk at /lib/modules/${V}/kernel/drivers/scsi/hv_storvsc.ko.xz; it would have to be at usr/lib/modules/${V}/kernel/drivers/scsi/hv_storvsc.ko.xz in the initramfs) — not built into the kernel and not in the default initramfs ${INITRD}`,
    );
    expect(finding!.fix).toContain('initramfs-tools: add hv_vmbus, hv_storvsc, hv_netvsc to /etc/initramfs-tools/modules, one per line (and set MODULES=most: MODULES=dep in /etc/initramfs-tools/initramfs.conf line 1)');
    expect(finding!.evidence[0]).toEqual({ path: INITRD, detail: expect.stringMatching(/^none \(\d+ entries\) \+ gzip \(\d+ entries\); 4 modules in usr\/lib\/modules\/6\.1\.0-57-cloud-amd64$/) });
  });

  it.each([['drivers-good.vhd'], ['drivers-builtin.vhd']])('KRN-HV-DRIVERS passes %s', async (name) => {
    expect(await findings(name, 'KRN-HV-DRIVERS')).toEqual([]);
  });

  it.each([
    { name: 'drivers-good.vhd', expected: [] },
    { name: 'drivers-builtin.vhd', expected: [] },
    { name: 'drivers-kvm-hostonly.vhd', expected: [expect.stringMatching(/^error 6\.1\.0-57-cloud-amd64 cannot reach an NVMe OS disk: pci_hyperv \(only on disk at .*pci-hyperv\.ko\.xz; .*\); pci_hyperv_intf \(/)] },
  ])('NVME-INITRAMFS on $name with NVMe declared', async ({ name, expected }) => {
    const out = await findings(name, 'NVME-INITRAMFS', { diskControllerTypes: ['SCSI', 'NVMe'] });
    expect(out.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
  });
});
