import type { CloudInitFacts } from '../cloud-init.js';
import type { CloudInitNetworking } from './in-force.js';

/**
 * What the network facts need from the cloud-init facts: does cloud-init run on the new
 * instance, and is its network configuration disabled. The one place that maps
 * CloudInitFacts' fields, so a change there is a change here only.
 */
export function cloudInitNetworking(facts: CloudInitFacts | undefined): CloudInitNetworking {
  if (!facts) return { runs: undefined, networkConfigDisabled: undefined, reason: 'cloud-init facts could not be collected' };
  const disabledAt = facts.networkConfigDisabled[0];
  const network = disabledAt
    ? `its network configuration is disabled at ${disabledAt.path}:${disabledAt.line} (${disabledAt.excerpt})`
    : 'its network configuration is not disabled';
  const out: CloudInitNetworking = {
    runs: facts.enabled,
    networkConfigDisabled: disabledAt !== undefined,
    reason: !facts.installed
      ? 'cloud-init is not installed'
      : !facts.enabled
        ? `cloud-init does not run at boot (${facts.disabledBy[0]?.detail ?? facts.boot.reason})`
        : `cloud-init runs at boot and ${network}`,
  };
  if (disabledAt) out.networkDisabledAt = { path: disabledAt.path, line: disabledAt.line, excerpt: disabledAt.excerpt };
  return out;
}
