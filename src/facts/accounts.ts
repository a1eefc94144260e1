import type { GuestFs } from '../guest/guest-fs.js';
import { expandAuthorizedKeysPath, parseAuthorizedKeys, type AuthorizedKeysSummary } from './accounts/authorized-keys.js';
import { groupIndex, parseGroup } from './accounts/group.js';
import { DEFAULT_UID_MIN, parseUidMin } from './accounts/login-defs.js';
import { isLoginShell, parsePasswd, type PasswdEntry } from './accounts/passwd.js';
import { classifyPassword, parseShadow, type PasswordClass, type ShadowEntry } from './accounts/shadow.js';
import { findSudoersGrants, type SudoersGrant } from './accounts/sudoers.js';
import { readSshdConfig } from './sshd/read-config.js';

export type { PasswordClass, HashScheme } from './accounts/shadow.js';
export type { SudoersGrant } from './accounts/sudoers.js';

/** An authorized_keys file of one account: how many keys of which types, never the keys. */
export interface AuthorizedKeysFile {
  /** Guest path after AuthorizedKeysFile token expansion. */
  path: string;
  /** Key lines sshd would accept. */
  keys: number;
  /** Key type per accepted line (ssh-ed25519, ssh-rsa, ...). */
  types: string[];
  /** Lines that are not keys or comments. */
  invalidLines: number;
}

/** One local account, joined from passwd, shadow, group and authorized_keys. */
export interface Account {
  /** Login name. */
  name: string;
  /** User ID. */
  uid: number;
  /** Primary group ID. */
  gid: number;
  /** Home directory (passwd field 6). */
  home: string;
  /** Login shell (passwd field 7). */
  shell: string;
  /** False for nologin/false shells. */
  loginShell: boolean;
  /** The shell is a file in the image (sshd refuses users whose shell does not exist); an empty shell means /bin/sh. */
  shellPresent: boolean;
  /** Whether the home directory exists in the image. */
  homeExists: boolean;
  /** Classified password (from /etc/shadow, or the passwd field itself when it is not `x`). */
  password: PasswordClass;
  /** Where the password field is: /etc/shadow line, or /etc/passwd line. */
  passwordSource: { path: string; line: number };
  /** /etc/passwd line. */
  passwdLine: number;
  /** shadow field 3 is 0: the password must be changed at the next login. */
  mustChangePassword: boolean;
  /** shadow field 8 (account expiry) as YYYY-MM-DD, when set. */
  expiresOn?: string;
  /** The account expiry date has passed (at collection time): sshd refuses every login. */
  accountExpired: boolean;
  /** Primary and supplementary group names. */
  groups: string[];
  /** Non-empty or not, every authorized_keys file that exists for this account. */
  authorizedKeys: AuthorizedKeysFile[];
  /** sudoers lines naming this account. */
  sudoers: SudoersGrant[];
}

/** Local accounts of the guest. */
export interface AccountsFacts {
  /** /etc/passwd was found and read. */
  passwdFound: boolean;
  /** /etc/shadow was found and read. */
  shadowFound: boolean;
  /** UID_MIN from /etc/login.defs (line given), or the shadow-utils default 1000. */
  uidMin: { value: number; line?: number };
  /** Every local account of /etc/passwd, in file order. */
  accounts: Account[];
  /** NIS compat (+/-) lines in /etc/passwd: accounts from elsewhere we cannot see. */
  nisLines: number[];
  /** Parse problems worth reporting ("/etc/passwd:7: malformed line"). */
  notes: string[];
}

const PASSWD = '/etc/passwd';
const SHADOW = '/etc/shadow';
const GROUP = '/etc/group';
const LOGIN_DEFS = '/etc/login.defs';
const DAY_MS = 86_400_000;

