import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { parseGuestYaml, type YamlMeter } from '../yaml.js';
import { excerptOf, normalizeMac, textLines } from './config-dirs.js';
import type { InterfaceConfig, InterfaceMatch, SourceLine } from './types.js';

/**
 * netplan YAML (netplan.io "YAML configuration" reference): `network: { version: 2,
 * renderer, ethernets: { <id>: {...} } }`. Only `ethernets` matter for the primary NIC.
 */

/** A netplan renderer (backend). */
export type NetplanRenderer = 'networkd' | 'NetworkManager';

/** One setting of one definition, with where it is written. */
interface Located<T> extends SourceLine {
  value: T;
}

/** The netplan sections read: Ethernet NICs, and the bridges and bonds they can be enslaved to. */
const SECTIONS = { ethernets: undefined, bridges: 'bridge', bonds: 'bond' } as const;

/** One `ethernets.<id>` (or `bridges.<id>`, `bonds.<id>`) definition of one file, fields named as in netplan's reference. */
export interface NetplanEthernet {
  id: string;
  /** Set for a `bridges:`/`bonds:` definition: the device it creates. */
  creates?: 'bridge' | 'bond';
  path: string;
  line: number;
  excerpt: string;
  matchName?: Located<string>;
  matchMacaddress?: Located<string>;
  matchDriver?: Located<string[]>;
  setName?: Located<string>;
  dhcp4?: Located<boolean>;
  /** `addresses:` entries that are IPv4 (IPv6 ones do not bring up IPv4). */
  addresses?: Located<string[]>;
  /** `macaddress:` sets the MAC of the interface. */
  macaddress?: Located<string>;
  renderer?: Located<NetplanRenderer>;
  /** `activation-mode: manual|off`: netplan leaves the interface down at boot. */
  activationMode?: Located<string>;
}

/** A parsed netplan file. */
export interface NetplanFile {
  path: string;
  /** `network.renderer` of this file. */
  renderer?: NetplanRenderer;
  ethernets: NetplanEthernet[];
  /** Member id → bond or bridge id, from `bonds:`/`bridges:` `interfaces:` lists. */
  members: Map<string, string>;
  /** YAML errors: netplan refuses a file it cannot parse (`netplan generate` fails). */
  errors: string[];
}

/**
 * Parses one netplan file: text in, definitions out; bad YAML is an error in the result, YAML
 * beyond a budget a LimitError. `meter` (the guest view) counts it toward yamlTotalBytes.
 */
export function parseNetplan(text: string, path: string, meter?: YamlMeter): NetplanFile {
  const { doc, lineCounter } = parseGuestYaml(text, path, { meter });
  const lines = textLines(text);
  const out: NetplanFile = { path, ethernets: [], members: new Map(), errors: doc.errors.map((e) => e.message.split('\n')[0]!) };
  if (out.errors.length > 0) return out;
  const at = (node: Node | null | undefined): SourceLine => {
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : 1;
    return { line, excerpt: excerptOf(lines[line - 1] ?? ''), path };
  };
  const network = child(doc.contents, 'network');
  if (!isMap(network)) return out;
  const renderer = rendererOf(child(network, 'renderer'));
  if (renderer) out.renderer = renderer;
  for (const kind of ['bonds', 'bridges']) {
    const masters = child(network, kind);
    if (!isMap(masters)) continue;
    for (const item of masters.items) {
      if (!isScalar(item.key)) continue;
      for (const member of stringList(child(item.value, 'interfaces')) ?? []) out.members.set(member, String(item.key.value));
    }
  }
  for (const [section, creates] of Object.entries(SECTIONS)) {
    const definitions = child(network, section);
    if (!isMap(definitions)) continue;
    for (const item of definitions.items) {
      if (!isScalar(item.key) || !isMap(item.value)) continue;
      const def = item.value;
      const id = String(item.key.value);
      const keyAt = at(item.key as Node);
      const eth: NetplanEthernet = { id, path, line: keyAt.line, excerpt: keyAt.excerpt };
      if (creates) eth.creates = creates;
      const match = child(def, 'match');
      const located = <T>(node: unknown, value: T | undefined): Located<T> | undefined =>
        value === undefined ? undefined : { value, ...at(node as Node) };
      if (isMap(match)) {
        eth.matchName = located(child(match, 'name'), scalarString(child(match, 'name')));
        eth.matchMacaddress = located(child(match, 'macaddress'), scalarString(child(match, 'macaddress')));
        eth.matchDriver = located(child(match, 'driver'), stringList(child(match, 'driver')));
      }
      eth.setName = located(child(def, 'set-name'), scalarString(child(def, 'set-name')));
      eth.dhcp4 = located(child(def, 'dhcp4'), yamlBool(child(def, 'dhcp4')));
      const addresses = stringList(child(def, 'addresses'))?.filter((a) => !a.includes(':'));
      eth.addresses = located(child(def, 'addresses'), addresses && addresses.length > 0 ? addresses : undefined);
      eth.macaddress = located(child(def, 'macaddress'), scalarString(child(def, 'macaddress')));
      eth.renderer = located(child(def, 'renderer'), rendererOf(child(def, 'renderer')));
      eth.activationMode = located(child(def, 'activation-mode'), scalarString(child(def, 'activation-mode')));
      out.ethernets.push(stripUndefined(eth));
    }
  }
  return out;
}

