import type { Account, AccountsFacts } from '../accounts.js';
import { applyMatchOverrides, type SshdSettings, type SshdSource, type SshdValue } from '../sshd/effective.js';
import { evaluateMatch } from '../sshd/match-criteria.js';
import { globToRegExp } from '../../guest/guest-fs.js';
import { authorizedKeyCount } from './credentials.js';

/** One way into the machine over SSH as it is configured. */
export interface LoginPath {
  /** Login name. */
  account: string;
  /** User ID. */
  uid: number;
  /** How sshd would authenticate the account. */
  method: 'password' | 'publickey';
  /** "alice (uid 1000): password set (sha512), PasswordAuthentication yes (default)". */
  statement: string;
  /** Set when the path exists only for connections matching these Match blocks ("Match Address 10.0.0.0/8"). */
  conditional?: string;
}

/** An account that has credentials but cannot log in over SSH, and why. */
export interface RefusedLogin {
  /** Login name. */
  account: string;
  /** User ID. */
  uid: number;
  /** "password set but PasswordAuthentication no (/etc/ssh/sshd_config:57)". */
  reason: string;
  /** The sshd setting that refuses it, when it is one. */
  source?: { path: string; line: number };
}

/** Who could log in over SSH, and who holds credentials but could not. */
export interface LoginAnalysis {
  /** Every way in, per account and method. */
  paths: LoginPath[];
  /** Credentials that exist but do not get in, with the reason (only for accounts without a path). */
  refused: RefusedLogin[];
}

/**
 * Works out SSH login paths as sshd decides them: the account must not be expired and must
 * have a real shell that exists in the image; without UsePAM a '!'-locked account is refused; DenyUsers, AllowUsers, DenyGroups, AllowGroups (auth.c allowed_user order)
 * must let it through; root is further limited by PermitRootLogin; then a usable password needs
 * PasswordAuthentication (or KbdInteractiveAuthentication with UsePAM), and authorized keys need
 * PubkeyAuthentication. An empty password is not a path: PermitEmptyPasswords defaults to no.
 *
 * Match blocks on User/Group are evaluated for each account. Blocks that also depend on the
 * connection (Address, Host, LocalPort...) cannot be decided at rest: when the account has no
 * path without them, they are assumed to match, and a path found that way is `conditional`.
 */
export function analyzeLoginPaths(accounts: AccountsFacts, sshd: SshdSettings): LoginAnalysis {
  const out: LoginAnalysis = { paths: [], refused: [] };
  for (const account of accounts.accounts) {
    const hasPassword = account.password.status === 'usable';
    if (!hasPassword && authorizedKeyCount(account) === 0) continue;
    const refuse = (r: Omit<RefusedLogin, 'account' | 'uid'>) => out.refused.push({ account: account.name, uid: account.uid, ...r });
    if (account.accountExpired) {
      refuse({ reason: `account expired on ${account.expiresOn}` });
      continue;
    }
    if (!account.loginShell) {
      refuse({ reason: `shell ${account.shell} refuses logins` });
      continue;
    }
    if (!account.shellPresent) {
      refuse({ reason: `shell ${account.shell || '/bin/sh'} does not exist in the image (sshd refuses the user)` });
      continue;
    }
    const outcomes = sshd.matchOverrides.map((o) => ({ override: o, outcome: evaluateMatch(o.criteria, account) }));
    const definite = applyMatchOverrides(sshd, outcomes.filter((o) => o.outcome === 'yes').map((o) => o.override));
    const plain = pathsFor(account, definite);
    if (plain.paths.length > 0) {
      out.paths.push(...plain.paths);
      continue;
    }
    const dependent = outcomes.filter((o) => o.outcome === 'depends');
    if (dependent.length > 0) {
      const optimistic = applyMatchOverrides(sshd, outcomes.filter((o) => o.outcome !== 'no').map((o) => o.override));
      const conditional = [...new Set(dependent.map((o) => `Match ${o.override.criteria}`))].join('; ');
      const maybe = pathsFor(account, optimistic);
      if (maybe.paths.length > 0) {
        out.paths.push(...maybe.paths.map((p) => ({ ...p, conditional, statement: `${p.statement}, only for connections matching ${conditional}` })));
        continue;
      }
    }
    for (const r of plain.refused) refuse(r);
  }
  return out;
}

/** Login paths of one account (already known to have a shell and not be expired) under `sshd`. */
function pathsFor(account: Account, sshd: SshdSettings): { paths: LoginPath[]; refused: Omit<RefusedLogin, 'account' | 'uid'>[] } {
  const paths: LoginPath[] = [];
  const refused: Omit<RefusedLogin, 'account' | 'uid'>[] = [];
  const refuse = (reason: string, source?: SshdSource) => refused.push({ reason, ...(source ? { source } : {}) });
  const denied = accessDenied(account, sshd);
  if (denied) {
    refuse(denied.reason, denied.source);
    return { paths, refused };
  }
  // auth.c allowed_user: without PAM, a '!'-locked password locks the whole account.
  if (account.password.bangLocked && !sshd.usePam.value) {
    refuse(`account locked (${account.password.summary}) and UsePAM no${at(sshd.usePam)}`, sshd.usePam.source);
    return { paths, refused };
  }
  const root = account.uid === 0;
  const permit = sshd.permitRootLogin;
  if (root && permit.value === 'no') {
    refuse(`PermitRootLogin no${at(permit)}`, permit.source);
    return { paths, refused };
  }
  const who = `${account.name} (uid ${account.uid})`;
  if (account.password.status === 'usable') {
    const viaPassword = sshd.passwordAuthentication.value;
    const viaKbd = sshd.kbdInteractiveAuthentication.value && sshd.usePam.value;
    if (!viaPassword && !viaKbd) refuse(`password set but PasswordAuthentication no${at(sshd.passwordAuthentication)}`, sshd.passwordAuthentication.source);
    else if (root && permit.value !== 'yes') refuse(`root password set but PermitRootLogin ${permit.value}${at(permit)}`, permit.source);
    else {
      const setting = viaPassword ? `PasswordAuthentication yes${at(sshd.passwordAuthentication)}` : `KbdInteractiveAuthentication yes${at(sshd.kbdInteractiveAuthentication)} with UsePAM`;
      const change = account.mustChangePassword ? ', must be changed at first login' : '';
      paths.push({ account: account.name, uid: account.uid, method: 'password', statement: `${who}: ${account.password.summary}${change}; ${setting}` });
    }
  }
  const keys = authorizedKeyCount(account);
  if (keys > 0) {
    const pubkey = sshd.pubkeyAuthentication;
    const files = account.authorizedKeys.filter((f) => f.keys > 0).map((f) => f.path).join(', ');
    if (!pubkey.value) refuse(`${keys} authorized keys but PubkeyAuthentication no${at(pubkey)}`, pubkey.source);
    else paths.push({ account: account.name, uid: account.uid, method: 'publickey', statement: `${who}: ${keys} authorized key${keys === 1 ? '' : 's'} in ${files}; PubkeyAuthentication yes${at(pubkey)}` });
  }
  return { paths, refused };
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
