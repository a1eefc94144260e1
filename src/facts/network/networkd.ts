import { listSetting, parseUnitFile, type UnitAssignment, type UnitFile } from '../systemd.js';
import { excerptOf, normalizeMac, textLines } from './config-dirs.js';
import type { InterfaceConfig, InterfaceMatch, PersistentNameBinding, SourceLine } from './types.js';
import { lastSetting } from './unit-settings.js';

/**
 * systemd-networkd .network (systemd.network(5)) and udev .link (systemd.link(5)) files,
 * unit-file syntax. The first .network file (by name, across directories) whose [Match]
 * matches an interface configures it; .link files rename and set MACs before that.
 */

/** Directories of .network and .link files, highest priority first (same name shadows). */
export const NETWORKD_DIRS = [
  '/etc/systemd/network',
  '/run/systemd/network',
  '/usr/local/lib/systemd/network',
  '/usr/lib/systemd/network',
  '/lib/systemd/network',
] as const;

function at(lines: string[], a: UnitAssignment): SourceLine {
  return { line: a.line, excerpt: excerptOf(lines[a.line - 1] ?? '') };
}

/** Where an assignment is written: a line of the main file, or of a drop-in (then with its path). */
type Locate = (a: UnitAssignment) => SourceLine;

/** A drop-in of a .network file (`<name>.network.d/*.conf`), in the order systemd applies them. */
export interface DropIn {
  path: string;
  text: string;
}

/**
 * The main file with its drop-ins applied as systemd does (systemd.network(5)): each drop-in is parsed after
 * the main file, so a later assignment wins and a list setting continues (or is reset by an empty one).
 */
function withDropIns(text: string, dropIns: readonly DropIn[]): { file: UnitFile; locate: Locate } {
  const file = parseUnitFile(text);
  const lines = textLines(text);
  const origins = new Map<UnitAssignment, { path: string; lines: string[] }>();
  for (const dropIn of dropIns) {
    const extra = parseUnitFile(dropIn.text);
    const origin = { path: dropIn.path, lines: textLines(dropIn.text) };
    for (const [section, assignments] of extra.sections) {
      file.sections.set(section, [...(file.sections.get(section) ?? []), ...assignments]);
      for (const a of assignments) origins.set(a, origin);
    }
  }
  const locate: Locate = (a) => {
    const origin = origins.get(a);
    return origin ? { ...at(origin.lines, a), path: origin.path } : at(lines, a);
  };
  return { file, locate };
}

/** [Match] keys turned into names/drivers/MACs. */
const MATCH_KEYS_JUDGED = new Set(['Name', 'OriginalName', 'Driver', 'MACAddress', 'PermanentMACAddress']);

/** Other [Match] conditions Azure's primary NIC meets: an Ethernet device in a Microsoft VM. */
function azureMeets(key: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (key === 'Type') return v.split(/\s+/).includes('ether');
  if (key === 'Virtualization') return ['yes', 'vm', 'microsoft', 'true', '1'].includes(v);
  if (key === 'Architecture') return ['x86-64', 'arm64'].includes(v);
  return false;
}

/** [Match] of a .network or .link file (Name= / OriginalName=, MACAddress= / PermanentMACAddress=, Driver=). */
function matchOf(file: UnitFile, locate: Locate, nameKey: 'Name' | 'OriginalName'): InterfaceMatch {
  const match: InterfaceMatch = {};
  const names = listSetting(file, 'Match', nameKey);
  if (names.length > 0) match.names = names;
  const drivers = listSetting(file, 'Match', 'Driver');
  if (drivers.length > 0) match.drivers = drivers;
  const unmet = (file.sections.get('Match') ?? [])
    .filter((a) => !MATCH_KEYS_JUDGED.has(a.key) && !azureMeets(a.key, a.value))
    .map((a) => `${a.key}=${a.value}`);
  if (unmet.length > 0) match.unmet = unmet;
  const macs = [...listSetting(file, 'Match', 'MACAddress'), ...listSetting(file, 'Match', 'PermanentMACAddress')];
  if (macs.length > 0) {
    match.macs = macs.map(normalizeMac);
    const line = lastSetting(file, 'Match', 'MACAddress') ?? lastSetting(file, 'Match', 'PermanentMACAddress');
    if (line) match.macLine = locate(line);
  }
  return match;
}

