import { joinPath, splitPath, type GuestFs } from '../../guest/guest-fs.js';
import { MAX_CONFIG_FILES } from './config-dirs.js';
import { isRunPartsName, parseEni, type EniAuto, type EniIface } from './eni.js';

/** The main ifupdown file. */
export const ENI_PATH = '/etc/network/interfaces';
/** Bounds `source` nesting: ifupdown itself has no limit, a loop in an image must not hang us. */
const MAX_SOURCE_DEPTH = 8;

/** An iface stanza or auto line with the file it came from. */
export type Placed<T> = T & { path: string };

/** Everything ifupdown reads, with `source`/`source-directory` expanded. */
export interface EniConfig {
  ifaces: Placed<EniIface>[];
  autos: Placed<EniAuto>[];
  /** Files read, in reading order. */
  files: string[];
  /** Problems: too deep nesting, too many files. */
  notes: string[];
}

/** Reads /etc/network/interfaces and what it sources; undefined when the file is absent. */
export async function loadEni(guest: GuestFs): Promise<EniConfig | undefined> {
  const text = await guest.readText(ENI_PATH);
  if (text === undefined) return undefined;
  const out: EniConfig = { ifaces: [], autos: [], files: [], notes: [] };
  await readInto(guest, ENI_PATH, text, 0, out);
  return out;
}

async function readInto(guest: GuestFs, path: string, text: string, depth: number, out: EniConfig): Promise<void> {
  out.files.push(path);
  const file = parseEni(text);
  out.ifaces.push(...file.ifaces.map((i) => ({ ...i, path })));
  out.autos.push(...file.autos.map((a) => ({ ...a, path })));
  const here = path.slice(0, path.lastIndexOf('/')) || '/';
  for (const source of file.sources) {
    if (depth + 1 > MAX_SOURCE_DEPTH) {
      out.notes.push(`${path}:${source.line}: source nested deeper than ${MAX_SOURCE_DEPTH} levels; not followed`);
      continue;
    }
    // interfaces(5): a relative path is relative to the directory of the file that holds the directive.
    const pattern = source.pattern.startsWith('/') ? source.pattern : joinPath(here, source.pattern);
    const matches = await expandGlob(guest, pattern);
    const files = source.kind === 'source' ? matches : await runPartsFiles(guest, matches);
    for (const included of files) {
      if (out.files.length >= MAX_CONFIG_FILES) {
        out.notes.push(`${path}:${source.line}: more than ${MAX_CONFIG_FILES} files; the rest were not read`);
        return;
      }
      const includedText = await guest.readText(included);
      if (includedText !== undefined) await readInto(guest, included, includedText, depth + 1, out);
    }
  }
}

/** Regular files of each directory whose names run-parts accepts, sorted per directory. */
async function runPartsFiles(guest: GuestFs, dirs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const dir of dirs) {
    for (const entry of (await guest.readdir(dir)) ?? []) {
      if (isRunPartsName(entry.name)) out.push(joinPath(dir, entry.name));
    }
  }
  return out;
}

/** Paths matching a pattern with `*`, `?`, `[..]` in any component, sorted as wordexp(3) does; a plain path is returned as is. */
export async function expandGlob(guest: GuestFs, pattern: string): Promise<string[]> {
  let paths = ['/'];
  for (const part of splitPath(pattern)) {
    if (!/[*?[]/.test(part)) {
      paths = paths.map((p) => joinPath(p, part));
      continue;
    }
    const next: string[] = [];
    for (const p of paths) next.push(...(await guest.glob(p, part)).filter((m) => !m.split('/').pop()!.startsWith('.') || part.startsWith('.')));
    paths = next.slice(0, MAX_CONFIG_FILES);
  }
  return paths;
}
