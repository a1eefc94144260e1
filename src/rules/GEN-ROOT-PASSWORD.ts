import type { FindingDraft, Rule } from './types.js';
import { isGeneralized, passwordEvidence } from './identity/shared.js';

/** A usable root password, or any empty password field, in a generalized image. */
export const GEN_ROOT_PASSWORD: Rule = {
  id: 'GEN-ROOT-PASSWORD',
  title: 'Root password set, or an empty password, in a generalized image',
  severity: 'error',
  appliesTo: 'generalized',
  symptom:
    'Every VM from the image has the same root password (a default credential that Azure never changes), and an empty password field lets anyone in wherever PAM allows nullok (console, su).',
  fix: 'Lock root before capture: `sudo passwd -l root` (or waagent with Provisioning.DeleteRootPassword=y, which writes root:*LOCK*); lock empty-password accounts with `usermod -L` or set `*` in /etc/shadow. Avoid `passwd -d`, which leaves an empty field.',
  needs: ['accounts'],
  applies: isGeneralized,
  check({ facts }) {
    const findings: FindingDraft[] = [];
    for (const account of facts!.accounts!.accounts) {
      if (account.uid === 0 && account.password.status === 'usable') {
        findings.push({ message: `${account.name} (uid 0) has a usable password: ${account.password.summary}`, evidence: [passwordEvidence(account)] });
      } else if (account.password.status === 'empty') {
        findings.push({ message: `${account.name} (uid ${account.uid}) has an empty password field: no password is needed`, evidence: [passwordEvidence(account)] });
      }
    }
    return findings;
  },
};
