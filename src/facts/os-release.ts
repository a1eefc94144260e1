import type { GuestFs } from '../guest/guest-fs.js';
import { parseShellVars, type ShellProblem } from './shell-vars.js';

/** Where os-release(5) says to look, in order: the first that exists is used. */
export const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release'] as const;

/** The guest's os-release identification (os-release(5)). Fields absent from the file are undefined. */
export interface OsReleaseFacts {
  /** Guest path read (/etc/os-release, or /usr/lib/os-release when /etc has none); undefined if neither exists. */
  source?: string;
  /** ID=, e.g. "ubuntu", "rhel", "sles". */
  id?: string;
  /** ID_LIKE= split on spaces, e.g. ["rhel", "centos", "fedora"]. */
  idLike: string[];
  /** VERSION_ID=, e.g. "22.04". */
  versionId?: string;
  /** PRETTY_NAME=, for reports. */
  prettyName?: string;
  /** NAME=. */
  name?: string;
  /** VARIANT_ID=, e.g. "coreos". */
  variantId?: string;
  /** Every assignment of the file (last wins), for rules that need another field. */
  fields: Record<string, string>;
  /** Lines that are not assignments. */
  problems: ShellProblem[];
}

/** Parses os-release text (shell-quoted KEY=value lines). Pure. */
export function parseOsRelease(text: string, source?: string): OsReleaseFacts {
  const vars = parseShellVars(text, undefined, source);
  const fields = Object.fromEntries(vars.values);
  const get = (key: string): string | undefined => fields[key];
  return {
    source,
    id: get('ID'),
    idLike: (get('ID_LIKE') ?? '').split(/\s+/).filter((s) => s.length > 0),
    versionId: get('VERSION_ID'),
    prettyName: get('PRETTY_NAME'),
    name: get('NAME'),
    variantId: get('VARIANT_ID'),
    fields,
    problems: vars.problems,
  };
}

/** Reads /etc/os-release, falling back to /usr/lib/os-release. */
export async function collectOsRelease(guest: GuestFs): Promise<OsReleaseFacts> {
  for (const path of OS_RELEASE_PATHS) {
    const text = await guest.readText(path);
    if (text !== undefined) return parseOsRelease(text, path);
  }
  return { idLike: [], fields: {}, problems: [] };
}

/** Whether the guest is `id` or declares itself like it (ID_LIKE). */
export function isLike(facts: OsReleaseFacts | undefined, id: string): boolean {
  return facts?.id === id || (facts?.idLike.includes(id) ?? false);
}
