import type { DetectedState } from '../model.js';
import type { Facts } from './index.js';

/** PLACEHOLDER: replaced by the module's owner (identity/traces helper). */
export function detectOsState(facts: Facts | undefined): DetectedState {
  void facts;
  return { osState: 'unclear', evidence: [] };
}
