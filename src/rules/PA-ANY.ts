import { isGeneralized } from './identity/shared.js';
import { provisioningPaths } from './provisioning/agents.js';
import type { Rule } from './types.js';

/** A generalized image needs something that provisions the VM and reports Ready. */
export const PA_ANY: Rule = {
  id: 'PA-ANY',
  title: 'No working provisioning path',
  severity: 'error',
  appliesTo: 'generalized',
  symptom:
    'Nothing creates the admin user and reports Ready to Azure: the deployment waits and fails with OSProvisioningTimedOut ("Failing to report ready to Azure will result in your VM being rebooted").',
  fix: 'Install and enable one provisioning agent: cloud-init with the Azure datasource (e.g. `datasource_list: [ Azure ]` in /etc/cloud/cloud.cfg.d/90_dpkg.cfg), or WALinuxAgent with Provisioning.Agent=auto (or waagent) and its unit enabled; or ship a custom unit that reports Ready (Azure "no-agent" pattern).',
  needs: ['waagent', 'cloudInit'],
  applies: isGeneralized,
  check({ facts }) {
    const { waagent, cloudInit } = provisioningPaths(facts!);
    if (cloudInit.works) return [];
    if (waagent.outcome === 'provisions' || waagent.outcome === 'defers-to-cloud-init') return [];
    // fails-cloud-init-enabled implies cloud-init runs; PA-WAAGENT-MODE reports that contradiction.
    if (waagent.outcome === 'fails-cloud-init-enabled') return [];
    // When waagent waits for cloud-init, its reason already says why cloud-init fails.
    const covered = waagent.why.includes(cloudInit.why);
    return [
      {
        message: `no working provisioning path: ${covered ? waagent.why : `${waagent.why}; ${cloudInit.why}`}`,
        evidence: covered ? waagent.evidence : [...waagent.evidence, ...cloudInit.evidence],
      },
    ];
  },
};
