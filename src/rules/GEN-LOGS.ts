import type { Rule } from './types.js';
import { isGeneralized, listSome, traceEvidence } from './identity/shared.js';

/** Provisioning-agent logs in a generalized image. */
export const GEN_LOGS: Rule = {
  id: 'GEN-LOGS',
  title: 'Provisioning agent logs left in a generalized image',
  severity: 'warning',
  appliesTo: 'generalized',
  symptom:
    "Every VM starts with the build VM's waagent, cloud-init and extension logs (host names, extension settings, provisioning details), which also makes the first real provisioning hard to read when troubleshooting.",
  fix: 'Remove them before capture: `sudo rm -rf /var/log/waagent.log* /var/log/azure /var/log/cloud-init*.log` (or `cloud-init clean --logs`).',
  needs: ['traces'],
  applies: isGeneralized,
  check({ facts }) {
    const logs = facts!.traces!.logs;
    if (logs.length === 0) return [];
    return [{ message: `agent logs from the build VM: ${listSome(logs.map((l) => l.path))}`, evidence: logs.map((l) => traceEvidence(l)) }];
  },
};
