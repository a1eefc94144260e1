import type { KernelDriversFacts } from '../facts/kernel-drivers.js';
import { driverEvidence, kernelNotIdentified, loadable, whyNotLoadable, disableEvidence } from './drivers/shared.js';
import type { Evidence, FindingDraft, Rule } from './types.js';

/** The VF NIC families Azure gives accelerated networking, and the modules each needs. */
const FAMILIES = [
  { name: 'MANA (Azure Boost)', modules: ['mana'] },
  { name: 'Mellanox ConnectX-3', modules: ['mlx4_core', 'mlx4_en'] },
  { name: 'Mellanox ConnectX-4/5', modules: ['mlx5_core'] },
] as const;
/** The VF appears on a VMBus PCI bus: without pci-hyperv no VF device exists at all. */
const BUS = ['pci_hyperv', 'pci_hyperv_intf'] as const;

function evidenceFor(kd: KernelDriversFacts, names: readonly string[]): Evidence[] {
  const out = names.flatMap((n) => {
    const d = kd.drivers[n]!;
    return [...driverEvidence(d), ...d.disabledBy.map(disableEvidence)];
  });
  return out.length > 0 ? out : [{ path: kd.modulesDir ?? `/lib/modules/${kd.kernel!.version}`, detail: `no ${names.join(', ')}` }];
}

/** Accelerated networking declared: the booted kernel must have a VF driver and the Hyper-V PCI bus. */
export const AN_VF_DRIVER: Rule = {
  id: 'AN-VF-DRIVER',
  title: 'Accelerated networking is declared but the kernel lacks the VF drivers',
  severity: 'error',
  appliesTo: 'IsAcceleratedNetworkSupported=True',
  symptom:
    'The VF (SR-IOV NIC) Azure hot-adds never gets a driver: traffic stays on the slower synthetic hv_netvsc path, and on sizes where Azure requires accelerated networking (MANA on Azure Boost sizes) the VM has no accelerated path at all.',
  fix: 'Install a kernel (or the modules package) with CONFIG_PCI_HYPERV and the VF drivers: CONFIG_MICROSOFT_MANA, CONFIG_MLX4_EN/CONFIG_MLX4_CORE and CONFIG_MLX5_CORE (Azure-tuned kernels ship all of them), and do not blacklist them in /etc/modprobe.d.',
  needs: ['kernelDrivers'],
  needsIntent: ['acceleratedNetworking'],
  applies: (intent) => intent.acceleratedNetworking === true,
  check({ facts }) {
    const kd = facts!.kernelDrivers!;
    if (!kd.kernel) return [kernelNotIdentified(kd, 'whether the VF drivers are there')];
    const v = kd.kernel.version;
    const findings: FindingDraft[] = [];
    const busMissing = BUS.filter((n) => !loadable(kd.drivers[n]));
    if (busMissing.length > 0) {
      findings.push({
        message: `${busMissing.map((n) => whyNotLoadable(kd.drivers[n]!, v)).join('; ')}: no VF can appear, whatever VF driver the image has`,
        evidence: evidenceFor(kd, busMissing),
      });
    }
    const present = FAMILIES.filter((f) => f.modules.every((m) => loadable(kd.drivers[m])));
    const absent = FAMILIES.filter((f) => !present.includes(f));
    if (present.length === 0) {
      findings.push({
        message: `No VF driver for ${v}: ${absent.map((f) => `${f.name}: ${f.modules.filter((m) => !loadable(kd.drivers[m])).map((m) => whyNotLoadable(kd.drivers[m]!, v)).join('; ')}`).join(' / ')}`,
        evidence: evidenceFor(kd, absent.flatMap((f) => f.modules)),
      });
    } else if (absent.length > 0) {
      findings.push({
        severity: 'warning',
        message: `${v} has VF drivers for ${present.map((f) => f.name).join(', ')} but not for ${absent.map((f) => `${f.name} (${f.modules.filter((m) => !loadable(kd.drivers[m])).map((m) => whyNotLoadable(kd.drivers[m]!, v)).join('; ')})`).join(', ')}`,
        evidence: evidenceFor(kd, absent.flatMap((f) => f.modules.filter((m) => !loadable(kd.drivers[m])))),
        symptom: 'Azure picks the VF hardware by VM size and host: on a host with the missing NIC the VM runs without accelerated networking (synthetic path only).',
      });
    }
    return findings;
  },
};
