import { joinPath, type GuestFs } from '../../guest/guest-fs.js';
import { isCloudInitGenerated } from './cloud-init-origin.js';
import { listShadowed } from './config-dirs.js';
import { parseEni } from './eni.js';
import { eniConfigs } from './eni-configs.js';
import { loadEni } from './eni-load.js';
import { IFCFG_DIRS, ifcfgConfig, isIfcfgName, type IfcfgFlavor } from './ifcfg.js';
import { mergeNetplan, parseNetplan } from './netplan.js';
import { linkBinding, NETWORKD_DIRS, networkdConfig, parseLinkFile, type LinkFile } from './networkd.js';
import { nmSettings, type NmConfFile, type NmSettings } from './nm-conf.js';
import { isNmKeyfileName, NM_CONNECTION_DIRS, NM_LEGACY_NAMES_DIR, nmKeyfileConfig } from './nm-keyfile.js';
import type { InterfaceConfig, Ipv4Method, PersistentNameBinding } from './types.js';

/** netplan's directories, highest priority first (netplan(5): /run shadows /etc shadows /lib). */
export const NETPLAN_DIRS = ['/run/netplan', '/etc/netplan', '/lib/netplan'] as const;

/** Every interface definition in the guest, in every format, with what the readers noticed. */
export interface ReadConfigs {
  configs: InterfaceConfig[];
  /** Paths of the files read that cloud-init generated. */
  generatedPaths: Set<string>;
  /** .link files binding a name to a MAC. */
  linkBindings: Omit<PersistentNameBinding, 'cloudInit'>[];
  /** .link files in the order udev tries them (the first that matches a device applies). */
  links: LinkFile[];
  /** Debian cloud images' per-NIC ifupdown template (cloud-ifupdown-helper), with the IPv4 method it gives eth0. */
  hotplugTemplate?: { path: string; ipv4: Ipv4Method };
  /** netplan files that netplan would refuse (YAML errors). */
  netplanErrors: { path: string; message: string }[];
  nm: NmSettings;
  /** Problems met while reading (too many files, deep nesting). */
  notes: string[];
}

/** Reads every format. Absent directories are empty; corrupt filesystems throw (the collector reports that). */
export async function readConfigs(guest: GuestFs): Promise<ReadConfigs> {
  const out: ReadConfigs = { configs: [], generatedPaths: new Set(), linkBindings: [], links: [], netplanErrors: [], nm: nmSettings([]), notes: [] };
  const note = (path: string, text: string): void => {
    if (isCloudInitGenerated(path, text)) out.generatedPaths.add(path);
  };

  const netplanFiles = (await listShadowed(guest, NETPLAN_DIRS, '.yaml')).filter((f) => !f.masked);
  const parsed = netplanFiles.map((f) => {
    note(f.path, f.text);
    return parseNetplan(f.text, f.path, guest);
  });
  for (const p of parsed) for (const message of p.errors) out.netplanErrors.push({ path: p.path, message });
  out.configs.push(...mergeNetplan(parsed.filter((p) => p.errors.length === 0)));

  const eni = await loadEni(guest);
  if (eni) {
    out.notes.push(...eni.notes);
    for (const path of eni.files) {
      const text = await guest.readText(path);
      if (text !== undefined) note(path, text);
    }
    for (const i of eni.ifaces) countPorts(guest, i.ports ?? [], i.path, i.portsAt?.line ?? i.line);
    out.configs.push(...eniConfigs(eni));
  }

  const template = await readHotplugTemplate(guest);
  if (template) out.hotplugTemplate = template;

  for (const flavor of Object.keys(IFCFG_DIRS) as IfcfgFlavor[]) {
    const dir = IFCFG_DIRS[flavor];
    // Every ifcfg file counts (network-scripts reads them all): more than globFiles is a LimitError, not a cut.
    const entries = ((await guest.readdir(dir)) ?? []).filter((e) => isIfcfgName(e.name) !== undefined);
    guest.enforce('globFiles', entries.length, dir, `${entries.length} ifcfg files`);
    for (const entry of entries) {
      const name = isIfcfgName(entry.name);
      if (!name || entry.type === 'dir') continue;
      const path = joinPath(dir, entry.name);
      const text = await guest.readText(path);
      if (text === undefined) continue;
      note(path, text);
      out.configs.push(ifcfgConfig(text, path, name, flavor));
    }
  }

  linkListedPorts(guest, out.configs);

  for (const f of await listShadowed(guest, NM_CONNECTION_DIRS, (name) => isNmKeyfileName(name, true))) {
    if (f.masked || !isNmKeyfileName(f.name, f.path.startsWith(`${NM_LEGACY_NAMES_DIR}/`))) continue;
    note(f.path, f.text);
    const config = nmKeyfileConfig(f.text, f.path);
    if (config) out.configs.push(config);
  }
  out.nm = nmSettings(await nmConfFiles(guest));

  for (const f of await listShadowed(guest, NETWORKD_DIRS, '.network')) {
    if (f.masked) continue;
    note(f.path, f.text);
    // systemd.network(5): drop-ins in <name>.network.d/*.conf of every network directory, shadowed by name, in name order.
    const dropIns = (await listShadowed(guest, NETWORKD_DIRS.map((d) => `${d}/${f.name}.d`), '.conf')).filter((d) => !d.masked);
    out.configs.push(networkdConfig(f.text, f.path, f.name, dropIns));
  }
  for (const f of await listShadowed(guest, NETWORKD_DIRS, '.link')) {
    if (f.masked) continue;
    const link = parseLinkFile(f.text, f.path);
    const binding = linkBinding(link);
    if (binding) out.linkBindings.push(binding);
    out.links.push(link);
  }
  guest.enforce('networkDefinitions', out.configs.length, undefined, `${out.configs.length} interface definitions in all formats`);
  return out;
}

