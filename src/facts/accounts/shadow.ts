/**
 * /etc/shadow (shadow(5)): `name:password:lastchg:min:max:warn:inactive:expire:reserved`.
 * The password field is classified and then dropped: no hash ever leaves this module.
 */

/** crypt(3) scheme names, from the hash prefix. */
export type HashScheme = 'md5' | 'bcrypt' | 'sha256' | 'sha512' | 'yescrypt' | 'gost-yescrypt' | 'scrypt' | 'sunmd5' | 'sha1' | 'des' | 'bsdi-des';

/** What a password field allows, without the hash itself. */
export interface PasswordClass {
  /** empty = no password needed; locked = no password can match; usable = a real hash. */
  status: 'empty' | 'locked' | 'usable';
  /** Scheme of the hash, when there is one (also for a `!`-locked hash). */
  scheme?: HashScheme;
  /** Safe text for evidence: "password set (sha512)", "locked (*LOCK*)", "locked (! before a sha256 hash)". */
  summary: string;
  /** The field starts with '!' (usermod -L, passwd -l): without PAM, sshd refuses such accounts even for keys. */
  bangLocked?: true;
}

/** One /etc/shadow line, password classified. */
export interface ShadowEntry {
  /** Login name (field 1). */
  name: string;
  /** Field 2, classified; the hash itself is dropped. */
  password: PasswordClass;
  /** Field 3, days since 1970-01-01; 0 means the password must be changed at next login. */
  lastChange?: number;
  /** Field 5, maximum password age in days. */
  maxDays?: number;
  /** Field 8, account expiry in days since 1970-01-01. */
  expireDay?: number;
  /** 1-based line number. */
  line: number;
}

const SCHEMES: [RegExp, HashScheme][] = [
  [/^\$1\$[^$]{0,8}\$[./0-9A-Za-z]{22}$/, 'md5'],
  [/^\$2[abxy]?\$\d\d\$[./0-9A-Za-z]{53}$/, 'bcrypt'],
  [/^\$5\$(rounds=\d+\$)?[^$]{0,16}\$[./0-9A-Za-z]{43}$/, 'sha256'],
  [/^\$6\$(rounds=\d+\$)?[^$]{0,16}\$[./0-9A-Za-z]{86}$/, 'sha512'],
  [/^\$y\$[./0-9A-Za-z]+\$[./0-9A-Za-z]*\$[./0-9A-Za-z]{43}$/, 'yescrypt'],
  [/^\$gy\$[./0-9A-Za-z]+\$[./0-9A-Za-z]*\$[./0-9A-Za-z]{43}$/, 'gost-yescrypt'],
  [/^\$7\$[./0-9A-Za-z]+\$[./0-9A-Za-z]{43}$/, 'scrypt'],
  [/^\$md5[$,][^$]*\$[^$]*\$[./0-9A-Za-z]{22}$/, 'sunmd5'],
  [/^\$sha1\$\d+\$[./0-9A-Za-z]+\$[./0-9A-Za-z]{28}$/, 'sha1'],
  [/^_[./0-9A-Za-z]{19}$/, 'bsdi-des'],
  [/^[./0-9A-Za-z]{13}$/, 'des'],
];

/** The crypt scheme of a hash, or undefined when crypt(3) could never produce this text. */
export function hashScheme(field: string): HashScheme | undefined {
  return SCHEMES.find(([re]) => re.test(field))?.[1];
}

/**
 * Classifies a password field: '' → empty; `!`-prefixed (usermod -L, `!!` of new RHEL users,
 * `!*`) → locked; a valid crypt(3) hash → usable; anything else (`*`, `*LOCK*`, `x`, `NP`)
 * can never match a typed password → locked, as shadow(5) says.
 */
export function classifyPassword(field: string): PasswordClass {
  if (field === '') return { status: 'empty', summary: 'empty password (no password needed)' };
  if (field.startsWith('!')) {
    const scheme = hashScheme(field.replace(/^!+/, ''));
    if (scheme) return { status: 'locked', scheme, summary: `locked (! before a ${scheme} hash)`, bangLocked: true };
    return { status: 'locked', summary: `locked (${safeMarker(field)})`, bangLocked: true };
  }
  const scheme = hashScheme(field);
  if (scheme) return { status: 'usable', scheme, summary: `password set (${scheme})` };
  return { status: 'locked', summary: `locked (${safeMarker(field)})` };
}

/** Short lock markers are shown verbatim; anything longer might be a mangled hash and is not. */
function safeMarker(field: string): string {
  return /^[!*]*(LOCK|LK|NP)?[!*]*$/.test(field) && field.length <= 8 ? field : 'not a valid hash';
}

/** Parses /etc/shadow text; NIS lines and lines without a name are skipped. */
export function parseShadow(text: string): ShadowEntry[] {
  const entries: ShadowEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (raw.trim() === '' || raw.startsWith('#') || raw.startsWith('+') || raw.startsWith('-')) return;
    const f = raw.split(':');
    if (f[0] === '' || f.length < 2) return;
    entries.push({
      name: f[0]!,
      password: classifyPassword(f[1]!),
      lastChange: days(f[2]),
      maxDays: days(f[4]),
      expireDay: days(f[7]),
      line: index + 1,
    });
  });
  return entries;
}

function days(field: string | undefined): number | undefined {
  return field !== undefined && /^\d{1,9}$/.test(field) ? Number(field) : undefined;
}
