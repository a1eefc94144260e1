import type { FindingDraft, Rule } from './types.js';

/** waagent.conf keys the agent ignores, and switch values it silently replaces by the default. */
export const PA_WAAGENT_DEAD_KEYS: Rule = {
  id: 'PA-WAAGENT-DEAD-KEYS',
  title: 'waagent.conf settings the agent ignores',
  severity: 'info',
  appliesTo: 'both',
  symptom:
    'None by itself, but the setting does not do what it says: Provisioning.Enabled and Provisioning.UseCloudInit are not read by WALinuxAgent 2.2.45+, and a switch that is not y/n falls back to its default.',
  fix: 'Use Provisioning.Agent (auto | waagent | cloud-init | disabled) instead of Provisioning.Enabled/UseCloudInit, and write switches as y or n.',
  needs: ['waagent'],
  applies: () => true,
  check({ facts }) {
    const waagent = facts!.waagent!;
    const findings: FindingDraft[] = waagent.deadKeys.map((line) => ({
      message: `${line.key} is ignored by the agent (only Provisioning.Agent=${waagent.provisioningAgent} decides provisioning)`,
      evidence: [{ path: waagent.conf.path, line: line.line, excerpt: line.excerpt }],
    }));
    for (const setting of waagent.invalidSettings) {
      findings.push({
        message: `${setting.key}: ${setting.invalid}, so the agent uses the default ${String(setting.value)}`,
        evidence: setting.line ? [{ path: waagent.conf.path, line: setting.line.line, excerpt: setting.line.excerpt }] : [],
      });
    }
    return findings;
  },
};
