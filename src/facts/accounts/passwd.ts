/**
 * /etc/passwd (passwd(5)): `name:password:UID:GID:GECOS:home:shell`. NIS compat lines
 * (`+`, `-`, `+@netgroup`) are counted, not parsed: they import accounts we cannot see.
 */

/** One local account line of /etc/passwd. */
export interface PasswdEntry {
  /** Login name (field 1). */
  name: string;
  /** Field 2: usually `x` (hash in /etc/shadow); anything else is a password field of its own. */
  passwordField: string;
  /** User ID (field 3). */
  uid: number;
  /** Primary group ID (field 4). */
  gid: number;
  /** Home directory (field 6). */
  home: string;
  /** Login shell (field 7; empty means /bin/sh). */
  shell: string;
  /** 1-based line number. */
  line: number;
}

/** Parsed /etc/passwd. */
export interface PasswdFile {
  /** Local account lines, in file order. */
  entries: PasswdEntry[];
  /** Lines starting with + or - (NIS compat). */
  nisLines: number[];
  /** Lines that are neither valid entries nor NIS lines. */
  malformedLines: number[];
}

/** Parses /etc/passwd text. */
export function parsePasswd(text: string): PasswdFile {
  const out: PasswdFile = { entries: [], nisLines: [], malformedLines: [] };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || raw.startsWith('#')) return;
    if (raw.startsWith('+') || raw.startsWith('-')) {
      out.nisLines.push(line);
      return;
    }
    const f = raw.split(':');
    const uid = parseId(f[2]);
    const gid = parseId(f[3]);
    if (f.length < 7 || f[0] === '' || uid === undefined || gid === undefined) {
      out.malformedLines.push(line);
      return;
    }
    out.entries.push({ name: f[0]!, passwordField: f[1]!, uid, gid, home: f[5]!, shell: f.slice(6).join(':'), line });
  });
  return out;
}

/** A decimal UID/GID in the 32-bit range, else undefined. */
export function parseId(field: string | undefined): number | undefined {
  if (field === undefined || !/^\d{1,10}$/.test(field)) return undefined;
  const n = Number(field);
  return n <= 0xffffffff ? n : undefined;
}

/** Shells that refuse an interactive login (nologin, false, and the historical no-op accounts). */
const NON_LOGIN_SHELLS = /(^|\/)(nologin|false|sync|shutdown|halt)$/;

/** Whether the account's shell lets a user log in interactively (an empty shell means /bin/sh). */
export function isLoginShell(shell: string): boolean {
  return !NON_LOGIN_SHELLS.test(shell.trim());
}
