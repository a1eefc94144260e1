import { earlyEvidence, earlyOk, earlyProblem, initramfsFix, initramfsName } from './drivers/early.js';
import { kernelNotIdentified } from './drivers/shared.js';
import type { Rule } from './types.js';

/** NVMe reaches the guest over a VMBus PCI bus: the NVMe driver and pci-hyperv must both be there before root is mounted. */
const NEEDED = ['nvme', 'nvme_core', 'pci_hyperv', 'pci_hyperv_intf'] as const;

/** An image declared for NVMe must boot from an NVMe OS disk. */
export const NVME_INITRAMFS: Rule = {
  id: 'NVME-INITRAMFS',
  title: 'NVMe is declared but the NVMe or Hyper-V PCI driver is not in the initramfs',
  severity: 'error',
  appliesTo: 'DiskControllerTypes includes NVMe',
  symptom: 'On an NVMe VM size the OS disk is an NVMe namespace behind a Hyper-V virtual PCI bus: without nvme and pci-hyperv in the initramfs the root device is never found and the VM does not boot.',
  fix: 'Add nvme, nvme_core, pci_hyperv and pci_hyperv_intf to the initramfs (dracut `add_drivers+=" nvme nvme_core pci_hyperv "`, then `dracut -f`; initramfs-tools: /etc/initramfs-tools/modules, then `update-initramfs -u`).',
  needs: ['kernelDrivers', 'initramfs'],
  needsIntent: ['diskControllerTypes'],
  applies: (intent) => (intent.diskControllerTypes ?? []).some((t) => t.trim().toLowerCase() === 'nvme'),
  check({ facts }) {
    const kd = facts!.kernelDrivers!;
    const ir = facts!.initramfs!;
    if (!kd.kernel) return [kernelNotIdentified(kd, 'whether the NVMe drivers are in the initramfs')];
    const missing = NEEDED.filter((n) => !earlyOk(ir.drivers[n]));
    if (missing.length === 0) return [];
    return [
      {
        message: `${kd.kernel.version} cannot reach an NVMe OS disk: ${missing.map((n) => earlyProblem(n, kd, ir)).join('; ')} — not built into the kernel and not in the default initramfs ${initramfsName(kd, ir)}`,
        evidence: earlyEvidence(missing, kd, ir),
        fix: initramfsFix(missing, kd),
      },
    ];
  },
};
