import type { PlacedDirective } from './include.js';

/** Where an effective sshd value was set. */
export interface SshdSource {
  /** Guest path of the config file. */
  path: string;
  /** 1-based line. */
  line: number;
}

/** One effective setting: its value and where it came from (no source = OpenSSH's built-in default). */
export interface SshdValue<T> {
  /** The value sshd applies. */
  value: T;
  /** File and line that set it; absent for the built-in default. */
  source?: SshdSource;
}

/** PermitRootLogin values; `without-password` is OpenSSH's older spelling of prohibit-password. */
export type PermitRootLogin = 'yes' | 'prohibit-password' | 'forced-commands-only' | 'no';

/** A setting given inside a Match block: it overrides the default for matching connections only. */
export interface SshdMatchOverride {
  /** Lower-cased keyword. */
  keyword: string;
  /** Arguments joined by spaces. */
  value: string;
  /** Arguments as sshd splits them. */
  args: string[];
  /** The Match criteria ("User alice", "Address 10.0.0.0/8"). */
  criteria: string;
  /** Config file of the line. */
  path: string;
  /** 1-based line. */
  line: number;
}

/** The authentication-relevant settings sshd applies outside any Match block. */
export interface SshdSettings {
  /** PasswordAuthentication (default yes). */
  passwordAuthentication: SshdValue<boolean>;
  /** KbdInteractiveAuthentication, or its alias ChallengeResponseAuthentication. */
  kbdInteractiveAuthentication: SshdValue<boolean>;
  /** PubkeyAuthentication (default yes). */
  pubkeyAuthentication: SshdValue<boolean>;
  /** PermitRootLogin (default prohibit-password since OpenSSH 7.0). */
  permitRootLogin: SshdValue<PermitRootLogin>;
  /** AuthorizedKeysFile patterns (tokens %h %u %% not yet expanded); `none` disables. */
  authorizedKeysFiles: SshdValue<string[]>;
  /** AllowUsers patterns; sshd appends every line's patterns (no first-wins for these four). */
  allowUsers: SshdValue<string[]>;
  /** DenyUsers patterns (accumulated). */
  denyUsers: SshdValue<string[]>;
  /** AllowGroups patterns (accumulated). */
  allowGroups: SshdValue<string[]>;
  /** DenyGroups patterns (accumulated). */
  denyGroups: SshdValue<string[]>;
  /** UsePAM (OpenSSH default no; Debian and RHEL configs set yes). */
  usePam: SshdValue<boolean>;
  /** HostKey files named in the config (empty: sshd loads its default rsa, ecdsa and ed25519 keys). */
  hostKeyFiles: SshdValue<string[]>;
  /** Any of the keywords above set inside a Match block. */
  matchOverrides: SshdMatchOverride[];
  /** Values sshd would reject ("PasswordAuthentication maybe"): sshd -t fails on them. */
  invalid: { keyword: string; value: string; path: string; line: number }[];
}

/** Keywords whose sshd_config(5) default we model (OpenSSH 9.x, before any distro config). */
const DEFAULTS = {
  passwordauthentication: true,
  kbdinteractiveauthentication: true,
  pubkeyauthentication: true,
  permitrootlogin: 'prohibit-password' as PermitRootLogin,
  authorizedkeysfile: ['.ssh/authorized_keys', '.ssh/authorized_keys2'],
  usepam: false,
};

const ALIASES: Record<string, string> = { challengeresponseauthentication: 'kbdinteractiveauthentication' };
/** Keywords every line of which adds to a list (servconf.c appends; first-wins does not apply). */
const LIST_KEYWORDS = ['allowusers', 'denyusers', 'allowgroups', 'denygroups', 'hostkey'] as const;
const TRACKED = new Set<string>([...Object.keys(DEFAULTS), ...LIST_KEYWORDS]);

/**
 * Effective settings from expanded directives: for ordinary keywords the FIRST occurrence
 * outside Match wins (sshd ignores later ones); Allow/Deny Users/Groups accumulate.
 */
