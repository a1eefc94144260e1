import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { checkImage, inspectImage } from '../../src/inspect.js';

/**
 * The kernel-driver fixtures of scripts/fixtures/drivers.sh: real Debian 12 cloud-kernel modules,
 * depmod's modules.dep, and a microcode + zstd initramfs made with cpio, read through the whole
 * pipeline (VHD, GPT, ext4, guest, facts, rules).
 */
const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/drivers');
const V = '6.1.0-57-cloud-amd64';

function image(name: string): string {
  const target = path.join(os.tmpdir(), `vhd-gate-drivers-${process.pid}-${name}`);
  if (!existsSync(target)) writeFileSync(target, gunzipSync(readFileSync(path.join(dir, `${name}.gz`))));
  return target;
}
const udfLines = async (name: string) =>
  (await checkImage({ image: image(name), intent: { osState: 'generalized', hyperVGeneration: 'V2', sources: {} }, failOn: 'error' })).findings
    .filter((f) => f.ruleId === 'KRN-UDF')
    .map((f) => `${f.severity} ${f.message}`);

describe('kernel-driver fixtures', () => {
  it.each([
    { name: 'drivers-good.vhd', states: { hv_vmbus: 'module', hv_storvsc: 'module', sd_mod: 'module', scsi_mod: 'module', udf: 'module', ext4: 'built-in', nvme: 'built-in', pci_hyperv: 'module', mana: 'absent' } },
    { name: 'drivers-kvm-hostonly.vhd', states: { hv_vmbus: 'module', hv_storvsc: 'module', udf: 'module', ext4: 'built-in' } },
    { name: 'drivers-builtin.vhd', states: { hv_vmbus: 'built-in', hv_storvsc: 'built-in', sd_mod: 'built-in', scsi_mod: 'built-in', udf: 'built-in', pci_hyperv: 'module' } },
  ])('$name: drivers read from modules.builtin, /boot/config and depmod\'s modules.dep', async ({ name, states }) => {
    const { facts } = await inspectImage({ image: image(name) });
    const kd = facts!.kernelDrivers!;
    expect(kd.kernel).toMatchObject({ version: V, initrds: [`/boot/initrd.img-${V}`] });
    expect(kd.modulesDir).toBe(`/lib/modules/${V}`);
    expect(kd.sources.modulesDep?.path).toBe(`/lib/modules/${V}/modules.dep`);
    expect(kd.builders.map((b) => b.tool)).toEqual(['initramfs-tools']);
    for (const [driver, state] of Object.entries(states)) expect(`${driver} ${kd.drivers[driver]!.state}`).toBe(`${driver} ${state}`);
    expect(kd.notes).toEqual([]);
  });

  it('the .ko.xz files and their modules.dep dependencies are found', async () => {
    const { facts } = await inspectImage({ image: image('drivers-good.vhd') });
    expect(facts!.kernelDrivers!.drivers.hv_storvsc!.module).toEqual({
      path: `/lib/modules/${V}/kernel/drivers/scsi/hv_storvsc.ko.xz`,
      deps: ['scsi_transport_fc', 'scsi_mod', 'scsi_common', 'hv_vmbus'],
      missingDeps: [],
    });
  });

  it.each([
    { name: 'drivers-good.vhd', expected: [] },
    {
      name: 'drivers-kvm-hostonly.vhd',
      expected: ['error udf is disabled by `install udf /bin/false` in /etc/modprobe.d/CIS.conf line 2 and `blacklist udf` in /etc/modprobe.d/CIS.conf line 3; the VM has no working provisioning agent to fall back'],
    },
    {
      name: 'drivers-builtin.vhd',
      expected: [`info udf is built into ${V}, so \`install udf /bin/false\` in /etc/modprobe.d/CIS.conf line 2 and \`blacklist udf\` in /etc/modprobe.d/CIS.conf line 3 has no effect (modprobe.d only governs loadable modules)`],
    },
  ])('KRN-UDF on $name', async ({ name, expected }) => {
    expect(await udfLines(name)).toEqual(expected);
  });
});
