import { joinPath, splitPath, type GuestFs } from '../../guest/guest-fs.js';
import { isRunPartsName, parseEni, type EniAuto, type EniIface } from './eni.js';

/** The main ifupdown file. */
export const ENI_PATH = '/etc/network/interfaces';

/** An iface stanza or auto line with the file it came from. */
export type Placed<T> = T & { path: string };

/** Everything ifupdown reads, with `source`/`source-directory` expanded. */
export interface EniConfig {
  ifaces: Placed<EniIface>[];
  autos: Placed<EniAuto>[];
  /** Files read, in reading order. */
  files: string[];
  /** Problems worth reporting. */
  notes: string[];
}

/**
 * Reads /etc/network/interfaces and what it sources; undefined when the file is absent.
 * ifupdown has no limit on `source` nesting or fan-out, so a loop or a glob bomb in an image
 * is bounded by the includeDepth, includeFiles and globFiles budgets: a LimitError, never
 * a configuration judged on the files we happened to read first.
 */
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
  // Judging stanzas against each other is quadratic; 120k `iface eth0` stanzas must not take minutes.
  guest.enforce('networkDefinitions', out.ifaces.length + out.autos.length, path, `${out.ifaces.length} iface stanzas and ${out.autos.length} auto lines`);
  const here = path.slice(0, path.lastIndexOf('/')) || '/';
  for (const source of file.sources) {
    guest.enforce('includeDepth', depth + 1, path, `line ${source.line}: source nested ${depth + 1} levels deep`);
    // interfaces(5): a relative path is relative to the directory of the file that holds the directive.
    const pattern = source.pattern.startsWith('/') ? source.pattern : joinPath(here, source.pattern);
    const matches = await expandGlob(guest, pattern);
    const files = source.kind === 'source' ? matches : await runPartsFiles(guest, matches);
    for (const included of files) {
      guest.enforce('includeFiles', out.files.length + 1, included, `reading it as file number ${out.files.length + 1} through source`);
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
    guest.enforce('globFiles', out.length, dir, `${out.length} files in source-directory so far`);
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
    for (const p of paths) {
      next.push(...(await guest.glob(p, part)).filter((m) => !m.split('/').pop()!.startsWith('.') || part.startsWith('.')));
      guest.enforce('globFiles', next.length, pattern, `${next.length} matches so far`);
    }
    paths = next;
  }
  return paths;
}
