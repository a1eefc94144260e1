import type { AddressCarrier, JudgedInterfaceConfig } from './types.js';

/** Bounds a master chain (port → OVS port → bridge is the longest real one); a loop in an image must end. */
const MAX_CHAIN = 8;

/**
 * Gives each port (a definition with memberOf) its master's addressing: the port's NIC carries no address
 * of its own, the bridge or bond does. For NetworkManager's Open vSwitch the chain is NIC → ovs-port →
 * ovs-bridge, and the address sits on an ovs-interface profile that is a port of the same bridge. Pure.
 */
export function resolveMasters(judged: readonly JudgedInterfaceConfig[]): JudgedInterfaceConfig[] {
  const graph = new MasterGraph(judged);
  const internal = judged.filter((c) => c.createsDevice === 'ovs-interface' && c.memberOf);
  const internalByTop = new Map<JudgedInterfaceConfig, JudgedInterfaceConfig[]>();
  for (const c of internal) {
    const { top } = graph.walkUp(c);
    if (top) internalByTop.set(top, [...(internalByTop.get(top) ?? []), c]);
  }
  return judged.map((c) => {
    if (!c.memberOf) return c;
    const { chain, top } = graph.walkUp(c);
    if (!top) return { ...c, viaMaster: { chain, defined: false, carriers: [] } };
    // NetworkManager's ovs-bridge and ovs-port profiles carry no IP; its ovs-interface profiles on the bridge do.
    const topCarries = !(top.format === 'nm-keyfile' && (top.createsDevice === 'ovs-bridge' || top.createsDevice === 'ovs-port'));
    const carriers = [...(topCarries ? [top] : []), ...(internalByTop.get(top) ?? [])].map(carrier);
    return { ...c, viaMaster: { chain, defined: true, carriers } };
  });
}

/** Master references between definitions, indexed by name so that resolving every port stays linear. */
class MasterGraph {
  private readonly byName = new Map<string, JudgedInterfaceConfig[]>();
  private readonly walked = new Map<JudgedInterfaceConfig, { chain: string[]; top?: JudgedInterfaceConfig }>();

  constructor(all: readonly JudgedInterfaceConfig[]) {
    for (const c of all) {
      // An Open vSwitch internal interface shares its bridge's name but is never a master.
      if (c.createsDevice === 'ovs-interface') continue;
      for (const name of new Set([...(c.match.names ?? []), ...(c.aliases ?? [])])) this.byName.set(name, [...(this.byName.get(name) ?? []), c]);
    }
  }

  /** Follows memberOf up to the top master; `top` is undefined when a link names a master nothing defines. */
  walkUp(from: JudgedInterfaceConfig): { chain: string[]; top?: JudgedInterfaceConfig } {
    const known = this.walked.get(from);
    if (known) return known;
    const chain: string[] = [];
    const seen = new Set([from]);
    let current = from;
    let result: { chain: string[]; top?: JudgedInterfaceConfig } | undefined;
    while (current.memberOf && chain.length < MAX_CHAIN) {
      chain.push(current.memberOf);
      const next = this.findMaster(current.memberOf, current);
      if (!next || seen.has(next)) {
        result = { chain };
        break;
      }
      seen.add(next);
      current = next;
    }
    result ??= { chain, top: current };
    this.walked.set(from, result);
    return result;
  }

  /**
   * The definition a port's master reference names, read by a stack that also reads the port: by interface
   * name, netplan id, or (NetworkManager) profile UUID or id; a definition that creates a device first.
   */
  private findMaster(name: string, port: JudgedInterfaceConfig): JudgedInterfaceConfig | undefined {
    const candidates = (this.byName.get(name) ?? []).filter((c) => c !== port && c.readBy.some((r) => port.readBy.includes(r)));
    return candidates.find((c) => c.createsDevice !== undefined) ?? candidates[0];
  }
}

function carrier(c: JudgedInterfaceConfig): AddressCarrier {
  const { format, path, line, excerpt, id, ipv4, staticIpv4, ipv4Line, inForce, cloudInit } = c;
  return { format, path, line, excerpt, id, ipv4, staticIpv4, ...(ipv4Line ? { ipv4Line } : {}), inForce, cloudInit };
}
