import type { Rule } from './types.js';
import { isGeneralized, traceEvidence } from './identity/shared.js';

/** Marketplace certification's "Bash history" test fails above this size. */
const MARKETPLACE_LIMIT = 1024;

/** Shell and tool histories in a generalized image. */
export const GEN_HISTORY: Rule = {
  id: 'GEN-HISTORY',
  title: 'Shell history left in a generalized image',
  severity: 'warning',
  appliesTo: 'generalized',
  symptom:
    'Histories ship the build commands (often with tokens, passwords or internal host names) to every VM; Azure Marketplace certification fails an image whose bash history is larger than 1 KB.',
  fix: 'Delete them as the last step before capture: `sudo rm -f /root/.bash_history /home/*/.bash_history` (and the other files listed), then `history -c` / `export HISTSIZE=0` in the capturing shell.',
  needs: ['traces'],
  applies: isGeneralized,
  check({ facts }) {
    return facts!.traces!.histories.map((h) => ({
      message: `${h.path} (${h.size} bytes${h.size > MARKETPLACE_LIMIT ? ', over the Marketplace 1 KB limit' : ''})`,
      evidence: [traceEvidence(h, 'history, content not shown')],
    }));
  },
};