/** NetworkManager.conf's snippet directories: /etc/NetworkManager/conf.d shadows /usr/lib's same-named files (NetworkManager.conf(5)). */
const NM_CONF_DIRS = ['/etc/NetworkManager/conf.d', '/usr/lib/NetworkManager/conf.d'] as const;

/** NetworkManager.conf and its conf.d snippets in merge order: /usr/lib's snippets, the main file, /etc's snippets. */
export async function nmConfFiles(guest: GuestFs): Promise<NmConfFile[]> {
  const snippets = (await listShadowed(guest, NM_CONF_DIRS, '.conf')).filter((f) => !f.masked);
  const main = await guest.readText('/etc/NetworkManager/NetworkManager.conf');
  return [
    ...snippets.filter((f) => f.path.startsWith('/usr/')),
    ...(main === undefined ? [] : [{ path: '/etc/NetworkManager/NetworkManager.conf', text: main }]),
    ...snippets.filter((f) => f.path.startsWith('/etc/')),
  ].map((f) => ({ path: f.path, text: f.text }));
}

/** Debian cloud images: a udev rule runs this helper for each new NIC, which fills the template into /run/network/interfaces.d. */
const HOTPLUG_HELPER = '/etc/network/cloud-ifupdown-helper';
const HOTPLUG_TEMPLATE = '/etc/network/cloud-interfaces-template';

/** The template's IPv4 method for eth0 (`$INTERFACE` replaced as the helper does with sed), when the helper is installed. */
async function readHotplugTemplate(guest: GuestFs): Promise<{ path: string; ipv4: Ipv4Method } | undefined> {
  if (!(await guest.exists(HOTPLUG_HELPER))) return undefined;
  const text = await guest.readText(HOTPLUG_TEMPLATE);
  if (text === undefined) return undefined;
  const iface = parseEni(text.replace(/\$INTERFACE/g, 'eth0')).ifaces.find((i) => i.name === 'eth0' && i.family === 'inet');
  const method = iface?.method;
  return { path: HOTPLUG_TEMPLATE, ipv4: method === 'dhcp' ? 'dhcp' : method === 'static' ? 'static' : 'manual' };
}

/**
 * Masters that list their ports (SUSE ifcfg BRIDGE_PORTS / BONDING_SLAVE_n): each port's own file becomes a port
 * of the master; a port without a file of its own is added as one (wicked enslaves it with the master).
 */
function linkListedPorts(guest: GuestFs, configs: InterfaceConfig[]): void {
  const byId = new Map(configs.map((c) => [`${c.format}:${c.id}`, c]));
  for (const master of configs.filter((c) => c.portsListed)) {
    countPorts(guest, master.portsListed!, master.path, master.line);
    for (const port of master.portsListed!) {
      const own = byId.get(`${master.format}:${port}`);
      if (own) {
        own.memberOf ??= master.id;
        continue;
      }
      const added: InterfaceConfig = {
        format: master.format,
        path: master.path,
        line: master.line,
        excerpt: master.excerpt,
        id: port,
        match: { names: [port] },
        ipv4: 'manual',
        staticIpv4: [],
        readBy: master.readBy,
        memberOf: master.id,
      };
      configs.push(added);
      byId.set(`${master.format}:${port}`, added);
    }
  }
}

/** A bridge or bond listing more ports than any real one would is a hostile image: a typed limit, not unbounded work. */
function countPorts(guest: GuestFs, ports: readonly string[], path: string, line: number): void {
  guest.enforce('masterPorts', ports.length, path, `${path}:${line} lists ${ports.length} ports, which`);
}
