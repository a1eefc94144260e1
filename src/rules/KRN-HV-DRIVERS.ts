import { filesystemDriver } from '../facts/kernel-drivers.js';
import { earlyEvidence, earlyOk, earlyProblem, initramfsFix, initramfsName } from './drivers/early.js';
import { kernelNotIdentified } from './drivers/shared.js';
import type { FindingDraft, Rule, RuleContext } from './types.js';

/** Drivers the root disk needs on Hyper-V, before anything else is mounted. */
const ROOT_DISK = ['hv_vmbus', 'hv_storvsc', 'scsi_mod', 'sd_mod'] as const;

/** The drivers the root filesystem needs: its filesystem, and device-mapper when it is an LVM logical volume. */
export function rootDrivers(ctx: RuleContext): { names: string[]; why: string } {
  const root = ctx.image.mounts.find((m) => m.mountPoint === '/');
  if (!root) return { names: [], why: '' };
  const names: string[] = [];
  const fs = filesystemDriver(root.fsType);
  if (fs) names.push(fs);
  if (root.volume.startsWith('LV ')) names.push('dm_mod');
  return { names, why: `root is ${root.fsType} on ${root.volume}` };
}

/** Everything the root disk needs on Hyper-V must be built in or in the default initramfs. */
export const KRN_HV_DRIVERS: Rule = {
  id: 'KRN-HV-DRIVERS',
  title: 'The default initramfs lacks what the root disk needs on Hyper-V',
  severity: 'error',
  appliesTo: 'both',
  symptom:
    'The kernel never sees the OS disk (no VMBus or storvsc, or no SCSI disk driver): the boot stops in the initramfs ("dracut-initqueue timeout", "Gave up waiting for root file system device", "ALERT! UUID=... does not exist"), the VM never boots and provisioning times out.',
  fix: 'Put the Hyper-V drivers into the initramfs (dracut `add_drivers+=" hv_vmbus hv_storvsc hv_netvsc "` then `dracut -f`; initramfs-tools: /etc/initramfs-tools/modules then `update-initramfs -u`), or build it generic (dracut `hostonly="no"`).',
  needs: ['kernelDrivers', 'initramfs'],
  applies: () => true,
  check(ctx) {
    const kd = ctx.facts!.kernelDrivers!;
    const ir = ctx.facts!.initramfs!;
    if (!kd.kernel) return [kernelNotIdentified(kd, 'whether the Hyper-V storage drivers are in the initramfs')];
    const root = rootDrivers(ctx);
    // sd_mod and scsi_mod count only where they are modules: built in (state built-in), they pass.
    const needed = [...ROOT_DISK, ...root.names];
    const missing = needed.filter((n) => !earlyOk(ir.drivers[n]));
    const findings: FindingDraft[] = [];
    const where = initramfsName(kd, ir);
    const stale = ir.images.length > 0 && !ir.moduleDir && ir.moduleVersions.length > 0 ? `; the initramfs holds modules for ${ir.moduleVersions.join(', ')}, not ${kd.kernel.version}` : '';
    if (missing.length > 0) {
      findings.push({
        message: `${kd.kernel.version} cannot reach its root disk on Azure: ${missing.map((n) => earlyProblem(n, kd, ir)).join('; ')} — not built into the kernel and not in the default initramfs ${where}${stale}${root.names.some((n) => missing.includes(n)) ? ` (${root.why})` : ''}`,
        evidence: earlyEvidence(missing, kd, ir),
        fix: initramfsFix(missing.includes('hv_netvsc') ? missing : [...missing, ...(earlyOk(ir.drivers.hv_netvsc) ? [] : ['hv_netvsc'])], kd),
      });
    }
    const netvsc = kd.drivers.hv_netvsc;
    if (!earlyOk(ir.drivers.hv_netvsc) && netvsc?.state === 'absent') {
      findings.push({
        severity: 'warning',
        message: `hv_netvsc (Hyper-V network) is neither built into ${kd.kernel.version}, nor in the initramfs, nor a module in the image`,
        evidence: [{ path: kd.modulesDir ?? `/lib/modules/${kd.kernel.version}`, detail: 'no hv_netvsc module' }],
        symptom: 'The VM has no network interface: the agent cannot fetch its configuration or report Ready, so provisioning times out and SSH never answers.',
        fix: `Install the kernel's Hyper-V network driver (CONFIG_HYPERV_NET) and add it to the initramfs. ${initramfsFix(['hv_netvsc'], kd)}`,
      });
    }
    return findings;
  },
};
