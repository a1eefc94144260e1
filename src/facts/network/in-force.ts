import { azureApplicability } from './azure-nic.js';
import { resolveMasters } from './masters.js';
import type { AzureApplicability, InForce, InterfaceConfig, InterfaceMatch, JudgedInterfaceConfig, StackId, StackState } from './types.js';

/** What cloud-init will do with networking on the new instance. */
export interface CloudInitNetworking {
  /** cloud-init runs at boot (installed, enabled, not disabled by file or kernel command line); undefined if unknown. */
  runs: boolean | undefined;
  /** Its network configuration is disabled (`network: {config: disabled}`); undefined if unknown. */
  networkConfigDisabled: boolean | undefined;
  /** One sentence for reports. */
  reason: string;
  /** Where network configuration is disabled, for evidence. */
  networkDisabledAt?: { path: string; line: number; excerpt: string };
}

/** Everything the in-force decision needs besides the definitions themselves. */
export interface InForceInputs {
  stacks: readonly StackState[];
  /** netplan's generator is installed (it renders /etc/netplan at boot). */
  netplanInstalled: boolean;
  /** NetworkManager reads ifcfg files (the ifcfg-rh settings plugin is enabled). */
  nmReadsIfcfg: boolean;
  cloudInit: CloudInitNetworking;
  /** Paths of definitions that cloud-init's renderers wrote. */
  generatedPaths: ReadonlySet<string>;
  /** NetworkManager leaves eth0 unmanaged: why (its profiles for eth0 are then not applied). */
  nmUnmanagedEth0?: string;
}

/** cloud-init will write its network files again for the new instance. */
export function cloudInitRegenerates(ci: CloudInitNetworking): boolean {
  return ci.runs === true && ci.networkConfigDisabled !== true;
}

/**
 * Judges each definition as the image's own network stack will on the first Azure boot:
 * read by a manager that runs, not shadowed by an earlier networkd file that already
 * configures eth0, and whether it fits eth0/hv_netvsc with a new MAC. Pure.
 */
export function judgeConfigs(configs: readonly InterfaceConfig[], inputs: InForceInputs): JudgedInterfaceConfig[] {
  const active = new Map(inputs.stacks.map((s) => [s.id, s]));
  const regenerates = cloudInitRegenerates(inputs.cloudInit);
  const judged = configs.map((config): JudgedInterfaceConfig => {
    const generated = inputs.generatedPaths.has(config.path);
    const match = matchAsRead(config, active, inputs);
    return {
      ...config,
      match,
      inForce: readerInForce(config, active, inputs),
      azure: config.createsDevice ? virtualDevice(config) : azureApplicability(match),
      cloudInit: { generated, regenerated: generated && regenerates },
    };
  });
  // networkd picks its file for eth0 whether or not that file then brings the link up, so the
  // order is decided among the files read before the boot switch is applied.
  return resolveMasters(applyNetworkdOrder(judged).map(applyBootSwitch).map((c) => applyNmUnmanaged(c, active, inputs)));
}

/** A definition for eth0 that only NetworkManager would apply does nothing when NetworkManager leaves eth0 unmanaged. */
function applyNmUnmanaged(config: JudgedInterfaceConfig, stacks: Map<StackId, StackState>, inputs: InForceInputs): JudgedInterfaceConfig {
  if (!inputs.nmUnmanagedEth0 || !config.inForce.inForce || !config.azure.appliesToEth0) return config;
  const { readers } = readersOf(config, inputs);
  const others = readers.filter((id) => id !== 'NetworkManager' && stacks.get(id)?.active !== false);
  if (!readers.includes('NetworkManager') || others.length > 0) return config;
  return { ...config, inForce: { inForce: false, reason: inputs.nmUnmanagedEth0 } };
}

/** A bridge, bond or Open vSwitch definition creates its own device: it is never Azure's NIC. */
function virtualDevice(config: InterfaceConfig): AzureApplicability {
  return { appliesToEth0: false, macBound: false, namesOnlyAbsent: false, reason: `creates the ${config.createsDevice} ${config.match.names?.[0] ?? config.id}; it is not a NIC` };
}

/** A definition its stack reads but never brings up at boot gives eth0 nothing. */
function applyBootSwitch(config: JudgedInterfaceConfig): JudgedInterfaceConfig {
  // A port is brought up with its bond or bridge; its own switch is not what decides.
  if (!config.inForce.inForce || config.startsAtBoot !== false || config.memberOf) return config;
  return { ...config, inForce: { inForce: false, reason: `${config.inForce.reason}, but never brought up at boot: ${bootSwitchText(config)}` } };
}