/**
 * Merges files in the order netplan reads them (sorted by name, already shadowed): a later
 * file's settings for the same id override scalars and extend `addresses`, and the last
 * global `renderer` is the default backend (netplan's parser keeps one global backend).
 */
export function mergeNetplan(files: readonly NetplanFile[]): InterfaceConfig[] {
  const merged = new Map<string, NetplanEthernet>();
  let globalRenderer: NetplanRenderer = 'networkd';
  const members = new Map<string, string>();
  for (const file of files) {
    if (file.renderer) globalRenderer = file.renderer;
    for (const [member, master] of file.members) members.set(member, master);
    for (const eth of file.ethernets) {
      const key = `${eth.creates ?? 'ethernet'}:${eth.id}`;
      const before = merged.get(key);
      if (!before) {
        merged.set(key, { ...eth });
        continue;
      }
      const addresses = before.addresses && eth.addresses
        ? { ...eth.addresses, value: [...before.addresses.value, ...eth.addresses.value] }
        : (eth.addresses ?? before.addresses);
      // The definition keeps the file and line where it first appeared; settings come from every file.
      const { path: _path, line: _line, excerpt: _excerpt, ...settings } = eth;
      merged.set(key, stripUndefined({ ...before, ...stripUndefined(settings), addresses }));
    }
  }
  return [...merged.values()].map((eth) => {
    const config = toInterfaceConfig(eth, eth.renderer?.value ?? globalRenderer);
    const master = members.get(eth.id);
    return master ? { ...config, memberOf: master } : config;
  });
}

function toInterfaceConfig(eth: NetplanEthernet, renderer: NetplanRenderer): InterfaceConfig {
  const match: InterfaceMatch = {};
  const hasMatch = eth.matchName || eth.matchMacaddress || eth.matchDriver;
  // Without `match:` the id is the interface name (netplan reference, "Common properties for physical device types").
  if (!hasMatch) match.names = [eth.id];
  if (eth.matchName) match.names = [eth.matchName.value];
  if (eth.matchDriver) match.drivers = eth.matchDriver.value;
  if (eth.matchMacaddress) {
    match.macs = [normalizeMac(eth.matchMacaddress.value)];
    match.macLine = sourceLine(eth.matchMacaddress);
  }
  const dhcp = eth.dhcp4?.value === true;
  const config: InterfaceConfig = {
    format: 'netplan',
    path: eth.path,
    line: eth.line,
    excerpt: eth.excerpt,
    id: eth.id,
    match,
    ipv4: dhcp ? 'dhcp' : eth.addresses ? 'static' : 'disabled',
    staticIpv4: eth.addresses?.value ?? [],
    readBy: [renderer === 'NetworkManager' ? 'NetworkManager' : 'systemd-networkd'],
    renderer,
  };
  if (eth.creates) config.createsDevice = eth.creates;
  if (eth.setName) config.setName = eth.setName.value;
  const ipv4Source = !dhcp ? (eth.addresses ?? eth.dhcp4) : undefined;
  if (ipv4Source) config.ipv4Line = sourceLine(ipv4Source);
  if (eth.macaddress) config.setsMac = { mac: normalizeMac(eth.macaddress.value), ...sourceLine(eth.macaddress) };
  // netplan renders manual/off as networkd ActivationPolicy=manual/always-down and NetworkManager autoconnect=false.
  const mode = eth.activationMode?.value.toLowerCase();
  config.startsAtBoot = mode !== 'manual' && mode !== 'off';
  if (eth.activationMode) config.bootSwitch = sourceLine(eth.activationMode);
  return config;
}

function sourceLine(located: SourceLine): SourceLine {
  return { line: located.line, excerpt: located.excerpt, ...(located.path ? { path: located.path } : {}) };
}

function child(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = (node as YAMLMap).items.find((p) => isScalar(p.key) && p.key.value === key);
  return (pair?.value ?? undefined) as Node | undefined;
}

function scalarString(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}

/** A scalar or a sequence of scalars (netplan accepts both for `match.driver`); maps in lists (`addresses: - 10.0.0.4/24: {lifetime: 0}`) give their key. */
function stringList(node: unknown): string[] | undefined {
  if (isScalar(node)) return scalarString(node) === undefined ? undefined : [scalarString(node)!];
  if (!isSeq(node)) return undefined;
  const out: string[] = [];
  for (const item of node.items) {
    if (isScalar(item)) out.push(String(item.value));
    else if (isMap(item) && isScalar(item.items[0]?.key)) out.push(String(item.items[0]!.key.value));
  }
  return out;
}

/** netplan booleans: YAML 1.1 style true/yes/on/y (netplan's parser accepts these). */
function yamlBool(node: unknown): boolean | undefined {
  const s = scalarString(node)?.toLowerCase();
  if (s === undefined) return undefined;
  if (['true', 'yes', 'on', 'y'].includes(s)) return true;
  if (['false', 'no', 'off', 'n'].includes(s)) return false;
  return undefined;
}

function rendererOf(node: unknown): NetplanRenderer | undefined {
  const s = scalarString(node);
  return s === 'networkd' || s === 'NetworkManager' ? s : undefined;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
