import type { NetworkFacts, VfUnmanagedSource } from '../facts/network/index.js';
import type { Evidence, FindingDraft, Rule } from './types.js';

/** The VF drivers a rule must cover: a match on hv_pci (the VF's parent bus) covers them all. */
const FAMILIES: { name: string; drivers: string[] }[] = [
  { name: 'MANA', drivers: ['mana'] },
  { name: 'ConnectX-3', drivers: ['mlx4_core', 'mlx4_en'] },
  { name: 'ConnectX-4/5', drivers: ['mlx5_core'] },
];

/** Families no source covers. */
function uncovered(sources: readonly VfUnmanagedSource[]): string[] {
  const drivers = new Set(sources.flatMap((s) => s.drivers));
  if (drivers.has('hv_pci')) return [];
  return FAMILIES.filter((f) => !f.drivers.some((d) => drivers.has(d))).map((f) => f.name);
}

const evidenceOf = (sources: readonly VfUnmanagedSource[]): Evidence[] => sources.map((s) => ({ path: s.path, line: s.line, excerpt: s.excerpt }));

function active(network: NetworkFacts, id: 'NetworkManager' | 'systemd-networkd'): boolean {
  return network.stacks.some((s) => s.id === id && s.active === true);
}

/** With accelerated networking, the network manager must leave the VF to the kernel's bond with hv_netvsc. */
export const AN_UNMANAGED: Rule = {
  id: 'AN-UNMANAGED',
  title: 'The network manager is not told to leave the accelerated-networking VF alone',
  severity: 'warning',
  appliesTo: 'IsAcceleratedNetworkSupported=True',
  symptom:
    'The network manager configures the VF as a NIC of its own (DHCP, routes on the same MAC as eth0): duplicate addresses and routes, and lost connectivity when Azure revokes and re-adds the VF during host maintenance.',
  fix: 'NetworkManager: install /etc/udev/rules.d/68-azure-sriov-nm-unmanaged.rules with `SUBSYSTEM=="net", DRIVERS=="hv_pci", ACTION!="remove", ENV{NM_UNMANAGED}="1"` (or azure-vm-utils). systemd-networkd: a .network file with `[Match] Driver=mana mlx4_en mlx4_core mlx5_core` and `[Link] Unmanaged=yes` (or azure-vm-utils\' 01-azure-unmanaged-sriov.network); netplan written by cloud-init 19.4+ matches `driver: hv_netvsc` already.',
  needs: ['network'],
  needsIntent: ['acceleratedNetworking'],
  applies: (intent) => intent.acceleratedNetworking === true,
  check({ facts }) {
    const network = facts!.network!;
    const vf = network.vfUnmanaged;
    const findings: FindingDraft[] = [];
    if (active(network, 'NetworkManager')) {
      const sources = [...vf.nmUdevRules, ...vf.nmConf];
      const missing = uncovered(sources);
      if (sources.length === 0) {
        findings.push({
          message: 'NetworkManager runs at boot and nothing marks the VF unmanaged (no udev rule setting NM_UNMANAGED=1 for hv_pci/mana/mlx devices, no unmanaged-devices=driver:... in NetworkManager.conf)',
          evidence: [{ detail: network.stacks.find((s) => s.id === 'NetworkManager')!.reason }],
        });
      } else if (missing.length > 0) {
        findings.push({
          message: `NetworkManager is told to leave some VFs alone but not ${missing.join(', ')} VFs`,
          evidence: evidenceOf(sources),
        });
      }
    }
    // netplan rendered by cloud-init (19.4+) matches `driver: hv_netvsc`, so the VF never matches its configuration.
    const cloudInitNetplan = network.netplanInstalled && network.cloudInit.regenerates;
    if (active(network, 'systemd-networkd') && !cloudInitNetplan) {
      const missing = uncovered(vf.networkd);
      if (vf.networkd.length === 0) {
        findings.push({
          message: 'systemd-networkd runs at boot, no .network file with Unmanaged=yes matches the VF drivers, and cloud-init does not write the netplan configuration that would match only hv_netvsc',
          evidence: [{ detail: network.stacks.find((s) => s.id === 'systemd-networkd')!.reason }],
        });
      } else if (missing.length > 0) {
        findings.push({
          message: `systemd-networkd leaves some VFs unmanaged but not ${missing.join(', ')} VFs (the networkd snippet in Azure's docs lists only the Mellanox drivers)`,
          evidence: evidenceOf(vf.networkd),
        });
      }
    }
    return findings;
  },
};
