import type { GuestFs } from '../../guest/guest-fs.js';
import type { CloudInitFacts } from '../cloud-init.js';
import type { KernelCmdlineFacts } from '../kernel-cmdline.js';
import { azureApplicability } from './azure-nic.js';
import { cloudInitNetworking } from './cloud-init-view.js';
import { cloudInitRegenerates, judgeConfigs, nmLoads, type CloudInitNetworking } from './in-force.js';
import { nmAutoDefault, nmUnmanagedEth0 } from './nm-auto-default.js';
import { readGenerator, readUdevBindings } from './persistent-names.js';
import type { LinkFile } from './networkd.js';
import { readConfigs } from './read-configs.js';
import { netplanInstalled, stackStates } from './stacks.js';
import { collectVfUnmanaged, type VfUnmanagedFacts } from './vf-unmanaged.js';
import type { Ipv4Method, JudgedInterfaceConfig, NmAutoDefault, PersistentNameBinding, PersistentNetGenerator, StackState } from './types.js';

export type * from './types.js';
export type { CloudInitNetworking } from './in-force.js';
export type { VfUnmanagedFacts, VfUnmanagedSource } from './vf-unmanaged.js';

/**
 * The guest's network configuration judged for the first boot on Azure (primary NIC eth0,
 * hv_netvsc, a new MAC, DHCP): which managers run, every interface definition with whether
 * it is in force and whether it fits eth0, cloud-init's part, persistent-name bindings.
 */
export interface NetworkFacts {
  /** Each network manager and whether it starts at boot. */
  stacks: StackState[];
  /** netplan's generator is installed. */
  netplanInstalled: boolean;
  /** Every interface definition (netplan merged per id; loopback left out). */
  interfaces: JudgedInterfaceConfig[];
  /** udev rules and .link files that bind a name to a MAC. */
  persistentNames: PersistentNameBinding[];
  /** The old persistent-net generator, if its rules file exists. */
  generator?: PersistentNetGenerator;
  /** The .link file udev applies to Azure's NIC (the first by name whose [Match] fits it), when it renames it or sets its MAC. */
  azureLink?: LinkFile;
  /** netplan files netplan would refuse to parse. */
  netplanErrors: { path: string; message: string }[];
  /** cloud-init's part, and whether it rewrites its network files for the new instance. */
  cloudInit: CloudInitNetworking & { regenerates: boolean };
  /** Whether NetworkManager runs and gives eth0 its automatic DHCP profile ("Wired connection 1"), and why. */
  nmAutoDefault: NmAutoDefault;
  /** The kernel command line has net.ifnames=0 (classic ethN names); undefined when the command line is unknown. */
  netIfnamesZero?: boolean;
  /** Debian cloud images' cloud-ifupdown-helper template: ifupdown configures every NIC udev reports with it. */
  hotplugTemplate?: { path: string; ipv4: Ipv4Method };
  /** What leaves the accelerated-networking VF unmanaged (udev rules, NetworkManager.conf, networkd). */
  vfUnmanaged: VfUnmanagedFacts;
  /** Problems met while reading. */
  notes: string[];
}

/** Collects and judges the guest's network configuration. */
export async function collectNetwork(
  guest: GuestFs,
  context: { cloudInit?: CloudInitFacts; kernelCmdline?: KernelCmdlineFacts },
): Promise<NetworkFacts> {
  const read = await readConfigs(guest);
  const hasNetplan = await netplanInstalled(guest);
  const netplanNeedsNetworkd = hasNetplan && read.configs.some((c) => c.format === 'netplan' && c.renderer === 'networkd');
  const stacks = await stackStates(guest, netplanNeedsNetworkd);
  const cloudInit = cloudInitNetworking(context.cloudInit);
  const udev = await readUdevBindings(guest);
  const generatedPaths = new Set([...read.generatedPaths, ...udev.generated]);
  const eniEth0 = read.configs.find((c) => c.format === 'eni' && c.id === 'eth0');
  const readsIfcfg = await nmReadsIfcfg(guest, read.nm.plugins);
  const ifcfgNotControlled = readsIfcfg
    ? read.configs.find((c) => c.format === 'ifcfg-rhel' && c.nmControlled === false && !c.match.macs && c.match.names?.includes('eth0'))
    : undefined;
  const nmUnmanaged = nmUnmanagedEth0(read.nm, eniEth0, ifcfgNotControlled);
  const inputs = {
    stacks,
    netplanInstalled: hasNetplan,
    nmReadsIfcfg: readsIfcfg,
    cloudInit,
    generatedPaths,
    ...(nmUnmanaged ? { nmUnmanagedEth0: nmUnmanaged.reason } : {}),
  };
  const interfaces = judgeConfigs(read.configs, inputs);
  const nmProfilesForEth0 = interfaces.filter((c) => c.azure.appliesToEth0 && nmLoads(c, inputs));
  const regenerates = cloudInitRegenerates(cloudInit);
  const persistentNames = [...udev.bindings, ...read.linkBindings].map((b) => {
    const generated = generatedPaths.has(b.path);
    return { ...b, cloudInit: { generated, regenerated: generated && regenerates } };
  });
  const facts: NetworkFacts = {
    stacks,
    netplanInstalled: hasNetplan,
    interfaces,
    persistentNames,
    netplanErrors: read.netplanErrors,
    cloudInit: { ...cloudInit, regenerates },
    nmAutoDefault: nmAutoDefault(stacks.find((s) => s.id === 'NetworkManager'), read.nm, nmUnmanaged, nmProfilesForEth0),
    vfUnmanaged: await collectVfUnmanaged(guest),
    notes: read.notes,
  };
  // systemd.link(5): the first .link file (by name) whose [Match] fits the device applies.
  const azureLink = read.links.find((l) => azureApplicability(l.match).appliesToEth0);
  if (azureLink && (azureLink.setsMac || (azureLink.name && azureLink.name !== 'eth0'))) facts.azureLink = azureLink;
  if (read.hotplugTemplate) facts.hotplugTemplate = read.hotplugTemplate;
  if (context.kernelCmdline) facts.netIfnamesZero = context.kernelCmdline.flags.netIfnamesZero.length > 0;
  const generator = await readGenerator(guest);
  if (generator) facts.generator = generator;
  return facts;
}

/** RHEL builds of NetworkManager load the ifcfg-rh plugin unless `[main] plugins=` leaves it out. */
async function nmReadsIfcfg(guest: GuestFs, plugins: string[] | undefined): Promise<boolean> {
  if (plugins) return plugins.includes('ifcfg-rh');
  for (const libDir of ['/usr/lib64/NetworkManager', '/usr/lib/NetworkManager']) {
    for (const versionDir of await guest.glob(libDir, '*')) {
      if (await guest.exists(`${versionDir}/libnm-settings-plugin-ifcfg-rh.so`)) return true;
    }
  }
  return false;
}