/** The stacks that load this definition (whether or not they run), and why the others that could do not. */
function readersOf(config: InterfaceConfig, inputs: Pick<InForceInputs, 'nmReadsIfcfg'>): { readers: StackId[]; ignoring: string[] } {
  const ignoring: string[] = [];
  const readers = config.readBy.filter((id) => {
    if (id !== 'NetworkManager' || config.format !== 'ifcfg-rhel') return true;
    if (config.nmControlled === false) ignoring.push('NetworkManager ignores it (NM_CONTROLLED=no)');
    else if (!inputs.nmReadsIfcfg) ignoring.push('NetworkManager does not load its ifcfg-rh plugin (keyfile profiles only)');
    return ignoring.length === 0;
  });
  return { readers, ignoring };
}

/**
 * The match of the stack that applies the definition: NetworkManager's whenever it loads the file and may run
 * (initscripts' ifup hands NetworkManager-controlled files to it), else the first other reader's own reading.
 */
function matchAsRead(config: InterfaceConfig, stacks: Map<StackId, StackState>, inputs: InForceInputs): InterfaceMatch {
  const byReader = config.matchByReader;
  if (!byReader) return config.match;
  const { readers } = readersOf(config, inputs);
  if (readers.includes('NetworkManager') && stacks.get('NetworkManager')?.active !== false) return config.match;
  const other = readers.map((id) => byReader[id]).find((m) => m !== undefined);
  return other ?? config.match;
}

/** NetworkManager loads this definition as a profile (a keyfile, an ifcfg file through ifcfg-rh, netplan's rendering), whatever its autoconnect. */
export function nmLoads(config: InterfaceConfig, inputs: Pick<InForceInputs, 'nmReadsIfcfg' | 'netplanInstalled'>): boolean {
  if (config.format === 'netplan' && !inputs.netplanInstalled) return false;
  return readersOf(config, inputs).readers.includes('NetworkManager');
}

function readerInForce(config: InterfaceConfig, stacks: Map<StackId, StackState>, inputs: InForceInputs): InForce {
  if (config.format === 'netplan' && !inputs.netplanInstalled) {
    return { inForce: false, reason: 'netplan is not installed (no netplan generator), so nothing reads /etc/netplan' };
  }
  const { readers, ignoring } = readersOf(config, inputs);
  const running = readers.filter((id) => stacks.get(id)?.active === true);
  if (running.length > 0) {
    const via = config.format === 'netplan' ? ` (netplan renderer ${config.renderer})` : '';
    return { inForce: true, reason: `read by ${running.join(' and ')}${via}, which runs at boot` };
  }
  const unknown = readers.filter((id) => stacks.get(id)?.active === undefined);
  if (unknown.length > 0) return { inForce: true, reason: `read by ${unknown.join(' and ')}, whose boot state is unknown` };
  const why = readers.map((id) => `${id}: ${stacks.get(id)?.reason ?? 'not installed'}`);
  const notRunning = readers.length > 0 ? [`${readers.join(' or ')} does not run at boot (${why.join('; ')})`] : [];
  return { inForce: false, reason: `not read at boot: ${[...ignoring, ...notRunning].join('; ')}` };
}

/** Where a definition is switched off at boot, or the format default that leaves it off. */
function bootSwitchText(config: InterfaceConfig): string {
  const at = config.bootSwitch;
  if (at) return `${at.excerpt} (${at.path && at.path !== config.path ? `${at.path}:` : 'line '}${at.line})`;
  if (config.format === 'eni') return `no auto or allow-hotplug line names ${config.id}`;
  if (config.format === 'ifcfg-suse') return 'no STARTMODE, and wicked defaults to manual';
  return 'its boot switch is off';
}

/**
 * systemd-networkd applies the first .network file, in name order across its directories,
 * whose [Match] fits the interface. netplan's definitions reach it as
 * /run/systemd/network/10-netplan-<id>.network, so they take part under that name.
 */
function applyNetworkdOrder(judged: JudgedInterfaceConfig[]): JudgedInterfaceConfig[] {
  const networkdName = (c: JudgedInterfaceConfig): string | undefined =>
    c.format === 'networkd' ? c.id : c.format === 'netplan' && c.renderer === 'networkd' ? `10-netplan-${c.id}.network` : undefined;
  const forEth0 = judged
    .filter((c) => c.inForce.inForce && c.azure.appliesToEth0 && networkdName(c) !== undefined)
    .sort((a, b) => (networkdName(a)! < networkdName(b)! ? -1 : 1));
  const winner = forEth0[0];
  if (!winner) return judged;
  return judged.map((c) =>
    forEth0.includes(c) && c !== winner
      ? { ...c, inForce: { inForce: false, reason: `systemd-networkd applies ${networkdName(winner)} to eth0 first (${winner.path})` } }
      : c,
  );
}
