import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MemoryTree } from '../../../src/fs/memory/memory-fs.js';
import type { OsState } from '../../../src/intent/types.js';
import { runRules } from '../../../src/rules/engine.js';
import type { Rule } from '../../../src/rules/types.js';
import { contextFromTree } from '../../helpers/rule-context.js';

/** __tests__/data/network, where the real files these tests use are kept (see its README.md). */
export const NETWORK_DATA = join(dirname(fileURLToPath(import.meta.url)), '../../data/network');

/** Text of a file under __tests__/data/network. */
export function data(relative: string): string {
  return readFileSync(join(NETWORK_DATA, relative), 'utf8');
}

/** The real Debian 12 unit files of the four network managers, and which of them `systemctl enable` has linked. */
export function units(...enabled: ('systemd-networkd' | 'NetworkManager' | 'networking')[]): MemoryTree {
  const tree: MemoryTree = {
    '/lib/systemd/system/multi-user.target': data('debian12/units/multi-user.target'),
    '/lib/systemd/system/systemd-networkd.service': data('debian12/units/systemd-networkd.service'),
    '/lib/systemd/system/NetworkManager.service': data('debian12/units/NetworkManager.service'),
    '/lib/systemd/system/networking.service': data('debian12/units/networking.service'),
    '/etc/systemd/system/default.target': { symlink: '/lib/systemd/system/multi-user.target' },
  };
  for (const name of enabled) {
    tree[`/etc/systemd/system/multi-user.target.wants/${name}.service`] = { symlink: `/lib/systemd/system/${name}.service` };
  }
  return tree;
}

/** netplan installed: its systemd generator exists (content is irrelevant to the gate, only its presence). */
export const NETPLAN_GENERATOR: MemoryTree = { '/usr/lib/systemd/system-generators/netplan': { content: '\x7fELF', mode: 0o755 } };

/** A cloud-init-generated file from __tests__/data/network/cloud-init-22.4.2/<renderer>/<guest path>. */
export function cloudInitFile(renderer: string, guestPath: string): MemoryTree {
  return { [guestPath]: data(`cloud-init-22.4.2/${renderer}${guestPath}`) };
}

/** cloud-init's own advice for turning its networking off (the header of every file it renders). */
export const CLOUD_INIT_NETWORK_DISABLED: MemoryTree = {
  '/etc/cloud/cloud.cfg.d/99-disable-network-config.cfg': 'network: {config: disabled}\n',
};

/** Runs one rule over a guest tree (real collectors) for an OS state and returns "severity message" lines. */
export async function netRuleLines(rule: Rule, tree: MemoryTree, osState: OsState): Promise<string[]> {
  const { findings } = runRules([rule], await contextFromTree(tree, { osState }));
  return findings.map((f) => `${f.severity} ${f.message}`);
}

/** The same, returning the findings. */
export async function netRuleFindings(rule: Rule, tree: MemoryTree, osState: OsState) {
  return runRules([rule], await contextFromTree(tree, { osState })).findings;
}

/**
 * ifupdown's own example (debian12/ifupdown-examples-network-interfaces) "Multiple addresses can be added by simply
 * using multiple iface stanzas", uncommented: `auto eth0`, two `inet static` stanzas and an `inet6 static` one.
 */
export function ifupdownMultipleStanzasExample(): string {
  const lines = data('debian12/ifupdown-examples-network-interfaces').split('\n');
  const start = lines.indexOf('# auto eth0', lines.findIndex((l) => l.startsWith('# Multiple addresses')));
  const end = lines.indexOf('', start);
  return `${lines.slice(start, end).map((l) => l.replace(/^# ?/, '')).join('\n')}\n`;
}
