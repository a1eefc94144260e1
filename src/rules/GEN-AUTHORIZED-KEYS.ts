import type { Rule } from './types.js';
import { authorizedKeysEvidence, isGeneralized } from './identity/shared.js';

/** Any account's non-empty authorized_keys in a generalized image. */
export const GEN_AUTHORIZED_KEYS: Rule = {
  id: 'GEN-AUTHORIZED-KEYS',
  title: 'authorized_keys with keys left in a generalized image',
  severity: 'error',
  appliesTo: 'generalized',
  symptom:
    'Whoever holds the matching private key can log in to every VM made from the image, next to the keys the deployment asks for (Marketplace certification: "never send default credentials").',
  fix: 'Delete the files before capture (`rm -f /root/.ssh/authorized_keys /home/*/.ssh/authorized_keys*`); provision keys through the deployment instead.',
  needs: ['accounts'],
  applies: isGeneralized,
  check({ facts }) {
    return facts!.accounts!.accounts
      .map((account) => ({ account, evidence: authorizedKeysEvidence(account) }))
      .filter(({ evidence }) => evidence.length > 0)
      .map(({ account, evidence }) => ({
        message: `${account.name} (uid ${account.uid}) has authorized SSH keys: ${evidence.map((e) => `${e.path}: ${e.detail}`).join('; ')}`,
        evidence,
      }));
  },
};
