import { parseUnitFile, type UnitAssignment } from '../systemd.js';
import { excerptOf, normalizeMac, textLines } from './config-dirs.js';
import type { InterfaceConfig, Ipv4Method, VirtualDevice } from './types.js';
import { lastSetting } from './unit-settings.js';

/**
 * NetworkManager keyfiles (nm-settings-keyfile(5)): GLib key files, `[section]` and
 * `key=value`, `#` comments. The systemd unit-file reader parses the same shape (its `;`
 * comments and `\` continuations never occur in keyfiles that NetworkManager writes), so it
 * is reused rather than a second INI reader.
 */

/** Directories NetworkManager loads profiles from, highest priority first. */
export const NM_CONNECTION_DIRS = [
  '/run/NetworkManager/system-connections',
  '/etc/NetworkManager/system-connections',
  '/usr/lib/NetworkManager/system-connections',
] as const;

/** The directory where NetworkManager still loads keyfiles without the .nmconnection suffix (profiles written before NM 1.20 have none). */
export const NM_LEGACY_NAMES_DIR = '/etc/NetworkManager/system-connections';

/**
 * Names the keyfile plugin skips (nm-keyfile-utils.c nm_keyfile_utils_ignore_filename): hidden
 * files, editor and package-manager leftovers. Outside /etc only `*.nmconnection` is loaded.
 */
export function isNmKeyfileName(name: string, legacyAllowed: boolean): boolean {
  if (name.endsWith('.nmconnection')) return !name.startsWith('.');
  if (!legacyAllowed || name.startsWith('.')) return false;
  return !/(~|\.(bak|orig|rej|swp|tmp|rpmnew|rpmsave|dpkg-[a-z]+|nmmeta))$/i.test(name);
}

const ETHERNET_TYPES = new Set(['ethernet', '802-3-ethernet']);
/** Profile types that create a device a port can be enslaved to, or that carry an Open vSwitch bridge's address. */
const VIRTUAL_TYPES: Record<string, VirtualDevice> = {
  bridge: 'bridge',
  bond: 'bond',
  team: 'team',
  'ovs-bridge': 'ovs-bridge',
  'ovs-port': 'ovs-port',
  'ovs-interface': 'ovs-interface',
};

/** One .nmconnection profile as an interface definition (Ethernet, or a bridge/bond/team/OVS master), or undefined for other types. Pure. */
export function nmKeyfileConfig(text: string, path: string): InterfaceConfig | undefined {
  const file = parseUnitFile(text);
  const get = (section: string, key: string): UnitAssignment | undefined => lastSetting(file, section, key);
  const type = get('connection', 'type')?.value;
  const virtual = type === undefined ? undefined : VIRTUAL_TYPES[type];
  if (!type || (!ETHERNET_TYPES.has(type) && !virtual)) return undefined;
  const lines = textLines(text);
  const anchor = get('connection', 'id') ?? get('connection', 'type')!;
  const names = [get('connection', 'interface-name')?.value, ...splitList(get('match', 'interface-name')?.value)].filter(
    (n): n is string => !!n,
  );
  const drivers = splitList(get('match', 'driver')?.value);
  const mac = get('ethernet', 'mac-address') ?? get('802-3-ethernet', 'mac-address');
  const method = (get('ipv4', 'method')?.value ?? 'auto').toLowerCase();
  const addresses = (file.sections.get('ipv4') ?? [])
    .filter((a) => /^address(es)?[0-9]*$/.test(a.key))
    .flatMap((a) => a.value.split(';'))
    .map((v) => v.split(',')[0]!.trim())
    .filter((v) => v.length > 0);
  const ipv4: Ipv4Method = method === 'auto' ? 'dhcp' : method === 'manual' ? 'static' : method === 'disabled' ? 'disabled' : 'manual';
  const config: InterfaceConfig = {
    format: 'nm-keyfile',
    path,
    line: anchor.line,
    excerpt: excerptOf(lines[anchor.line - 1] ?? ''),
    id: get('connection', 'id')?.value ?? path.split('/').pop()!,
    match: {},
    ipv4,
    staticIpv4: ipv4 === 'static' ? addresses : [],
    readBy: ['NetworkManager'],
  };
  if (names.length > 0) config.match.names = names;
  if (drivers.length > 0) config.match.drivers = drivers;
  if (mac?.value) {
    config.match.macs = [normalizeMac(mac.value)];
    config.match.macLine = { line: mac.line, excerpt: excerptOf(lines[mac.line - 1] ?? '') };
  }
  const ipv4Line = get('ipv4', 'method');
  if (ipv4 !== 'dhcp' && ipv4Line) config.ipv4Line = { line: ipv4Line.line, excerpt: excerptOf(lines[ipv4Line.line - 1] ?? '') };
  const cloned = get('ethernet', 'cloned-mac-address');
  // Only a literal MAC forces one; `permanent`, `preserve`, `random`, `stable` are policies.
  if (cloned && /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(cloned.value)) {
    config.setsMac = { mac: normalizeMac(cloned.value), line: cloned.line, excerpt: excerptOf(lines[cloned.line - 1] ?? '') };
  }
  // NetworkManager >= 1.46 writes controller=/port-type=, earlier versions master=/slave-type=; the value is the
  // controller's interface name or its profile's UUID.
  const master = get('connection', 'controller') ?? get('connection', 'master');
  if (master?.value) config.memberOf = master.value;
  if (virtual) config.createsDevice = virtual;
  const uuid = get('connection', 'uuid')?.value;
  const aliases = [uuid, get('connection', 'id')?.value].filter((a): a is string => !!a);
  if (aliases.length > 0) config.aliases = aliases;
  const autoconnect = get('connection', 'autoconnect');
  const off = autoconnect?.value.toLowerCase();
  config.startsAtBoot = !(off === 'false' || off === 'no' || off === '0');
  if (autoconnect) config.bootSwitch = { line: autoconnect.line, excerpt: excerptOf(lines[autoconnect.line - 1] ?? '') };
  return config;
}

/** NetworkManager's list syntax: `a;b;` or `a,b`. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '').split(/[;,]/).map((v) => v.trim()).filter((v) => v.length > 0);
}
