import { excerptOf } from '../excerpt.js';

/**
 * /etc/waagent.conf read exactly as WALinuxAgent reads it
 * (azurelinuxagent/common/conf.py, ConfigurationProvider.load / get / get_switch / get_int):
 * - the file is split on '\n'; a line is a setting iff it does not *start* with '#' and contains '='
 *   (so "  #Key=v" is a setting whose key is "#Key");
 * - key = text before the first '=', stripped; value = text after it, cut at the first '#',
 *   stripped of ' ' and '"' characters at both ends, then of whitespace;
 * - the literal value `None` means unset; the last duplicate wins;
 * - switches accept only y/n (any case), anything else silently means the default;
 *   integers that do not parse mean the default; an empty file makes the agent refuse to start.
 * Pure: text in, settings out.
 */

/** One `key=value` line as the agent parses it. */
export interface WaagentConfLine {
  key: string;
  /** Parsed value; null for the literal `None` (the agent treats it as unset). */
  value: string | null;
  /** 1-based line number. */
  line: number;
  /** The line as written, trimmed and cut to 120 characters, for evidence. */
  excerpt: string;
}

/** A parsed waagent.conf. */
export interface WaagentConf {
  /** Every setting line in file order (duplicates kept). */
  lines: WaagentConfLine[];
  /** Effective line per key: the last one (what `self.values[key] = value` leaves). */
  byKey: Record<string, WaagentConfLine>;
  /** Set when the agent would refuse the file ("Can't not parse empty configuration"). */
  loadError?: string;
}

/** How a key is read: `conf.get`, `conf.get_switch` or `conf.get_int`. */
export type WaagentKind = 'string' | 'switch' | 'int';

/** Type and default of a key the gate evaluates (defaults from conf.py; see RULES.md §1). */
export interface WaagentKeySpec {
  kind: WaagentKind;
  default: string | boolean | number;
}

/** Keys the gate evaluates, with the agent's defaults when the key is absent. */
export const WAAGENT_KEYS: Record<string, WaagentKeySpec> = {
  'Provisioning.Agent': { kind: 'string', default: 'auto' },
  'Provisioning.RegenerateSshHostKeyPair': { kind: 'switch', default: false },
  'Provisioning.DeleteRootPassword': { kind: 'switch', default: false },
  'Provisioning.SshHostKeyPairType': { kind: 'string', default: 'rsa' },
  'Provisioning.PasswordCryptId': { kind: 'string', default: '6' },
  'Provisioning.PasswordCryptSaltLength': { kind: 'int', default: 10 },
  'Provisioning.MonitorHostName': { kind: 'switch', default: false },
  'Provisioning.DecodeCustomData': { kind: 'switch', default: false },
  'Provisioning.ExecuteCustomData': { kind: 'switch', default: false },
  'Provisioning.AllowResetSysUser': { kind: 'switch', default: false },
  'ResourceDisk.Format': { kind: 'switch', default: false },
  'ResourceDisk.EnableSwap': { kind: 'switch', default: false },
  'ResourceDisk.EnableSwapEncryption': { kind: 'switch', default: false },
  'ResourceDisk.SwapSizeMB': { kind: 'int', default: 0 },
  'ResourceDisk.Filesystem': { kind: 'string', default: 'ext3' },
  'ResourceDisk.MountPoint': { kind: 'string', default: '/mnt/resource' },
  'Lib.Dir': { kind: 'string', default: '/var/lib/waagent' },
  'OS.SshDir': { kind: 'string', default: '/etc/ssh' },
  'OS.SudoersDir': { kind: 'string', default: '/etc/sudoers.d' },
  'OS.PasswordPath': { kind: 'string', default: '/etc/shadow' },
  'OS.HomeDir': { kind: 'string', default: '/home' },
  'OS.SshClientAliveInterval': { kind: 'int', default: 180 },
  'OS.EnableFirewall': { kind: 'switch', default: false },
  'OS.RemovePersistentNetRulesPeriod': { kind: 'int', default: 30 },
  'Extensions.Enabled': { kind: 'switch', default: true },
  'Extensions.WaitForCloudInit': { kind: 'switch', default: false },
  'AutoUpdate.Enabled': { kind: 'switch', default: true },
};

