import type { Rule } from './types.js';

/**
 * Every rule, in report order. One explicit array: adding a rule means adding it here,
 * its docs page (docs/rules/<ID>.md) and its table test; the meta-test checks all three.
 */
export const rules: Rule[] = [
  // --- disk and boot (A, B) ---
  // --- provisioning agents (D) ---
  // --- deprovision traces and specialized readiness (E, F) ---
  // --- network (G) ---
];
