import type { FindingDraft, Rule } from './types.js';
import { count, isGeneralized, listSome, traceEvidence } from './identity/shared.js';

/** How many state entries a finding shows as evidence. */
const MAX_EVIDENCE = 10;

/** A previous deployment's agent state under Lib.Dir: ovf-env.xml (error) and everything else (warning). */
export const GEN_WAAGENT_STATE: Rule = {
  id: 'GEN-WAAGENT-STATE',
  title: 'waagent state (ovf-env.xml, goal state, certificates) left in a generalized image',
  severity: 'error',
  appliesTo: 'generalized',
  symptom:
    "ovf-env.xml carries the previous deployment's admin user, password settings and custom data into every VM made from the image (a secret leak, and the agent's deprovision+user reads the user name from it); other Lib.Dir state (goal state, certificates, extension settings) is stale and may hold protected settings.",
  fix: 'Run `sudo waagent -force -deprovision+user` before capture (it removes Lib.Dir), or delete the files listed.',
  needs: ['traces'],
  applies: isGeneralized,
  check({ facts }) {
    const traces = facts!.traces!;
    const findings: FindingDraft[] = [];
    if (traces.ovfEnv) {
      findings.push({
        message: `${traces.ovfEnv.path} is present: a previous deployment's provisioning data (admin user, password settings, custom data) ships with the image`,
        evidence: [traceEvidence(traces.ovfEnv, 'provisioning data, content not read')],
      });
    }
    if (traces.waagentState.length > 0) {
      const names = traces.waagentState.map((t) => t.path.slice(t.path.lastIndexOf('/') + 1));
      findings.push({
        severity: 'warning',
        message: `${count(traces.waagentState.length, 'entry', 'entries')} of agent state under ${traces.libDir.path}: ${listSome(names)}`,
        evidence: traces.waagentState.slice(0, MAX_EVIDENCE).map((t) => traceEvidence(t)),
      });
    }
    return findings;
  },
};
