import type { Account, AccountsFacts } from '../accounts.js';
import type { SshdSettings, SshdValue } from '../sshd/effective.js';
import { globToRegExp } from '../../guest/guest-fs.js';
import { authorizedKeyCount } from './credentials.js';

/** One way into the machine over SSH as it is configured. */
export interface LoginPath {
  account: string;
  uid: number;
  method: 'password' | 'publickey';
  /** "alice (uid 1000): password set (sha512), PasswordAuthentication yes (default)". */
  statement: string;
}

/** An account that has credentials but cannot log in over SSH, and why. */
export interface RefusedLogin {
  account: string;
  uid: number;
  reason: string;
  /** The sshd setting that refuses it, when it is one. */
  source?: { path: string; line: number };
}

/** Who could log in over SSH, and who holds credentials but could not. */
export interface LoginAnalysis {
  paths: LoginPath[];
  refused: RefusedLogin[];
}

/**
 * Works out SSH login paths in sshd's default (non-Match) context, as sshd decides them:
 * the account must not be expired and must have a real shell; DenyUsers, AllowUsers,
 * DenyGroups, AllowGroups (auth.c allowed_user order) must let it through; root is further
 * limited by PermitRootLogin; then a usable password needs PasswordAuthentication (or
 * KbdInteractiveAuthentication with UsePAM), and authorized keys need PubkeyAuthentication.
 * An empty password is not a path: sshd's PermitEmptyPasswords defaults to no.
 */
export function analyzeLoginPaths(accounts: AccountsFacts, sshd: SshdSettings): LoginAnalysis {
  const out: LoginAnalysis = { paths: [], refused: [] };
  for (const account of accounts.accounts) {
    const hasPassword = account.password.status === 'usable';
    const keys = authorizedKeyCount(account);
    if (!hasPassword && keys === 0) continue;
    const refuse = (reason: string, source?: { path: string; line: number }) =>
      out.refused.push({ account: account.name, uid: account.uid, reason, ...(source ? { source } : {}) });

    if (account.accountExpired) {
      refuse(`account expired on ${account.expiresOn}`);
      continue;
    }
    if (!account.loginShell) {
      refuse(`shell ${account.shell} refuses logins`);
      continue;
    }
    const denied = accessDenied(account, sshd);
    if (denied) {
      refuse(denied.reason, denied.source);
      continue;
    }
    const root = account.uid === 0;
    const permit = sshd.permitRootLogin;
    if (root && permit.value === 'no') {
      refuse(`PermitRootLogin no${at(permit)}`, permit.source);
      continue;
    }
    const passwordAllowed = sshd.passwordAuthentication.value || (sshd.kbdInteractiveAuthentication.value && sshd.usePam.value);
    if (hasPassword) {
      const passwordSetting = sshd.passwordAuthentication.value ? sshd.passwordAuthentication : sshd.kbdInteractiveAuthentication;
      const name = sshd.passwordAuthentication.value ? 'PasswordAuthentication' : 'KbdInteractiveAuthentication (with UsePAM)';
      if (!passwordAllowed) refuse(`password set but PasswordAuthentication no${at(sshd.passwordAuthentication)}`, sshd.passwordAuthentication.source);
      else if (root && permit.value !== 'yes') refuse(`root password set but PermitRootLogin ${permit.value}${at(permit)}`, permit.source);
      else {
        const change = account.mustChangePassword ? ', must be changed at first login' : '';
        out.paths.push({ account: account.name, uid: account.uid, method: 'password', statement: `${account.name} (uid ${account.uid}): ${account.password.summary}${change}; ${name} yes${at(passwordSetting)}` });
      }
    }
    if (keys > 0) {
      const pubkey = sshd.pubkeyAuthentication;
      if (!pubkey.value) refuse(`${keys} authorized keys but PubkeyAuthentication no${at(pubkey)}`, pubkey.source);
      else out.paths.push({ account: account.name, uid: account.uid, method: 'publickey', statement: `${account.name} (uid ${account.uid}): ${keys} authorized key${keys === 1 ? '' : 's'} in ${account.authorizedKeys.filter((f) => f.keys > 0).map((f) => f.path).join(', ')}; PubkeyAuthentication yes${at(pubkey)}` });
    }
  }
  return out;
}

/** " (/etc/ssh/sshd_config:12)" or " (OpenSSH default)". */
function at(value: SshdValue<unknown>): string {
  return value.source ? ` (${value.source.path}:${value.source.line})` : ' (OpenSSH default)';
}

/** sshd's user/group access lists, in auth.c order; host-qualified patterns are ignored (they depend on the client). */
function accessDenied(account: Account, sshd: SshdSettings): { reason: string; source?: { path: string; line: number } } | undefined {
  const userMatches = (patterns: string[], requireHostless: boolean) =>
    patterns.some((p) => {
      const [user, host] = p.split('@');
      if (requireHostless && host !== undefined) return false;
      return globToRegExp(user!.replace(/^!/, '')).test(account.name) && !user!.startsWith('!');
    });
  const groupMatches = (patterns: string[]) => account.groups.some((g) => patterns.some((p) => globToRegExp(p).test(g)));

  if (userMatches(sshd.denyUsers.value, true)) return { reason: `listed in DenyUsers${at(sshd.denyUsers)}`, source: sshd.denyUsers.source };
  if (sshd.allowUsers.value.length > 0 && !userMatches(sshd.allowUsers.value, false)) {
    return { reason: `not listed in AllowUsers${at(sshd.allowUsers)}`, source: sshd.allowUsers.source };
  }
  if (groupMatches(sshd.denyGroups.value)) return { reason: `a group is listed in DenyGroups${at(sshd.denyGroups)}`, source: sshd.denyGroups.source };
  if (sshd.allowGroups.value.length > 0 && !groupMatches(sshd.allowGroups.value)) {
    return { reason: `no group listed in AllowGroups${at(sshd.allowGroups)}`, source: sshd.allowGroups.source };
  }
  return undefined;
}
