import type { Rule } from './types.js';
import { isGeneralized, traceEvidence } from './identity/shared.js';

/** The agent's provisioned sentinel makes a new VM skip provisioning. */
export const GEN_WAAGENT_MARKER: Rule = {
  id: 'GEN-WAAGENT-MARKER',
  title: 'waagent "provisioned" marker left in a generalized image',
  severity: 'error',
  appliesTo: 'generalized',
  symptom:
    'waagent finds <Lib.Dir>/provisioned on first boot and treats the new VM as already provisioned: it reports Ready without creating the admin user, deploying SSH keys or setting the hostname (the VM keeps the old name, user and password), or older agents never report and the deployment ends in OSProvisioningTimedOut.',
  fix: 'Run `sudo waagent -force -deprovision+user` as the last step before capture (it removes the whole Lib.Dir), or delete <Lib.Dir>/provisioned.',
  needs: ['traces'],
  applies: isGeneralized,
  check({ facts }) {
    const traces = facts!.traces!;
    const marker = traces.provisionedMarker;
    if (!marker) return [];
    return [
      {
        message: `${marker.path} exists: the provisioning agent will think this image is an already provisioned VM`,
        evidence: [traceEvidence(marker, `provisioning sentinel in Lib.Dir ${traces.libDir.path} (${traces.libDir.source === 'default' ? 'agent default' : `set at ${traces.libDir.source}`})`)],
      },
    ];
  },
};