/** Reads passwd, shadow, group, login.defs, sudoers and each account's authorized_keys. */
export async function collectAccounts(guest: GuestFs): Promise<AccountsFacts> {
  const passwdText = await guest.readText(PASSWD);
  const shadowText = await guest.readText(SHADOW);
  const groupText = (await guest.readText(GROUP)) ?? '';
  const loginDefs = await guest.readText(LOGIN_DEFS);
  const uidMin = (loginDefs !== undefined && parseUidMin(loginDefs)) || { value: DEFAULT_UID_MIN };

  const passwd = parsePasswd(passwdText ?? '');
  const shadow = new Map<string, ShadowEntry>();
  for (const entry of parseShadow(shadowText ?? '')) if (!shadow.has(entry.name)) shadow.set(entry.name, entry);
  const groupsOf = groupIndex(parseGroup(groupText));
  const { settings } = await readSshdConfig(guest);
  const keyPatterns = settings.authorizedKeysFiles.value;
  const sudoers = groupBy(await findSudoersGrants(guest, new Set(passwd.entries.map((e) => e.name))), (s) => s.user);
  // Every account's home is visited (authorized_keys): bounded, and each distinct file read once
  // however many accounts point at it (factsBytes bounds the distinct ones together).
  guest.enforce('homeDirectories', passwd.entries.length, PASSWD, `${passwd.entries.length} accounts whose home directories would be visited`);
  const keysByPath = new Map<string, AuthorizedKeysSummary | undefined>();
  const readKeys = async (path: string): Promise<AuthorizedKeysSummary | undefined> => {
    if (!keysByPath.has(path)) {
      const text = await guest.readText(path);
      keysByPath.set(path, text === undefined ? undefined : parseAuthorizedKeys(text));
    }
    return keysByPath.get(path);
  };

  const accounts: Account[] = [];
  for (const entry of passwd.entries) {
    const authorizedKeys: AuthorizedKeysFile[] = [];
    const seen = new Set<string>();
    for (const pattern of keyPatterns) {
      const path = expandAuthorizedKeysPath(pattern, entry);
      if (path === undefined || seen.has(path)) continue;
      seen.add(path);
      const summary = await readKeys(path);
      if (summary !== undefined) authorizedKeys.push({ path, ...summary });
    }
    accounts.push({
      ...identity(entry),
      homeExists: (await guest.stat(entry.home))?.node.type === 'dir',
      shellPresent: (await guest.stat(entry.shell.trim() || '/bin/sh'))?.node.type === 'file',
      ...passwordOf(entry, shadow.get(entry.name)),
      groups: groupsOf(entry),
      authorizedKeys,
      sudoers: sudoers.get(entry.name) ?? [],
    });
  }

  const notes = passwd.malformedLines.map((line) => `${PASSWD}:${line}: not a valid passwd entry`);
  for (const entry of passwd.entries) {
    if (entry.passwordField === 'x' && shadowText !== undefined && !shadow.has(entry.name)) {
      notes.push(`${PASSWD}:${entry.line}: ${entry.name} has no ${SHADOW} entry`);
    }
  }
  return {
    passwdFound: passwdText !== undefined,
    shadowFound: shadowText !== undefined,
    uidMin,
    accounts,
    nisLines: passwd.nisLines,
    notes,
  };
}

/** Items grouped by key, each group in input order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function identity(entry: PasswdEntry) {
  return {
    name: entry.name,
    uid: entry.uid,
    gid: entry.gid,
    home: entry.home,
    shell: entry.shell,
    loginShell: isLoginShell(entry.shell),
    passwdLine: entry.line,
  };
}

/** The password that applies: shadow's when passwd says `x`, else the passwd field itself. */
function passwordOf(entry: PasswdEntry, shadow: ShadowEntry | undefined) {
  if (entry.passwordField !== 'x' || !shadow) {
    // `x` without a shadow entry: no hash anywhere, so no password can match.
    const password: PasswordClass =
      entry.passwordField === 'x'
        ? { status: 'locked', summary: `no password (x in ${PASSWD}, no ${SHADOW} entry)` }
        : classifyPassword(entry.passwordField);
    return { password, passwordSource: { path: PASSWD, line: entry.line }, mustChangePassword: false, accountExpired: false };
  }
  const expiresOn = shadow.expireDay === undefined ? undefined : new Date(shadow.expireDay * DAY_MS).toISOString().slice(0, 10);
  return {
    password: shadow.password,
    passwordSource: { path: SHADOW, line: shadow.line },
    mustChangePassword: shadow.lastChange === 0,
    ...(expiresOn === undefined ? {} : { expiresOn }),
    accountExpired: shadow.expireDay !== undefined && shadow.expireDay * DAY_MS <= Date.now(),
  };
}
