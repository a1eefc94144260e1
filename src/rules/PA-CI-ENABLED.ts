import { isGeneralized } from './identity/shared.js';
import { provisioningPaths, unitEvidence } from './provisioning/agents.js';
import type { FindingDraft, Rule } from './types.js';

/** cloud-init must actually run at boot when the image relies on it. */
export const PA_CI_ENABLED: Rule = {
  id: 'PA-CI-ENABLED',
  title: 'cloud-init is installed but will not run at boot',
  severity: 'error',
  appliesTo: 'generalized',
  symptom:
    'cloud-init never fetches the Azure metadata: no user, no SSH key, no Ready report (or waagent waits 30 minutes for it and reports ProvisioningFailed) → OSProvisioningTimedOut.',
  fix: 'Remove /etc/cloud/cloud-init.disabled, drop cloud-init=disabled from the kernel command line (/etc/default/grub, then regenerate grub.cfg), unmask the units (`systemctl unmask cloud-init-local.service cloud-init.service`) and enable them (`systemctl enable cloud-init-local.service cloud-init.service cloud-config.service cloud-final.service`).',
  needs: ['waagent', 'cloudInit', 'kernelCmdline'],
  applies: isGeneralized,
  check({ facts }) {
    const ci = facts!.cloudInit!;
    if (!ci.installed) return [];
    const { waagent } = provisioningPaths(facts!);
    // When waagent provisions by itself, a disabled cloud-init is the intended setup.
    if (waagent.outcome === 'provisions') return [];
    const reliance =
      waagent.handler === 'cloud-init' ? `waagent hands provisioning to cloud-init (${waagent.pickedBecause})` : 'nothing else provisions the VM';
    const findings: FindingDraft[] = ci.disabledBy.map((d) => ({
      message: `cloud-init is disabled: ${d.detail}, but ${reliance}`,
      evidence: [{ path: d.path, ...(d.line ? { line: d.line } : {}), ...(d.excerpt ? { excerpt: d.excerpt } : {}), detail: d.detail }],
    }));
    if (findings.length === 0 && !ci.boot.atBoot) {
      const generator = ci.generator ? `the generator ${ci.generator} is present` : 'there is no cloud-init generator';
      findings.push({
        message: `cloud-init will not start at boot: ${ci.boot.reason}, and ${generator}; ${reliance}`,
        evidence: [unitEvidence(ci.localUnit), ...(ci.generator ? [{ path: ci.generator }] : [])],
      });
    }
    return findings;
  },
};
