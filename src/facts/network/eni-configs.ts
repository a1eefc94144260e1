import type { EniConfig, Placed } from './eni-load.js';
import type { EniIface } from './eni.js';
import type { InterfaceConfig, Ipv4Method, SourceLine } from './types.js';

/**
 * ifupdown's view of each interface. Every `iface <name> <family> <method>` stanza applies when the
 * interface is brought up (interfaces(5): "multiple iface stanzas can be given for the same
 * interface"; ifupdown's example: "Multiple addresses can be added by simply using multiple iface
 * stanzas"), so a DHCP stanza plus a static one is DHCP with an extra address, not static instead of
 * DHCP. Only interfaces named by `auto` (ifup -a, networking.service) or `allow-hotplug` (udev's
 * ifupdown hotplug rule) are brought up at boot. Pure.
 */
export function eniConfigs(eni: Pick<EniConfig, 'ifaces' | 'autos'>): InterfaceConfig[] {
  const bootLines = new Map<string, SourceLine>();
  for (const a of eni.autos) {
    if (a.kind !== 'auto' && a.kind !== 'allow-hotplug') continue;
    for (const name of a.names) if (!bootLines.has(name)) bootLines.set(name, { line: a.line, excerpt: a.excerpt, path: a.path });
  }
  const masters = new Map(eni.ifaces.flatMap((i) => (i.ports ?? []).map((port): [string, Placed<EniIface>] => [port, i])));
  // bridge-utils-interfaces(5): `bridge_ports all` enslaves every ethX interface.
  const allPorts = masters.get('all');
  const masterOf = (name: string): Placed<EniIface> | undefined => masters.get(name) ?? (/^eth\d+$/.test(name) ? allPorts : undefined);
  const byName = new Map<string, Placed<EniIface>[]>();
  for (const iface of eni.ifaces) {
    if (iface.method === 'loopback' || iface.name === 'lo' || (iface.family !== 'inet' && iface.family !== 'inet6')) continue;
    byName.set(iface.name, [...(byName.get(iface.name) ?? []), iface]);
  }
  const configs = [...byName].map(([name, stanzas]) => {
    const inet = stanzas.filter((s) => s.family === 'inet');
    const dhcp = inet.find((s) => s.method === 'dhcp');
    const statics = inet.filter((s) => s.method === 'static');
    const ipv4: Ipv4Method = dhcp ? 'dhcp' : statics.length > 0 ? 'static' : inet.length > 0 ? 'manual' : 'disabled';
    const anchor = dhcp ?? inet[0] ?? stanzas[0]!;
    const placed = (s: Placed<EniIface>, at: { line: number; excerpt: string }): SourceLine =>
      s.path === anchor.path ? { line: at.line, excerpt: at.excerpt } : { line: at.line, excerpt: at.excerpt, path: s.path };
    const addresses = statics.flatMap((s) => (s.address ? [s.address.value] : []));
    const config: InterfaceConfig = {
      format: 'eni',
      path: anchor.path,
      line: anchor.line,
      excerpt: anchor.excerpt,
      id: name,
      match: { names: [name] },
      ipv4,
      staticIpv4: ipv4 === 'static' ? addresses : [],
      readBy: ['ifupdown'],
      startsAtBoot: bootLines.has(name),
    };
    if (dhcp && addresses.length > 0) config.extraIpv4 = addresses;
    const bootLine = bootLines.get(name);
    if (bootLine) config.bootSwitch = bootLine.path === anchor.path ? { line: bootLine.line, excerpt: bootLine.excerpt } : bootLine;
    if (!dhcp) {
      const withAddress = statics.find((s) => s.address);
      const source = inet[0] ?? anchor;
      config.ipv4Line = withAddress ? placed(withAddress, withAddress.address!) : placed(source, source);
    }
    const dhcp6 = stanzas.find((s) => s.family === 'inet6' && s.method === 'dhcp');
    if (dhcp6) config.dhcp6 = placed(dhcp6, dhcp6);
    const master = stanzas.find((s) => s.bondMaster)?.bondMaster ?? masterOf(name)?.name;
    if (master) config.memberOf = master;
    const creates = stanzas.find((s) => s.portsAt)?.portsAt?.creates;
    if (creates) config.createsDevice = creates;
    const hw = stanzas.find((s) => s.hwaddress);
    if (hw) config.setsMac = { mac: hw.hwaddress!.value, ...placed(hw, hw.hwaddress!) };
    return config;
  });
  // A port named only in its master's bridge_ports/bond-slaves line has no stanza of its own: bridge-utils and
  // ifenslave bring it up with the master, without an address (Debian's bridge-utils-interfaces(5)).
  for (const [port, master] of masters) {
    if (byName.has(port) || !master.portsAt) continue;
    if (port === 'all' && byName.has('eth0')) continue;
    configs.push({
      format: 'eni',
      path: master.path,
      line: master.portsAt.line,
      excerpt: master.portsAt.excerpt,
      id: port === 'all' ? 'eth*' : port,
      match: { names: [port === 'all' ? 'eth*' : port] },
      ipv4: 'manual',
      staticIpv4: [],
      readBy: ['ifupdown'],
      memberOf: master.name,
    });
  }
  return configs;
}

