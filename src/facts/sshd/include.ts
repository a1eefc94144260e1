import type { GuestFs } from '../../guest/guest-fs.js';
import { joinPath } from '../../guest/guest-fs.js';
import { parseSshdConfigLines, type SshdDirective } from './config-lines.js';

/** A directive in the order sshd reads it, with the Match block it sits in. */
export interface PlacedDirective extends SshdDirective {
  /** Criteria of the enclosing `Match` block ("User alice"), undefined in the default context. */
  match?: string;
}

/** Everything read from sshd_config and its includes. */
export interface ExpandedSshdConfig {
  /** Directives with Include expanded in place (Include and Match lines themselves omitted). */
  directives: PlacedDirective[];
  /** Every file read, in reading order. */
  files: string[];
  /** Problems that sshd would also notice (unreadable include, too deep nesting). */
  notes: string[];
}

/** Where relative Include paths are resolved (OpenSSH's SSHDIR on every distro we know). */
export const SSHD_DIR = '/etc/ssh';
/** servconf.c SERVCONF_MAX_DEPTH: sshd refuses deeper Include nesting (sshd's own rule, not a budget of ours). */
const MAX_INCLUDE_DEPTH = 16;

/**
 * Reads `path` and expands `Include` in place: each argument is a path or a glob (in its
 * last component) relative to /etc/ssh, matches are read in sorted order (glob(3) sorts).
 * A Match block ends at the next Match or at the end of the file it started in, because
 * sshd restores the caller's Match state after an included file.
 * Includes that fan out (a glob that includes itself, 16 levels deep) would read files
 * exponentially often: past the includeFiles budget it is a LimitError, never a partial config.
 */
export async function expandSshdConfig(guest: GuestFs, path: string): Promise<ExpandedSshdConfig | undefined> {
  const text = await guest.readText(path);
  if (text === undefined) return undefined;
  const out: ExpandedSshdConfig = { directives: [], files: [], notes: [] };
  await expandText(guest, text, path, undefined, 0, out);
  return out;
}

async function expandText(
  guest: GuestFs,
  text: string,
  path: string,
  outerMatch: string | undefined,
  depth: number,
  out: ExpandedSshdConfig,
): Promise<void> {
  out.files.push(path);
  let match = outerMatch;
  for (const d of parseSshdConfigLines(text, path)) {
    if (d.keyword === 'match') {
      match = d.args.join(' ');
      continue;
    }
    if (d.keyword !== 'include') {
      out.directives.push(match === undefined ? d : { ...d, match });
      continue;
    }
    if (depth + 1 > MAX_INCLUDE_DEPTH) {
      addNote(out, `${path}:${d.line}: Include nested deeper than ${MAX_INCLUDE_DEPTH} levels; sshd refuses this`);
      continue;
    }
    for (const arg of d.args) {
      for (const file of await resolveInclude(guest, arg)) {
        guest.enforce('includeFiles', out.files.length + 1, file, `reading it as config file number ${out.files.length + 1} through Include`);
        const included = await guest.readText(file);
        if (included === undefined) continue;
        await expandText(guest, included, file, match, depth + 1, out);
      }
    }
  }
}

/** Adds a note once: a looping Include would otherwise repeat it for every pass. */
function addNote(out: ExpandedSshdConfig, note: string): void {
  if (!out.notes.includes(note)) out.notes.push(note);
}

/** Guest paths an Include argument names, sorted; globs only in the last component. */
async function resolveInclude(guest: GuestFs, arg: string): Promise<string[]> {
  const full = arg.startsWith('/') ? arg : joinPath(SSHD_DIR, arg);
  const slash = full.lastIndexOf('/');
  const dir = full.slice(0, slash) || '/';
  const name = full.slice(slash + 1);
  if (!/[*?[]/.test(name)) return [full];
  return guest.glob(dir, name);
}
