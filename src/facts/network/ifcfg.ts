import { lastAssignment, parseShellVars } from '../shell-vars.js';
import { excerptOf, normalizeMac, textLines } from './config-dirs.js';
import type { InterfaceConfig, VirtualDevice } from './types.js';

/**
 * ifcfg files: RHEL initscripts / NetworkManager ifcfg-rh (/etc/sysconfig/network-scripts,
 * ifcfg-rh's "ifcfg format" and initscripts' sysconfig.txt) and SUSE wicked
 * (/etc/sysconfig/network, ifcfg(5)). Both are shell variable assignments, read with the
 * shared shell-vars parser (nothing is run).
 */

/** A value with the line that sets it. */
interface Located {
  value: string;
  line: number;
  excerpt: string;
}

/** Which ifcfg dialect: RHEL (BOOTPROTO/ONBOOT/DEVICE) or SUSE (BOOTPROTO/STARTMODE, device = file suffix). */
export type IfcfgFlavor = 'rhel' | 'suse';

/** Directory of each flavor's ifcfg files. */
export const IFCFG_DIRS: Record<IfcfgFlavor, string> = {
  rhel: '/etc/sysconfig/network-scripts',
  suse: '/etc/sysconfig/network',
};

/**
 * One ifcfg-<name> file as an interface definition. `name` is the file suffix. Pure.
 * RHEL: DEVICE= names the interface (else the suffix); HWADDR= binds it to a MAC; MACADDR=
 * sets one; BOOTPROTO=dhcp|bootp → DHCP, none|static|'' with IPADDR → static; ONBOOT.
 * SUSE: the suffix is the interface; LLADDR= sets the MAC; BOOTPROTO=dhcp|dhcp4|dhcp+autoip →
 * DHCP, static; STARTMODE=auto|hotplug|onboot|nfsroot starts at boot.
 */
