import type { Rule } from './types.js';
import { count, isGeneralized, traceEvidence } from './identity/shared.js';

/** SSH host keys baked into a generalized image are shared by every VM made from it. */
export const GEN_SSH_HOSTKEYS: Rule = {
  id: 'GEN-SSH-HOSTKEYS',
  title: 'SSH host keys left in a generalized image',
  severity: 'error',
  appliesTo: 'generalized',
  symptom:
    "Every VM deployed from the image presents the same SSH host identity unless an agent regenerates the keys (Ubuntu's waagent.conf has RegenerateSshHostKeyPair=n; a waagent-only image keeps them): one leaked image key lets anyone impersonate all of them.",
  fix: 'Delete them before capture: `sudo rm -f /etc/ssh/ssh_host_*key*`, and make sure something creates new ones at first boot (cloud-init ssh module, waagent RegenerateSshHostKeyPair=y, or sshd-keygen).',
  needs: ['traces'],
  applies: isGeneralized,
  check({ facts }) {
    const keys = facts!.traces!.hostKeys;
    if (keys.length === 0) return [];
    const privateKeys = keys.filter((k) => !k.public).length;
    return [
      {
        message: `${count(keys.length, 'SSH host key file')} in /etc/ssh (${privateKeys} private): every VM would share this host identity`,
        evidence: keys.map((k) => traceEvidence({ path: k.path, type: 'file', size: k.size }, k.public ? 'public host key' : 'private host key, content not read')),
      },
    ];
  },
};
