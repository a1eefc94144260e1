import type { AddressCarrier, JudgedInterfaceConfig, MasterAddressing } from './types.js';

/** Bounds a master chain (port → OVS port → bridge is the longest real one); a loop in an image must end. */
const MAX_CHAIN = 8;

/**
 * Gives each port (a definition with memberOf) its master's addressing: the port's NIC carries no address
 * of its own, the bridge or bond does. For NetworkManager's Open vSwitch the chain is NIC → ovs-port →
 * ovs-bridge, and the address sits on an ovs-interface profile that is a port of the same bridge. Pure.
 */
export function resolveMasters(judged: readonly JudgedInterfaceConfig[]): JudgedInterfaceConfig[] {
  return judged.map((c) => (c.memberOf ? { ...c, viaMaster: masterAddressing(c, judged) } : c));
}

function masterAddressing(port: JudgedInterfaceConfig, all: readonly JudgedInterfaceConfig[]): MasterAddressing {
  const { chain, top } = walkUp(port, all);
  if (!top) return { chain, defined: false, carriers: [] };
  // NetworkManager's ovs-bridge and ovs-port profiles carry no IP; its ovs-interface profiles on the bridge do.
  const topCarries = !(top.format === 'nm-keyfile' && (top.createsDevice === 'ovs-bridge' || top.createsDevice === 'ovs-port'));
  const internal = all.filter((c) => c.createsDevice === 'ovs-interface' && c.memberOf && walkUp(c, all).top === top);
  return { chain, defined: true, carriers: [...(topCarries ? [top] : []), ...internal].map(carrier) };
}

/** Follows memberOf up to the top master; `top` is undefined when a link names a master nothing defines. */
function walkUp(from: JudgedInterfaceConfig, all: readonly JudgedInterfaceConfig[]): { chain: string[]; top?: JudgedInterfaceConfig } {
  const chain: string[] = [];
  const seen = new Set([from]);
  let current = from;
  while (current.memberOf && chain.length < MAX_CHAIN) {
    chain.push(current.memberOf);
    const next = findMaster(current.memberOf, current, all);
    if (!next || seen.has(next)) return { chain };
    seen.add(next);
    current = next;
  }
  return { chain, top: current };
}

/**
 * The definition a port's master reference names, read by a stack that also reads the port: by interface
 * name, netplan id, or (NetworkManager) profile UUID or id. An Open vSwitch internal interface shares its
 * bridge's name but is never a master.
 */
function findMaster(name: string, port: JudgedInterfaceConfig, all: readonly JudgedInterfaceConfig[]): JudgedInterfaceConfig | undefined {
  const candidates = all.filter(
    (c) =>
      c !== port &&
      c.createsDevice !== 'ovs-interface' &&
      c.readBy.some((r) => port.readBy.includes(r)) &&
      (c.match.names?.includes(name) || c.aliases?.includes(name)),
  );
  return candidates.find((c) => c.createsDevice !== undefined) ?? candidates[0];
}

function carrier(c: JudgedInterfaceConfig): AddressCarrier {
  const { format, path, line, excerpt, id, ipv4, staticIpv4, ipv4Line, inForce, cloudInit } = c;
  return { format, path, line, excerpt, id, ipv4, staticIpv4, ...(ipv4Line ? { ipv4Line } : {}), inForce, cloudInit };
}
