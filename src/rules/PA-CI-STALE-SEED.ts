import { excerptOf } from '../facts/excerpt.js';
import { isGeneralized } from './identity/shared.js';
import { cloudInitRuns } from './provisioning/agents.js';
import type { FindingDraft, Rule } from './types.js';

/** Leftovers that make a datasource other than Azure win. */
export const PA_CI_STALE_SEED: Rule = {
  id: 'PA-CI-STALE-SEED',
  title: 'Stale NoCloud seed or datasource override',
  severity: 'error',
  appliesTo: 'generalized',
  symptom:
    'cloud-init finds the build-time NoCloud seed (NoCloud is tried before Azure) or a forced datasource and never talks to Azure: no user from the deployment, no Ready report → OSProvisioningTimedOut.',
  fix: 'Run `cloud-init clean --seed --logs` before capture, remove ds=/ci.ds= from the kernel command line (/etc/default/grub, regenerate grub.cfg), and delete /etc/cloud/ds-identify.cfg.',
  needs: ['cloudInit', 'kernelCmdline'],
  applies: isGeneralized,
  check({ facts }) {
    const ci = facts!.cloudInit!;
    // A cloud-init that does not run cannot be misled; PA-CI-ENABLED reports it when it should run.
    if (!cloudInitRuns(ci)) return [];
    const kernel = facts!.kernelCmdline!;
    const findings: FindingDraft[] = ci.staleSeeds.map((seed) => ({
      message: `${seed.path} holds a NoCloud seed (${seed.files.join(', ')}): NoCloud is tried before Azure`,
      evidence: [{ path: seed.path, detail: `${seed.files.length} entr${seed.files.length === 1 ? 'y' : 'ies'}: ${seed.files.join(', ')}` }],
    }));
    for (const arg of [...kernel.flags.ds, ...kernel.flags.ciDs]) {
      if (/^azure$/i.test(arg.value ?? '')) continue;
      findings.push({
        // The argument can carry a seed URL with a password (ds=nocloud;s=http://user:pw@host/): quoted through the allow-list.
        message: `kernel command line forces datasource ${excerptOf(arg.raw)}`,
        evidence: arg.sources.map((s) => ({ path: s.path, ...(s.line ? { line: s.line } : {}), excerpt: excerptOf(arg.raw), detail: s.label })),
      });
    }
    const diCfg = ci.datasource.dsIdentify.configFile;
    if (diCfg) {
      const pins = diCfg.lines.filter((l) => /^(datasource|policy)\s*:/.test(l.excerpt));
      findings.push({
        message: `${diCfg.path} exists${pins.length > 0 ? ` and pins ${pins.map((p) => p.excerpt).join('; ')}` : ''}: ds-identify's decision is overridden`,
        evidence: pins.length > 0 ? pins.map((p) => ({ path: p.path, line: p.line, excerpt: p.excerpt })) : [{ path: diCfg.path }],
      });
    }
    return findings;
  },
};