export function ifcfgConfig(text: string, path: string, name: string, flavor: IfcfgFlavor): InterfaceConfig {
  const vars = parseShellVars(text, undefined, path);
  const lines = textLines(text);
  const get = (key: string): Located | undefined => {
    const a = lastAssignment(vars, key);
    return a && { value: a.value, line: a.line, excerpt: excerptOf(lines[a.line - 1] ?? a.raw) };
  };
  // NAME= is only the profile's label (NetworkManager's connection id); DEVICE= names the interface.
  const device = flavor === 'rhel' ? get('DEVICE') : undefined;
  const anchor = device ?? get('BOOTPROTO') ?? { value: '', line: 1, excerpt: excerptOf(lines[0] ?? '') };
  // Open vSwitch's ifup-ovs takes a bridge's DHCP from OVSBOOTPROTO (openvswitch rhel/README.RHEL.rst).
  const ovs = (get('DEVICETYPE')?.value ?? '').toLowerCase() === 'ovs';
  const bootproto = ((ovs ? get('OVSBOOTPROTO')?.value : undefined) ?? get('BOOTPROTO')?.value ?? '').toLowerCase().replace(/^"|"$/g, '');
  const ipaddrKeys = [...vars.values.keys()].filter((k) => /^IPADDR[0-9_]*$/.test(k) && vars.values.get(k) !== '');
  const addresses = ipaddrKeys.map((k) => {
    const address = vars.values.get(k)!;
    const suffix = k.slice('IPADDR'.length);
    const prefix = get(`PREFIX${suffix}`)?.value ?? get(`NETMASK${suffix}`)?.value ?? (address.includes('/') ? undefined : get('PREFIXLEN')?.value);
    return prefix ? `${address}/${prefix}` : address;
  });
  const dhcp = flavor === 'rhel' ? bootproto === 'dhcp' || bootproto === 'bootp' : bootproto.startsWith('dhcp');
  const ipv4 = dhcp ? 'dhcp' : addresses.length > 0 ? 'static' : 'manual';
  const config: InterfaceConfig = {
    format: flavor === 'rhel' ? 'ifcfg-rhel' : 'ifcfg-suse',
    path,
    line: anchor.line,
    excerpt: anchor.excerpt,
    id: name,
    match: { names: [device?.value || name] },
    ipv4,
    staticIpv4: addresses,
    readBy: flavor === 'rhel' ? ['network-scripts', 'NetworkManager'] : ['wicked'],
  };
  const ipv4Line = (ipaddrKeys[0] ? get(ipaddrKeys[0]) : undefined) ?? get('BOOTPROTO');
  if (!dhcp && ipv4Line) config.ipv4Line = { line: ipv4Line.line, excerpt: ipv4Line.excerpt };
  const hwaddr = flavor === 'rhel' ? get('HWADDR') : undefined;
  if (hwaddr?.value) {
    config.match.macs = [normalizeMac(hwaddr.value)];
    config.match.macLine = { line: hwaddr.line, excerpt: hwaddr.excerpt };
    // initscripts and ifcfg-rh find the device by HWADDR when DEVICE is not set.
    if (!device) delete config.match.names;
  } else if (flavor === 'rhel' && !device?.value) {
    // Neither DEVICE= nor HWADDR=: ifcfg-rh gives the profile no interface-name (reader.c sets it from
    // DEVICE only), so NetworkManager applies it to any Ethernet NIC, like a keyfile without one; initscripts'
    // source_config leaves DEVICE empty and ifup-eth finds no device for it.
    config.match = {};
    config.matchByReader = { 'network-scripts': { unmet: ['no DEVICE= or HWADDR= (initscripts finds no device for it)'] } };
  }
  const type = (get('TYPE')?.value ?? '').toLowerCase();
  const yes = (key: string): boolean => (get(key)?.value ?? '').toLowerCase() === 'yes';
  // SUSE marks the master itself (BRIDGE='yes', BONDING_MASTER='yes') and lists its ports there (ifcfg-bridge(5), ifcfg-bonding(5)).
  const suseBridge = flavor === 'suse' && yes('BRIDGE');
  const creates = IFCFG_DEVICE_TYPES[type] ?? (yes('BONDING_MASTER') ? 'bond' : suseBridge ? 'bridge' : undefined);
  if (creates) config.createsDevice = creates;
  if (flavor === 'suse') {
    const ports = suseBridge
      ? (get('BRIDGE_PORTS')?.value ?? '').split(/\s+/)
      : [...vars.values.keys()].filter((k) => /^BONDING_SLAVE_?\d+$/.test(k)).map((k) => vars.values.get(k)!);
    const listed = ports.filter((p) => p !== '');
    if (listed.length > 0) config.portsListed = listed;
  } else {
    const master = get('MASTER') ?? get('BRIDGE') ?? get('TEAM_MASTER') ?? (creates === 'ovs-bridge' ? undefined : get('OVS_BRIDGE'));
    if (master?.value) config.memberOf = master.value;
  }
  const setMac = flavor === 'rhel' ? get('MACADDR') : get('LLADDR');
  if (setMac?.value) config.setsMac = { mac: normalizeMac(setMac.value), line: setMac.line, excerpt: setMac.excerpt };
  // Missing ONBOOT means yes (initscripts and ifcfg-rh alike); SUSE's STARTMODE defaults to manual (ifcfg(5)).
  const bootSwitch = get(flavor === 'rhel' ? 'ONBOOT' : 'STARTMODE');
  if (bootSwitch) config.bootSwitch = { line: bootSwitch.line, excerpt: bootSwitch.excerpt };
  if (flavor === 'rhel') {
    const onboot = bootSwitch?.value.toLowerCase();
    config.startsAtBoot = onboot === undefined ? true : onboot === 'yes';
    const nm = get('NM_CONTROLLED')?.value.toLowerCase();
    config.nmControlled = !(nm === 'no' || nm === 'n' || nm === 'false');
  } else {
    const startmode = (bootSwitch?.value ?? 'manual').toLowerCase();
    config.startsAtBoot = ['auto', 'hotplug', 'onboot', 'on', 'boot', 'nfsroot'].includes(startmode);
  }
  return config;
}

/** ifcfg TYPE= values (lower-cased) of virtual devices: initscripts' and ifcfg-rh's, and Open vSwitch's (its README.RHEL). */
const IFCFG_DEVICE_TYPES: Record<string, VirtualDevice> = {
  bridge: 'bridge',
  bond: 'bond',
  team: 'team',
  ovsbridge: 'ovs-bridge',
  ovsuserbridge: 'ovs-bridge',
  ovsintport: 'ovs-interface',
};

/** ifcfg file names that define an interface (not ifcfg-lo, not backups like ifcfg-eth0.bak or ~ files that ifup skips). */
export function isIfcfgName(fileName: string): string | undefined {
  const m = /^ifcfg-(.+)$/.exec(fileName);
  if (!m) return undefined;
  const name = m[1]!;
  if (name === 'lo' || /(~|\.(bak|old|orig|rpmnew|rpmsave|rpmorig))$/.test(name)) return undefined;
  return name;
}
