import { detectOsState } from '../facts/os-state.js';
import type { Rule } from './types.js';
import { isSpecialized } from './identity/shared.js';

/** The image looks generalized (deprovisioned) but is declared specialized. */
export const SPEC_NOT_DEPROVISIONED: Rule = {
  id: 'SPEC-NOT-DEPROVISIONED',
  title: 'Image looks generalized but is declared specialized',
  severity: 'warning',
  appliesTo: 'specialized',
  symptom:
    'A generalized OS uploaded as specialized: Azure sends no provisioning data, the agent or cloud-init waits for it, and "the new VM will fail to progress past the provisioning stage with a provisioning timeout error" (Azure: custom Linux image provisioning errors).',
  fix: 'Register the image definition as Generalized (osState Generalized) if the image was deprovisioned, or capture the VM again without running `waagent -deprovision` if it must be specialized.',
  needs: ['traces', 'accounts'],
  applies: isSpecialized,
  check({ facts }) {
    const detected = detectOsState(facts);
    if (detected.osState !== 'generalized') return [];
    return [
      {
        message: 'The image looks deprovisioned (generalized) but the image definition says Specialized',
        evidence: detected.evidence.map((detail) => ({ detail })),
      },
    ];
  },
};
