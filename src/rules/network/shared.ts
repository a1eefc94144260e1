import { describeDefinition } from '../../facts/network/describe.js';
import type { NetworkFacts } from '../../facts/network/index.js';
import type { AddressCarrier, JudgedInterfaceConfig, MasterAddressing, SourceLine } from '../../facts/network/types.js';
import type { Evidence, RuleContext, Severity } from '../types.js';

/** The NET-* rules apply whatever the OS state: network configuration breaks both. */
export const anyOsState = (): boolean => true;

/** The network facts of a context (rules declare `needs: ['network']`, so the engine guarantees them). */
export function networkOf(ctx: RuleContext): NetworkFacts {
  return ctx.facts!.network!;
}

/**
 * How much a finding about this definition matters, judged as the image's own stack will:
 * a definition nothing reads at boot, or one cloud-init rewrites for the new instance, is a
 * warning with that reason; one in force is the rule's error.
 */
export function judgedSeverity(config: Pick<JudgedInterfaceConfig, 'inForce' | 'cloudInit'>): { severity: Severity; because?: string } {
  if (!config.inForce.inForce) return { severity: 'warning', because: `not in force: ${config.inForce.reason}` };
  if (config.cloudInit.regenerated) {
    return { severity: 'warning', because: 'cloud-init generated this file and rewrites it for the new instance (its network configuration is not disabled)' };
  }
  return { severity: 'error' };
}

/** Evidence for a line of a definition (a merged netplan setting may sit in another file). */
export function lineEvidence(config: { path: string }, at: SourceLine): Evidence {
  return { path: at.path ?? config.path, line: at.line, excerpt: at.excerpt };
}

/** Evidence for the definition itself. */
export function configEvidence(config: Pick<JudgedInterfaceConfig, 'path' | 'line' | 'excerpt'>): Evidence {
  return { path: config.path, line: config.line, excerpt: config.excerpt };
}

/** "netplan /etc/netplan/50-cloud-init.yaml (eth0)" for messages. */
export const describeConfig = describeDefinition;

/** Appends the reason for a lowered severity to a message. */
export function withBecause(message: string, because: string | undefined): string {
  return because ? `${message}; ${because}` : message;
}

/**
 * Something already gives Azure's eth0 DHCP at the first boot: an in-force definition that
 * fits eth0 with DHCP, cloud-init writing one, or NetworkManager's automatic profile.
 */
export function eth0GetsDhcp(network: NetworkFacts): string | undefined {
  const dhcp = network.interfaces.find((c) => c.inForce.inForce && c.azure.appliesToEth0 && c.ipv4 === 'dhcp' && !c.memberOf);
  if (dhcp) return `eth0 gets DHCP from ${describeConfig(dhcp)}`;
  for (const port of network.interfaces) {
    const carrier = port.inForce.inForce && port.azure.appliesToEth0 && port.viaMaster ? masterDhcp(port.viaMaster) : undefined;
    if (carrier) return `eth0 is a port of ${port.viaMaster!.chain.join(' → ')} (${describeConfig(port)}) and gets DHCP through it from ${describeConfig(carrier)}`;
  }
  const ifupdown = network.stacks.find((s) => s.id === 'ifupdown')?.active === true;
  if (ifupdown && network.hotplugTemplate?.ipv4 === 'dhcp') {
    return `Debian's cloud-ifupdown-helper writes a DHCP stanza for eth0 from ${network.hotplugTemplate.path} when the NIC appears`;
  }
  if (network.cloudInit.regenerates) return 'cloud-init writes a DHCP configuration for eth0 at the first boot';
  if (network.nmAutoDefault.gives) return "NetworkManager's automatic profile gives eth0 DHCP";
  return undefined;
}

/** The in-force definition that gives a port's master DHCP, if any. */
export function masterDhcp(via: MasterAddressing): AddressCarrier | undefined {
  return via.carriers.find((c) => c.inForce.inForce && c.ipv4 === 'dhcp');
}
