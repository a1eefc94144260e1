import { isGeneralized } from './identity/shared.js';
import { provisioningPaths, type WaagentOutcome } from './provisioning/agents.js';
import type { FindingDraft, Rule } from './types.js';

/** Azure's symptom for each failing waagent outcome. */
const SYMPTOMS: Partial<Record<WaagentOutcome, string>> = {
  'fails-cloud-init-enabled':
    'waagent reports NotReady/ProvisioningFailed ("cloud-init appears to be installed and enabled, this is not expected, cannot continue"): the deployment fails with OSProvisioningClientError.',
  'waits-for-cloud-init':
    'waagent waits 30 minutes for cloud-init to copy ovf-env.xml, logs "Giving up", and reports ProvisioningFailed: the deployment times out (OSProvisioningTimedOut).',
  'ready-without-provisioning':
    'waagent reports Ready without provisioning: the deployment "succeeds" but no admin user, password or SSH key is created, so nobody can log in.',
  'does-not-start': 'The agent exits at start-up: nothing reports Ready and the deployment ends in OSProvisioningTimedOut.',
};

/** Fix for each failing outcome. */
const FIXES: Partial<Record<WaagentOutcome, string>> = {
  'fails-cloud-init-enabled': 'Set Provisioning.Agent=auto (or cloud-init) in /etc/waagent.conf so waagent defers to cloud-init, or disable cloud-init (touch /etc/cloud/cloud-init.disabled) if waagent should provision.',
  'waits-for-cloud-init': 'Make cloud-init run with the Azure datasource (see PA-CI-ENABLED, PA-CI-DATASOURCE), or set Provisioning.Agent=auto/waagent so waagent provisions itself.',
  'ready-without-provisioning': 'Set Provisioning.Agent=auto (or waagent) in /etc/waagent.conf, or install and enable cloud-init with the Azure datasource.',
  'does-not-start': 'Restore /etc/waagent.conf from the distribution package (it must exist and not be empty).',
};

/** Provisioning.Agent evaluated the way WALinuxAgent evaluates it, against cloud-init's real state. */
export const PA_WAAGENT_MODE: Rule = {
  id: 'PA-WAAGENT-MODE',
  title: "waagent's Provisioning.Agent contradicts the cloud-init setup",
  severity: 'error',
  appliesTo: 'generalized',
  symptom: SYMPTOMS['waits-for-cloud-init']!,
  fix: FIXES['waits-for-cloud-init']!,
  needs: ['waagent', 'cloudInit'],
  applies: isGeneralized,
  check({ facts }) {
    const { waagent, cloudInit } = provisioningPaths(facts!);
    const failing: WaagentOutcome[] = ['fails-cloud-init-enabled', 'waits-for-cloud-init', 'does-not-start'];
    // Ready without provisioning is harmless when cloud-init provisions (the cloud-init-only pattern).
    if (waagent.outcome === 'ready-without-provisioning' && !cloudInit.works) failing.push('ready-without-provisioning');
    if (!failing.includes(waagent.outcome)) return [];
    const finding: FindingDraft = {
      message: waagent.why,
      evidence: waagent.evidence,
      symptom: SYMPTOMS[waagent.outcome],
      fix: FIXES[waagent.outcome],
    };
    return [finding];
  },
};
