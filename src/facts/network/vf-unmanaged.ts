import type { GuestFs } from '../../guest/guest-fs.js';
import { parseUnitFile } from '../systemd.js';
import { excerptOf, listShadowed, textLines } from './config-dirs.js';
import { NETWORKD_DIRS } from './networkd.js';
import { nmSettings } from './nm-conf.js';
import { nmConfFiles } from './read-configs.js';
import { UDEV_RULES_DIRS } from './udev-persistent.js';

/**
 * What keeps the network managers off the accelerated-networking VF (RULES.md §K): Azure bonds the VF
 * to the synthetic hv_netvsc NIC in the kernel, so a manager that configures the VF itself (DHCP on
 * it, a second route) breaks connectivity when the VF is revoked and re-added at host maintenance.
 * The VF's driver is mana, mlx4_core/mlx4_en or mlx5_core; its parent device is on the hv_pci bus.
 */

/** VF drivers, and `hv_pci` (the parent bus: a match on it covers every VF). */
export const VF_DRIVERS = ['mana', 'mlx4_core', 'mlx4_en', 'mlx5_core'] as const;

/** One place that leaves VFs unmanaged, with what it covers. */
export interface VfUnmanagedSource {
  path: string;
  line: number;
  excerpt: string;
  /** Drivers it matches (`hv_pci` covers every VF). */
  drivers: string[];
}

/** The configuration that leaves the VF unmanaged, per manager. */
export interface VfUnmanagedFacts {
  /** udev rules setting ENV{NM_UNMANAGED}="1" for VF devices (68-azure-sriov-nm-unmanaged.rules, azure-vm-utils' 10-azure-unmanaged-sriov.rules). */
  nmUdevRules: VfUnmanagedSource[];
  /** NetworkManager.conf `[keyfile] unmanaged-devices=driver:...` entries. */
  nmConf: VfUnmanagedSource[];
  /** udev rules setting ENV{AZURE_UNMANAGED_SRIOV}="1" (azure-vm-utils), which networkd matches by Property=. */
  sriovPropertyRules: VfUnmanagedSource[];
  /** systemd-networkd .network files with `[Link] Unmanaged=yes` matching VF drivers (or the azure-vm-utils property). */
  networkd: (VfUnmanagedSource & { property?: string })[];
}

const driversIn = (text: string): string[] => {
  const out = new Set<string>();
  for (const d of ['hv_pci', ...VF_DRIVERS]) if (new RegExp(`(^|[^a-z0-9_])${d}([^a-z0-9_]|$)`).test(text)) out.add(d);
  return [...out];
};

/** Reads the udev rules, NetworkManager.conf and networkd files that concern the VF. */
export async function collectVfUnmanaged(guest: GuestFs): Promise<VfUnmanagedFacts> {
  const out: VfUnmanagedFacts = { nmUdevRules: [], nmConf: [], sriovPropertyRules: [], networkd: [] };
  for (const f of await listShadowed(guest, UDEV_RULES_DIRS, '.rules')) {
    if (f.masked) continue;
    const lines = textLines(f.text);
    lines.forEach((raw, i) => {
      const line = raw.trim();
      if (line.startsWith('#')) return;
      const drivers = driversIn((/DRIVERS?=="([^"]*)"/.exec(line) ?? [])[1] ?? '');
      const source = (d: string[]) => ({ path: f.path, line: i + 1, excerpt: excerptOf(raw), drivers: d });
      // azure-vm-utils tags VFs by a property set earlier in the file (IFF_SLAVE on the hv_pci child): trust the setting itself.
      if (/ENV\{AZURE_UNMANAGED_SRIOV\}="1"/.test(line)) out.sriovPropertyRules.push(source(drivers.length > 0 ? drivers : ['hv_pci']));
      if (/ENV\{NM_UNMANAGED\}="1"/.test(line) && (drivers.length > 0 || /AZURE_UNMANAGED_SRIOV/.test(line))) out.nmUdevRules.push(source(drivers.length > 0 ? drivers : ['hv_pci']));
    });
  }
  const nm = nmSettings(await nmConfFiles(guest));
  const nmDrivers = nm.unmanagedDevices.specs.filter((s) => s.startsWith('driver:')).map((s) => s.slice('driver:'.length).split('/')[0]!);
  const covered = nmDrivers.filter((d) => (VF_DRIVERS as readonly string[]).includes(d) || d === 'hv_pci');
  if (covered.length > 0 && nm.unmanagedDevices.at) out.nmConf.push({ ...nm.unmanagedDevices.at, drivers: covered });
  for (const f of await listShadowed(guest, NETWORKD_DIRS.filter((d) => !d.startsWith('/run/')), '.network')) {
    if (f.masked) continue;
    const unit = parseUnitFile(f.text);
    const unmanaged = (unit.sections.get('Link') ?? []).filter((a) => a.key === 'Unmanaged' && ['yes', 'true', '1', 'on'].includes(a.value.toLowerCase())).pop();
    if (!unmanaged) continue;
    const match = unit.sections.get('Match') ?? [];
    const driver = match.filter((a) => a.key === 'Driver').flatMap((a) => driversIn(a.value));
    const property = match.find((a) => a.key === 'Property' && /AZURE_UNMANAGED_SRIOV=1/.test(a.value));
    if (driver.length === 0 && !property) continue;
    const at = (driver.length > 0 ? match.find((a) => a.key === 'Driver') : property)!;
    out.networkd.push({ path: f.path, line: at.line, excerpt: excerptOf(textLines(f.text)[at.line - 1] ?? ''), drivers: driver.length > 0 ? driver : ['hv_pci'], ...(property ? { property: property.value } : {}) });
  }
  return out;
}
