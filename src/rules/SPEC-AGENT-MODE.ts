import { isSpecialized } from './identity/shared.js';
import { provisioningPaths } from './provisioning/agents.js';
import type { Rule } from './types.js';

/** On a specialized image waagent must not try to provision. */
export const SPEC_AGENT_MODE: Rule = {
  id: 'SPEC-AGENT-MODE',
  title: 'waagent will try to provision a specialized VM',
  severity: 'warning',
  appliesTo: 'specialized',
  symptom:
    'Azure attaches no provisioning media to a VM from a specialized image; waagent (Provisioning.Agent auto/waagent, no cloud-init, no provisioned marker) tries to mount it and reports ProvisioningFailed.',
  fix: 'Set Provisioning.Agent=disabled in /etc/waagent.conf (Azure: "If you\'re migrating a specific virtual machine ... set Provisioning.Agent=disabled"), or keep <Lib.Dir>/provisioned from the source VM.',
  needs: ['waagent', 'cloudInit'],
  applies: isSpecialized,
  check({ facts }) {
    const waagent = facts!.waagent!;
    const { waagent: path } = provisioningPaths(facts!);
    if (path.outcome !== 'provisions' || waagent.provisionedMarker.present) return [];
    return [
      {
        message: `${path.why}, and ${waagent.provisionedMarker.path} is absent: waagent will try to provision this specialized VM`,
        evidence: [...path.evidence, { path: waagent.provisionedMarker.path, detail: 'absent' }],
      },
    ];
  },
};
