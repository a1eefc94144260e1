import type { Rule } from './types.js';
import { isSpecialized } from './identity/shared.js';

/** A specialized image whose sshd has no host keys and nothing to create them. */
export const SPEC_SSHD_KEYGEN: Rule = {
  id: 'SPEC-SSHD-KEYGEN',
  title: 'No SSH host keys and no generator in a specialized image',
  severity: 'error',
  appliesTo: 'specialized',
  symptom:
    'sshd refuses to start without host keys ("sshd: no hostkeys available -- exiting"; Debian/Ubuntu ssh.service runs `sshd -t` first and fails), and a specialized VM gets no provisioning that would create them: the VM runs but nobody can log in over SSH.',
  fix: 'Keep the host keys when capturing a specialized image (do not run `waagent -deprovision` or `rm /etc/ssh/ssh_host_*`), or create them with `sudo ssh-keygen -A` before capture, or enable a generator (sshd-keygen@.service, or cloud-init, which creates keys for every new instance).',
  needs: ['sshd', 'cloudInit'],
  applies: isSpecialized,
  check({ facts }) {
    const sshd = facts!.sshd!;
    if (!sshd.daemonPath || !sshd.enabledAtBoot) return [];
    if (sshd.configuredHostKeys.some((k) => k.present) || sshd.keyGenerator) return [];
    const cloudInit = facts!.cloudInit!;
    if (cloudInit.enabled) return [];
    const started = sshd.units.filter((u) => u.atBoot).map((u) => u.unit);
    return [
      {
        message: `sshd starts at boot (${started.join(', ')}) but none of its host keys exists and nothing generates them (no sshd-keygen unit, cloud-init not enabled)`,
        evidence: [
          ...sshd.configuredHostKeys.map((k) => ({ path: k.path, detail: 'host key sshd loads: absent' })),
          ...(sshd.hostKeys.length > 0 ? [{ path: '/etc/ssh', detail: `other host key files: ${sshd.hostKeys.map((k) => k.path).join(', ')}` }] : []),
          { detail: `cloud-init: ${cloudInit.installed ? 'installed but not started at boot' : 'not installed'}` },
        ],
      },
    ];
  },
};
