import { globToRegExp } from '../../guest/guest-fs.js';
import { parsePersistentNetRules } from './udev-persistent.js';

/**
 * Files that cloud-init's network renderers write (cloud-init 22.4 `cloudinit/net/*.py` and
 * the distro classes' `renderer_configs`), each with the marker it writes when it has one.
 * A file at the path without the marker (hand-written at the same name) is not counted.
 */
const GENERATED: { path: string; marker?: RegExp }[] = [
  // netplan.py with distros/debian.py NETWORK_FILE_HEADER.
  { path: '/etc/netplan/50-cloud-init.yaml' },
  // eni.py: distros/debian.py eni_path; older releases wrote /etc/network/interfaces itself with the same header.
  { path: '/etc/network/interfaces.d/50-cloud-init' },
  { path: '/etc/network/interfaces.d/50-cloud-init.cfg' },
  { path: '/etc/network/interfaces', marker: /^# This file is generated from information provided by the datasource/m },
  // sysconfig.py _make_header(): RHEL and SUSE flavors.
  { path: '/etc/sysconfig/network-scripts/ifcfg-*', marker: /^# Created by cloud-init/m },
  { path: '/etc/sysconfig/network/ifcfg-*', marker: /^# Created by cloud-init/m },
  // network_manager.py.
  { path: '/etc/NetworkManager/system-connections/cloud-init-*.nmconnection' },
  // networkd.py.
  { path: '/etc/systemd/network/10-cloud-init-*.network' },
  // sysconfig.py netrules_path for SUSE.
  { path: '/etc/udev/rules.d/85-persistent-net-cloud-init.rules' },
];

/** True when `path` with `text` is a file cloud-init's network rendering wrote. Pure. */
export function isCloudInitGenerated(path: string, text: string): boolean {
  if (path === '/etc/udev/rules.d/70-persistent-net.rules') return isCloudInitNetRules(text);
  return GENERATED.some((g) => globToRegExp(g.path).test(path) && (!g.marker || g.marker.test(text)));
}

/**
 * cloud-init's sysconfig and ENI renderers write 70-persistent-net.rules wholesale, one
 * `generate_udev_rule` line per interface and nothing else; udev's write_net_rules always
 * adds a comment header and ATTR{type}/KERNEL keys, so the two cannot be confused.
 */
function isCloudInitNetRules(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const rules = parsePersistentNetRules(text);
  return rules.length > 0 && rules.length === lines.length && rules.every((r) => r.cloudInitForm);
}