export function effectiveSshdSettings(directives: readonly PlacedDirective[]): SshdSettings {
  const first = new Map<string, PlacedDirective>();
  const lists = new Map<string, { values: string[]; source?: SshdSource }>();
  const matchOverrides: SshdMatchOverride[] = [];
  for (const raw of directives) {
    const keyword = ALIASES[raw.keyword] ?? raw.keyword;
    if (!TRACKED.has(keyword)) continue;
    if (raw.match !== undefined) {
      matchOverrides.push({ keyword, value: raw.args.join(' '), args: raw.args, criteria: raw.match, path: raw.path, line: raw.line });
      continue;
    }
    if ((LIST_KEYWORDS as readonly string[]).includes(keyword)) {
      const entry = lists.get(keyword) ?? { values: [], source: { path: raw.path, line: raw.line } };
      entry.values.push(...raw.args);
      lists.set(keyword, entry);
    } else if (!first.has(keyword)) {
      first.set(keyword, { ...raw, keyword });
    }
  }

  const invalid: SshdSettings['invalid'] = [];
  const pick = <T>(keyword: keyof typeof DEFAULTS, parse: (args: string[]) => T | undefined): SshdValue<T> => {
    const d = first.get(keyword);
    const fallback = { value: DEFAULTS[keyword] as T };
    if (!d) return fallback;
    const value = parse(d.args);
    if (value === undefined) {
      invalid.push({ keyword, value: d.args.join(' '), path: d.path, line: d.line });
      return fallback;
    }
    return { value, source: { path: d.path, line: d.line } };
  };
  const list = (keyword: string): SshdValue<string[]> => {
    const entry = lists.get(keyword);
    return entry ? { value: entry.values, source: entry.source } : { value: [] };
  };

  return {
    passwordAuthentication: pick('passwordauthentication', parseYesNo),
    kbdInteractiveAuthentication: pick('kbdinteractiveauthentication', parseYesNo),
    pubkeyAuthentication: pick('pubkeyauthentication', parseYesNo),
    permitRootLogin: pick('permitrootlogin', parsePermitRootLogin),
    authorizedKeysFiles: pick('authorizedkeysfile', (args) => (args.length > 0 ? args : undefined)),
    allowUsers: list('allowusers'),
    denyUsers: list('denyusers'),
    allowGroups: list('allowgroups'),
    denyGroups: list('denygroups'),
    usePam: pick('usepam', parseYesNo),
    hostKeyFiles: list('hostkey'),
    matchOverrides,
    invalid,
  };
}

/** Settings a Match block may change, by keyword (UsePAM and HostKey are not allowed in Match). */
const MATCHABLE: Record<string, keyof SshdSettings> = {
  passwordauthentication: 'passwordAuthentication',
  kbdinteractiveauthentication: 'kbdInteractiveAuthentication',
  pubkeyauthentication: 'pubkeyAuthentication',
  permitrootlogin: 'permitRootLogin',
  authorizedkeysfile: 'authorizedKeysFiles',
  allowusers: 'allowUsers',
  denyusers: 'denyUsers',
  allowgroups: 'allowGroups',
  denygroups: 'denyGroups',
};

/**
 * The settings for a connection that satisfies the given Match blocks' lines (in file order):
 * within them the first value of a keyword wins, and it replaces the default-context value,
 * as sshd's per-connection re-parse and copy_set_server_options do.
 */
export function applyMatchOverrides(settings: SshdSettings, overrides: readonly SshdMatchOverride[]): SshdSettings {
  if (overrides.length === 0) return settings;
  const matched = effectiveSshdSettings(overrides.map((o) => ({ keyword: o.keyword, args: o.args, path: o.path, line: o.line })));
  const out: SshdSettings = { ...settings };
  for (const keyword of new Set(overrides.map((o) => o.keyword))) {
    const field = MATCHABLE[keyword];
    const value = field && matched[field];
    // A value sshd rejects keeps the default; only values that parsed carry a source.
    if (field && value && 'source' in value && value.source) Object.assign(out, { [field]: value });
  }
  return out;
}

/** sshd's multistate yes/no flag (compared case-insensitively). */
function parseYesNo(args: string[]): boolean | undefined {
  const v = args[0]?.toLowerCase();
  return v === 'yes' ? true : v === 'no' ? false : undefined;
}

function parsePermitRootLogin(args: string[]): PermitRootLogin | undefined {
  const v = args[0]?.toLowerCase();
  if (v === 'without-password') return 'prohibit-password';
  return v === 'yes' || v === 'no' || v === 'prohibit-password' || v === 'forced-commands-only' ? v : undefined;
}
