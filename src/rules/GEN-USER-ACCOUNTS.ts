import { credentialedUsers, describeCredentials, hasCredentials, isRegularUser } from '../facts/accounts/credentials.js';
import type { FindingDraft, Rule } from './types.js';
import { authorizedKeysEvidence, isGeneralized, passwordEvidence } from './identity/shared.js';

/** Leftover regular users (UID ≥ UID_MIN): with credentials an error, without them a warning. */
export const GEN_USER_ACCOUNTS: Rule = {
  id: 'GEN-USER-ACCOUNTS',
  title: 'User accounts with credentials left in a generalized image',
  severity: 'error',
  appliesTo: 'generalized',
  symptom:
    "Every VM from the image carries the build or previous admin user with a working password or key: a default credential on every deployment. If that name equals the admin user name of a deployment, waagent skips creating it ('User already exists') and keeps its home and groups.",
  fix: 'Remove the user before capture (`sudo waagent -force -deprovision+user` removes the provisioned one; `sudo userdel -r <name>` for others), or at least lock it (`usermod -L`) and delete its authorized_keys.',
  needs: ['accounts'],
  applies: isGeneralized,
  check({ facts }) {
    const accounts = facts!.accounts!;
    const uidMin = accounts.uidMin;
    const uidMinSource = uidMin.line === undefined ? 'shadow-utils default' : `/etc/login.defs:${uidMin.line}`;
    const findings: FindingDraft[] = credentialedUsers(accounts).map((account) => ({
      message: `${describeCredentials(account)} (UID_MIN ${uidMin.value}, ${uidMinSource})`,
      evidence: [
        passwordEvidence(account),
        ...authorizedKeysEvidence(account),
        ...account.sudoers.map((s) => ({ path: s.path, line: s.line, excerpt: `sudoers rule for ${s.user}` })),
      ],
    }));
    const leftovers = accounts.accounts.filter((a) => isRegularUser(a, uidMin.value) && !hasCredentials(a) && a.homeExists);
    for (const account of leftovers) {
      findings.push({
        severity: 'warning',
        message: `${account.name} (uid ${account.uid}) has no credentials but is left with its home ${account.home}`,
        evidence: [{ path: '/etc/passwd', line: account.passwdLine, excerpt: `${account.name} (uid ${account.uid}), home ${account.home}, shell ${account.shell}` }],
        symptom: 'Harmless for login, but if a deployment asks for this admin user name waagent skips creating it and keeps the old home, groups and sudoers rules.',
      });
    }
    return findings;
  },
};