/** One .network file as an interface definition. `name` is the file name (the id that orders and shadows). Pure. */
export function networkdConfig(text: string, path: string, name: string, dropIns: readonly DropIn[] = []): InterfaceConfig {
  const { file, locate } = withDropIns(text, dropIns);
  const lines = textLines(text);
  const matchHeader = lines.findIndex((l) => l.trim() === '[Match]');
  const anchorLine = matchHeader >= 0 ? matchHeader + 1 : 1;
  const dhcp = lastSetting(file, 'Network', 'DHCP');
  const dhcp4 = dhcp !== undefined && ['yes', 'true', 'on', '1', 'ipv4', 'both', 'v4'].includes(dhcp.value.toLowerCase());
  const addressSettings = [
    ...(file.sections.get('Network') ?? []).filter((a) => a.key === 'Address'),
    ...(file.sections.get('Address') ?? []).filter((a) => a.key === 'Address'),
  ];
  const ipv4Addresses = addressSettings.flatMap((a) => a.value.split(/\s+/)).filter((v) => v.length > 0 && !v.includes(':'));
  const config: InterfaceConfig = {
    format: 'networkd',
    path,
    line: anchorLine,
    excerpt: excerptOf(lines[anchorLine - 1] ?? ''),
    id: name,
    match: matchOf(file, locate, 'Name'),
    ipv4: dhcp4 ? 'dhcp' : ipv4Addresses.length > 0 ? 'static' : 'disabled',
    staticIpv4: ipv4Addresses,
    readBy: ['systemd-networkd'],
  };
  const ipv4Source = !dhcp4 ? (addressSettings.find((a) => !a.value.includes(':')) ?? dhcp) : undefined;
  if (ipv4Source) config.ipv4Line = locate(ipv4Source);
  const setMac = lastSetting(file, 'Link', 'MACAddress');
  if (setMac?.value) config.setsMac = { mac: normalizeMac(setMac.value), ...locate(setMac) };
  // systemd.network(5) [Link]: ActivationPolicy=manual leaves the link down until someone else brings it up,
  // down/always-down keep it down; Unmanaged=yes makes networkd ignore the interface altogether.
  const policy = lastSetting(file, 'Link', 'ActivationPolicy');
  const unmanaged = lastSetting(file, 'Link', 'Unmanaged');
  const off = unmanaged && ['yes', 'true', 'on', '1'].includes(unmanaged.value.toLowerCase())
    ? unmanaged
    : policy && ['manual', 'down', 'always-down'].includes(policy.value.toLowerCase()) ? policy : undefined;
  config.startsAtBoot = off === undefined;
  const bootSwitch = off ?? policy;
  if (bootSwitch) config.bootSwitch = locate(bootSwitch);
  const master = lastSetting(file, 'Network', 'Bond') ?? lastSetting(file, 'Network', 'Bridge');
  if (master?.value) config.memberOf = master.value;
  return config;
}

/** What a .link file does, for persistent naming: the MAC it matches and the name or MAC it sets. */
export interface LinkFile {
  path: string;
  match: InterfaceMatch;
  /** [Link] Name=. */
  name?: string;
  /** [Link] MACAddress=: forces a MAC. */
  setsMac?: { mac: string } & SourceLine;
  nameLine?: SourceLine;
}

/** Parses a .link file. Pure. */
export function parseLinkFile(text: string, path: string): LinkFile {
  const file = parseUnitFile(text);
  const lines = textLines(text);
  const out: LinkFile = { path, match: matchOf(file, (a) => at(lines, a), 'OriginalName') };
  const name = lastSetting(file, 'Link', 'Name');
  if (name?.value) {
    out.name = name.value;
    out.nameLine = at(lines, name);
  }
  const mac = lastSetting(file, 'Link', 'MACAddress');
  if (mac?.value) out.setsMac = { mac: normalizeMac(mac.value), ...at(lines, mac) };
  return out;
}

/** A .link file that names an interface after its MAC, as a persistent-name binding. */
export function linkBinding(link: LinkFile): Omit<PersistentNameBinding, 'cloudInit'> | undefined {
  if (!link.match.macs || !link.name || !link.match.macLine) return undefined;
  return {
    path: link.path,
    line: link.match.macLine.line,
    excerpt: link.match.macLine.excerpt,
    mac: link.match.macs[0]!,
    name: link.name,
    kind: 'link-file',
  };
}
