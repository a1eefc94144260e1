import { GuestError } from '../../errors.js';
import { joinPath, type GuestFs, type GuestStat } from '../../guest/guest-fs.js';
import { parseUnitFile, type UnitFile } from './unit-file.js';
import { baseName, templateOf } from './unit-name.js';

/**
 * The system unit search path that lives on disk (systemd.unit(5), "Unit File Load Path"),
 * highest priority first. Generator and transient directories under /run are empty in an
 * image at rest, so they are not listed. /lib/systemd/system matters on non-merged-/usr
 * Debian; on merged-/usr it resolves to /usr/lib/systemd/system and is read once.
 */
export const UNIT_SEARCH_PATH = [
  '/etc/systemd/system',
  '/run/systemd/system',
  '/usr/local/lib/systemd/system',
  '/usr/lib/systemd/system',
  '/lib/systemd/system',
] as const;

/** Directories where `systemctl enable` writes links: enablement is only counted here. */
export const CONFIG_DIRS = ['/etc/systemd/system', '/run/systemd/system'] as const;

/** Where a unit name resolved to on the search path. */
export interface UnitLookup {
  /** The name looked up. */
  name: string;
  /** Found as a symlink to /dev/null or an empty file (systemd's "masked"); the path that masks it. */
  maskedBy?: string;
  /** Canonical guest path of the unit file that would be loaded (for an instance: its template's file). */
  fragmentPath?: string;
  /** The search-path entry that supplied it (before following symlinks). */
  foundAt?: string;
  /** When the name is a symlink to a unit file with a different name: that name (the unit's real name). */
  aliasOf?: string;
  /** The parsed unit file (fragment plus nothing else; drop-ins are read separately). */
  file?: UnitFile;
}

interface GuestCache {
  searchPath?: Promise<string[]>;
  lookups: Map<string, Promise<UnitLookup>>;
}

const caches = new WeakMap<GuestFs, GuestCache>();

function cacheOf(guest: GuestFs): GuestCache {
  let cache = caches.get(guest);
  if (!cache) {
    cache = { lookups: new Map() };
    caches.set(guest, cache);
  }
  return cache;
}

/** The search-path directories that exist in this guest, de-duplicated by canonical path. */
export function searchPath(guest: GuestFs): Promise<string[]> {
  const cache = cacheOf(guest);
  cache.searchPath ??= (async () => {
    const seen = new Set<string>();
    const dirs: string[] = [];
    for (const dir of UNIT_SEARCH_PATH) {
      const real = await guest.realpath(dir);
      if (!real || seen.has(real)) continue;
      seen.add(real);
      dirs.push(dir);
    }
    return dirs;
  })();
  return cache.searchPath;
}

/** Finds the unit file systemd would load for `name` (cached per guest). */
export function lookupUnit(guest: GuestFs, name: string): Promise<UnitLookup> {
  const cache = cacheOf(guest);
  let found = cache.lookups.get(name);
  if (!found) {
    found = findUnit(guest, name);
    cache.lookups.set(name, found);
  }
  return found;
}

async function findUnit(guest: GuestFs, name: string): Promise<UnitLookup> {
  const direct = await findByName(guest, name);
  if (direct.fragmentPath || direct.maskedBy) return direct;
  // An instance without its own file is loaded from its template (foo@bar.service → foo@.service).
  const template = templateOf(name);
  if (!template) return direct;
  const fromTemplate = await findByName(guest, template);
  return { ...fromTemplate, name, aliasOf: undefined };
}

async function findByName(guest: GuestFs, name: string): Promise<UnitLookup> {
  for (const dir of await searchPath(guest)) {
    const path = joinPath(dir, name);
    const entry = await guest.lstat(path);
    if (!entry) continue;
    if (entry.node.type === 'symlink') {
      const target = await guest.readlink(path);
      if (target === '/dev/null') return { name, maskedBy: path, foundAt: path };
    }
    const resolved = await statUnlessLoop(guest, path);
    // A dangling or looping link is skipped: systemd moves on to the next directory.
    if (!resolved || resolved.node.type !== 'file') continue;
    if (resolved.node.size === 0) return { name, maskedBy: path, foundAt: path };
    const text = (await guest.readText(path)) ?? '';
    const realName = baseName(resolved.path);
    return {
      name,
      foundAt: path,
      fragmentPath: resolved.path,
      aliasOf: realName !== name && !templateOf(name) ? realName : undefined,
      file: parseUnitFile(text),
    };
  }
  return { name };
}

/** stat(), with a symlink loop (ELOOP for systemd) reported as absent instead of thrown. */
async function statUnlessLoop(guest: GuestFs, path: string): Promise<GuestStat | undefined> {
  try {
    return await guest.stat(path);
  } catch (error) {
    if (error instanceof GuestError && /symbolic links/.test(error.message)) return undefined;
    throw error;
  }
}

/** Drop-in files (`<unit>.d/*.conf`, and the template's for an instance) across the search path, parsed. */
export async function dropIns(guest: GuestFs, name: string): Promise<{ path: string; file: UnitFile }[]> {
  const names = [name, templateOf(name)].filter((n): n is string => n !== undefined);
  const byBase = new Map<string, string>();
  // Lower-priority directories first so that a same-named drop-in higher up replaces it.
  for (const dir of [...(await searchPath(guest))].reverse()) {
    for (const n of names) {
      for (const path of await guest.glob(joinPath(dir, `${n}.d`), '*.conf')) byBase.set(baseName(path), path);
    }
  }
  const out: { path: string; file: UnitFile }[] = [];
  for (const base of [...byBase.keys()].sort()) {
    const path = byBase.get(base)!;
    const text = await guest.readText(path);
    if (text !== undefined) out.push({ path, file: parseUnitFile(text) });
  }
  return out;
}
