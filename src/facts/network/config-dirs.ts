import { joinPath, type GuestFs } from '../../guest/guest-fs.js';
import { excerptOf as allowListedExcerpt } from '../excerpt.js';

/** A config file chosen from a set of shadowing directories. */
export interface ShadowedFile {
  /** Base name, the key that shadows. */
  name: string;
  /** Guest path of the copy in force. */
  path: string;
  /** Text of that copy ('' when it is a link to /dev/null: systemd's "masked"). */
  text: string;
  /** True when the winning copy is a link to /dev/null or empty: it disables the name. */
  masked: boolean;
}

/**
 * The union of `dirs` (highest priority first) for names ending in `suffix` (or accepted by
 * it, when a function): a name in a
 * higher-priority directory shadows the same name elsewhere, and the result is sorted by
 * name, as netplan, systemd-networkd and NetworkManager all read them. More than globFiles
 * names is a LimitError: the tools read them all, so must we.
 */
export async function listShadowed(
  guest: GuestFs,
  dirs: readonly string[],
  suffix: string | ((name: string) => boolean),
): Promise<ShadowedFile[]> {
  const accept = typeof suffix === 'string' ? (name: string) => name.endsWith(suffix) : suffix;
  const chosen = new Map<string, string>();
  for (const dir of dirs) {
    for (const entry of (await guest.readdir(dir)) ?? []) {
      if (!accept(entry.name) || chosen.has(entry.name)) continue;
      if (entry.type === 'dir') continue;
      chosen.set(entry.name, joinPath(dir, entry.name));
      guest.enforce('globFiles', chosen.size, dir, `${chosen.size} config files across ${dirs.join(', ')}`);
    }
  }
  const names = [...chosen.keys()].sort();
  const out: ShadowedFile[] = [];
  for (const name of names) {
    const path = chosen.get(name)!;
    const target = await guest.readlink(path);
    if (target === '/dev/null') {
      out.push({ name, path, text: '', masked: true });
      continue;
    }
    const text = await guest.readText(path);
    if (text === undefined) continue;
    out.push({ name, path, text, masked: text.trim() === '' });
  }
  return out;
}

/** Splits text into lines (any newline style), for 1-based line numbers. */
export function textLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Evidence excerpt of one line: settings on the allow-list, secrets masked (facts/excerpt.ts). */
export function excerptOf(text: string): string {
  return allowListedExcerpt(text);
}

/** Lower-case colon-separated MAC (accepts `-` or `:` separators and upper case), or the input trimmed. */
export function normalizeMac(mac: string): string {
  const m = mac.trim().toLowerCase().replace(/-/g, ':');
  return /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(m) ? m : mac.trim().toLowerCase();
}
