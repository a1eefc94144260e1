import type { Account, AccountsFacts } from '../accounts.js';

/** Overflow/nobody UIDs (65534 nobody, 4294967294 nfsnobody) are never real users, whatever UID_MIN says. */
const NOBODY_UID = 65534;

/** A human/admin account by UID range: UID_MIN ≤ uid < 65534. */
export function isRegularUser(account: Account, uidMin: number): boolean {
  return account.uid >= uidMin && account.uid < NOBODY_UID;
}

/** Keys the account's authorized_keys files hold, in total. */
export function authorizedKeyCount(account: Account): number {
  return account.authorizedKeys.reduce((n, f) => n + f.keys, 0);
}

/** The account can be logged into somehow: a usable or empty password, or an authorized key. */
export function hasCredentials(account: Account): boolean {
  return account.password.status !== 'locked' || authorizedKeyCount(account) > 0;
}

/** "alice (uid 1000): password set (sha512), 2 authorized keys (ssh-ed25519, ssh-rsa)": never a secret. */
export function describeCredentials(account: Account): string {
  const parts = [account.password.summary];
  const keys = authorizedKeyCount(account);
  if (keys > 0) {
    const types = [...new Set(account.authorizedKeys.flatMap((f) => f.types))].join(', ');
    parts.push(`${keys} authorized key${keys === 1 ? '' : 's'} (${types})`);
  }
  return `${account.name} (uid ${account.uid}): ${parts.join(', ')}`;
}

/** Regular users (UID ≥ UID_MIN) that carry credentials: leftovers of whoever built or used the image. */
export function credentialedUsers(facts: AccountsFacts): Account[] {
  return facts.accounts.filter((a) => isRegularUser(a, facts.uidMin.value) && hasCredentials(a));
}
