import type { MemoryTree } from '../../../src/fs/memory/memory-fs.js';
import type { OsState } from '../../../src/intent/types.js';
import { runRules } from '../../../src/rules/engine.js';
import type { Rule } from '../../../src/rules/types.js';
import { contextFromTree } from '../../helpers/rule-context.js';
import { packageTree } from '../agents/tree.js';
import { corpusWaagentFile, identityFile } from './files.js';

/** Links `systemctl enable ssh` creates on Debian (deb-systemd-helper). */
export const SSH_ENABLED: MemoryTree = {
  '/etc/systemd/system/multi-user.target.wants/ssh.service': { symlink: '/lib/systemd/system/ssh.service' },
  '/etc/systemd/system/sshd.service': { symlink: '/lib/systemd/system/ssh.service' },
};

/** A Debian 12 system as the packages leave it, before any user exists: real systemd and openssh units, sshd enabled. */
export function debianBase(): MemoryTree {
  return {
    ...packageTree('systemd', 'openssh-server'),
    ...SSH_ENABLED,
    '/usr/sbin/sshd': 'ELF placeholder: only presence is checked',
    // usrmerge layout; sshd refuses users whose shell is missing, so the image has bash.
    '/bin': { symlink: 'usr/bin' },
    '/usr/bin/bash': 'ELF placeholder: only presence is checked',
    '/etc/passwd': identityFile('deprovisioned/etc/passwd'),
    '/etc/shadow': identityFile('deprovisioned/etc/shadow').replace('root:*LOCK*:14600::::::', 'root:*:19000:0:99999:7:::'),
    '/etc/login.defs': identityFile('provisioned/etc/login.defs'),
    '/etc/ssh/sshd_config': identityFile('debian-openssh/sshd_config'),
  };
}

/** The same system after it ran on Azure: users with passwords and keys, agent marker, host keys, leases. */
export function usedVm(): MemoryTree {
  return {
    ...debianBase(),
    '/etc/passwd': identityFile('provisioned/etc/passwd'),
    '/etc/shadow': identityFile('provisioned/etc/shadow'),
    '/home/alice/.ssh/authorized_keys': identityFile('authorized_keys'),
    '/home/bob': { dir: true },
    '/home/carol': { dir: true },
    '/var/lib/waagent/provisioned': '',
    '/var/lib/waagent/ovf-env.xml': corpusWaagentFile('ovf-env/ovf-env.xml'),
    '/etc/ssh/ssh_host_ed25519_key': 'private key placeholder',
    '/etc/ssh/ssh_host_ed25519_key.pub': 'ssh-ed25519 AAAA placeholder',
    '/etc/machine-id': '4a3f0c5e9b1d4e2f8a7b6c5d4e3f2a1b\n',
    '/var/lib/dhcp/dhclient.eth0.leases': corpusWaagentFile('dhcp/dhclient-dhcp.leases'),
    '/etc/hostname': 'web-01\n',
  };
}

/** The used system after `waagent -force -deprovision+user` (default waagent.conf) and `truncate -s 0 /etc/machine-id`. */
export function deprovisioned(): MemoryTree {
  return {
    ...debianBase(),
    '/etc/shadow': identityFile('deprovisioned/etc/shadow'),
    '/etc/machine-id': '',
    '/etc/hostname': 'localhost.localdomain\n',
  };
}

/** A tree without some paths (for "remove this trace" cases). */
export function without(tree: MemoryTree, ...paths: string[]): MemoryTree {
  const copy = { ...tree };
  for (const p of paths) delete copy[p];
  return copy;
}

/** Runs one rule through the engine over a guest tree, with real collectors. */
export async function runRuleOn(rule: Rule, tree: MemoryTree, osState: OsState) {
  const ctx = await contextFromTree(tree, { osState });
  return runRules([rule], ctx);
}
