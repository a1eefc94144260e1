import { isGeneralized } from './identity/shared.js';
import { cloudInitRuns } from './provisioning/agents.js';
import type { Rule } from './types.js';

/** Ubuntu installer leftovers in cloud.cfg.d. */
export const PA_CI_INSTALLER_CFG: Rule = {
  id: 'PA-CI-INSTALLER-CFG',
  title: 'Ubuntu installer (subiquity/curtin) cloud-init drop-ins left in the image',
  severity: 'error',
  appliesTo: 'generalized',
  symptom:
    'The installer drop-ins pin a None/NoCloud datasource, disable cloud-init networking or preserve installer settings: cloud-init ignores the Azure metadata and provisioning times out (azure-docs #50407).',
  fix: 'Delete them before capture: `rm -f /etc/cloud/cloud.cfg.d/99-installer.cfg /etc/cloud/cloud.cfg.d/subiquity-disable-cloudinit-networking.cfg /etc/cloud/cloud.cfg.d/50-curtin-networking.cfg /etc/cloud/cloud.cfg.d/curtin-preserve-sources.cfg` (Azure\'s Ubuntu preparation guide).',
  needs: ['cloudInit'],
  applies: isGeneralized,
  check({ facts }) {
    const ci = facts!.cloudInit!;
    // A cloud-init that does not run cannot be misled; PA-CI-ENABLED reports it when it should run.
    if (!cloudInitRuns(ci)) return [];
    return ci.installerLeftovers.map((path) => ({
      message: `${path} is an Ubuntu installer leftover`,
      evidence: [{ path }],
    }));
  },
};
