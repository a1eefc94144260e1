import type { GuestFs } from '../../guest/guest-fs.js';
import { isCloudInitGenerated } from './cloud-init-origin.js';
import { listShadowed } from './config-dirs.js';
import { GENERATOR_RULES, parsePersistentNetRules, UDEV_RULES_DIRS } from './udev-persistent.js';
import type { PersistentNameBinding, PersistentNetGenerator } from './types.js';

/** udev rule files that hold persistent-net bindings: the generator's output and cloud-init's SUSE file. */
const BINDING_FILES = /^(70-persistent-net|85-persistent-net-cloud-init)\.rules$/;

/** udev persistent-net bindings in force (after /etc shadows /lib by name), without the cloud-init decision. */
export async function readUdevBindings(guest: GuestFs): Promise<{ bindings: Omit<PersistentNameBinding, 'cloudInit'>[]; generated: Set<string> }> {
  const bindings: Omit<PersistentNameBinding, 'cloudInit'>[] = [];
  const generated = new Set<string>();
  for (const f of await listShadowed(guest, UDEV_RULES_DIRS, (name) => BINDING_FILES.test(name))) {
    if (f.masked) continue;
    if (isCloudInitGenerated(f.path, f.text)) generated.add(f.path);
    for (const rule of parsePersistentNetRules(f.text)) {
      bindings.push({ path: f.path, line: rule.line, excerpt: rule.excerpt, mac: rule.mac, name: rule.name, kind: 'udev-rule' });
    }
  }
  return { bindings, generated };
}

/** Where udev looks for the program the generator rules import (`IMPORT{program}="write_net_rules"`). */
const WRITE_NET_RULES = ['/lib/udev/write_net_rules', '/usr/lib/udev/write_net_rules'];

/** The persistent-net generator rules in force, if any; masked when /etc overrides them with /dev/null or an empty file. */
export async function readGenerator(guest: GuestFs): Promise<PersistentNetGenerator | undefined> {
  const [found] = await listShadowed(guest, UDEV_RULES_DIRS, (name) => name === GENERATOR_RULES);
  if (!found) return undefined;
  let writer: string | undefined;
  for (const path of WRITE_NET_RULES) if (!writer && (await guest.exists(path))) writer = path;
  return { path: found.path, masked: found.masked, ...(writer ? { writer } : {}), writes: !found.masked && writer !== undefined };
}