/** Keys the current agent never reads (only the legacy waagent 2.0 did); users still set them. */
export const WAAGENT_DEAD_KEYS = ['Provisioning.Enabled', 'Provisioning.UseCloudInit'] as const;

/** The value the agent ends up using for one key, and where it came from. */
export interface WaagentEffective {
  key: string;
  value: string | boolean | number;
  /** 'file' when a line of waagent.conf set it, 'default' otherwise (absent, `None`, or an invalid switch/int). */
  source: 'file' | 'default';
  /** The deciding line (also present when its value was invalid and the default applied). */
  line?: WaagentConfLine;
  /** Set when the line's value was not accepted (switch not y/n, int not a number). */
  invalid?: string;
}

/** Python's str.strip(chars): removes any of `chars` from both ends. */
function stripChars(s: string, chars: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && chars.includes(s[start]!)) start++;
  while (end > start && chars.includes(s[end - 1]!)) end--;
  return s.slice(start, end);
}

/** Python's str.strip() whitespace set (ASCII part, which is what config files contain). */
const PY_WHITESPACE = ' \t\n\r\x0b\x0c';

/** Parses waagent.conf text as ConfigurationProvider.load does. */
export function parseWaagentConf(text: string): WaagentConf {
  const conf: WaagentConf = { lines: [], byKey: {} };
  if (text.length === 0) {
    conf.loadError = "empty configuration: the agent stops with \"Can't not parse empty configuration\"";
    return conf;
  }
  text.split('\n').forEach((raw, index) => {
    if (raw.startsWith('#') || !raw.includes('=')) return;
    const eq = raw.indexOf('=');
    const key = stripChars(raw.slice(0, eq), PY_WHITESPACE);
    const cut = raw.slice(eq + 1).split('#')[0]!;
    const value = stripChars(stripChars(cut, '" '), PY_WHITESPACE);
    const line: WaagentConfLine = { key, value: value === 'None' ? null : value, line: index + 1, excerpt: excerptOf(raw) };
    conf.lines.push(line);
    conf.byKey[key] = line;
  });
  return conf;
}

/** Python int() on a config string (optional sign, digits, surrounding whitespace, '_' separators). */
function pythonInt(value: string): number | undefined {
  const m = /^\s*([+-]?)(\d(?:_?\d)*)\s*$/.exec(value);
  return m ? Number(`${m[1]}${m[2]!.replace(/_/g, '')}`) : undefined;
}

/** The effective value of `key` read with `kind` (conf.get / get_switch / get_int). */
export function effectiveSetting(conf: WaagentConf, key: string, spec: WaagentKeySpec): WaagentEffective {
  const line = conf.byKey[key];
  const fallback: WaagentEffective = { key, value: spec.default, source: 'default', ...(line ? { line } : {}) };
  if (!line || line.value === null) return fallback;
  const value = line.value;
  if (spec.kind === 'string') return { key, value, source: 'file', line };
  if (spec.kind === 'switch') {
    const lower = value.toLowerCase();
    if (lower === 'y' || lower === 'n') return { key, value: lower === 'y', source: 'file', line };
    return { ...fallback, invalid: `"${value}" is not y or n` };
  }
  const n = pythonInt(value);
  return n === undefined ? { ...fallback, invalid: `"${value}" is not an integer` } : { key, value: n, source: 'file', line };
}

/** Effective values of every key in WAAGENT_KEYS. */
export function effectiveSettings(conf: WaagentConf): Record<string, WaagentEffective> {
  return Object.fromEntries(Object.entries(WAAGENT_KEYS).map(([key, spec]) => [key, effectiveSetting(conf, key, spec)]));
}
