import type { Rule } from './types.js';
import { isGeneralized, listSome, traceEvidence } from './identity/shared.js';

const MAX_EVIDENCE = 10;

/** cloud-init per-instance state under /var/lib/cloud in a generalized image. */
export const GEN_CLOUDINIT_STATE: Rule = {
  id: 'GEN-CLOUDINIT-STATE',
  title: 'cloud-init instance state left in a generalized image',
  severity: 'error',
  appliesTo: 'generalized',
  symptom:
    "cloud-init finds a previous instance's cache: with manual_cache_clean it trusts the old datasource and skips provisioning, a stale data/reported_ready makes the Azure datasource wait as a pre-provisioned VM, and per-once modules do not run on new VMs; instance data also leaks the previous deployment's metadata.",
  fix: 'Run `sudo cloud-init clean --logs --seed` as the last step before capture (add `--machine-id` on systemd distributions).',
  needs: ['traces'],
  applies: isGeneralized,
  check({ facts }) {
    const state = facts!.traces!.cloudInitState;
    if (state.length === 0) return [];
    return [
      {
        message: `cloud-init state from a previous instance: ${listSome(state.map((t) => t.path))}`,
        evidence: state.slice(0, MAX_EVIDENCE).map((t) => traceEvidence(t)),
      },
    ];
  },
};
