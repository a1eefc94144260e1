import type { Intent, IntentField } from '../intent/types.js';

/** Display order and names of intent fields in every report. */
export const intentFields: readonly IntentField[] = [
  'osState',
  'hyperVGeneration',
  'architecture',
  'securityType',
  'acceleratedNetworking',
  'diskControllerTypes',
];

/** The value of one intent field as text, or undefined when it is not set. */
export function intentValue(intent: Intent, field: IntentField): string | undefined {
  const value = intent[field];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** "osState generalized (--os-state)" for every set field, in display order. */
export function intentSummary(intent: Intent): string[] {
  return intentFields.flatMap((field) => {
    const value = intentValue(intent, field);
    if (value === undefined) return [];
    const source = intent.sources[field];
    return [`${field} ${value}${source ? ` (${source})` : ''}`];
  });
}

/** " (differs from the intended generalized)" when the image clearly looks like the other OS state; else "". */
export function osStateMismatch(intent: Intent, detected: 'generalized' | 'specialized' | 'unclear'): string {
  if (detected === 'unclear' || intent.osState === undefined || intent.osState === detected) return '';
  return ` (differs from the intended ${intent.osState})`;
}
