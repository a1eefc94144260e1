import { parseKernelArgs, type KernelArg } from './args.js';

/** A Boot Loader Specification entry (/boot/loader/entries/*.conf). */
export interface BlsEntry {
  /** Guest path of the entry file. */
  path: string;
  /** `title` key. */
  title?: string;
  /** `version` key. */
  version?: string;
  /** The entry's id: its file name without `.conf`, which grubenv's saved_entry names. */
  id: string;
  /** `linux` key: the kernel image, relative to the partition holding the entries (/boot). */
  linux?: string;
  /** 1-based line of the `linux` key. */
  linuxLine?: number;
  /** `initrd` keys in order (each may list several images), variables from grubenv expanded. */
  initrds: string[];
  /** 1-based line of the (first) `options` key; undefined when it has none. */
  line?: number;
  /** `options` after expanding `$var` from grubenv (RHEL 8 `$kernelopts`). */
  args: KernelArg[];
  /** The options as written, before expansion. */
  text: string;
}

/** The grubenv block (/boot/grub2/grubenv): `key=value` lines after a header, padded with '#'. */
export function parseGrubenv(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq > 0) env.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return env;
}

/** Parses one BLS entry; `options` may appear several times (joined with spaces, per the spec). */
export function parseBlsEntry(path: string, text: string, env: ReadonlyMap<string, string>): BlsEntry {
  const id = (path.split('/').pop() ?? path).replace(/\.conf$/, '');
  const entry: BlsEntry = { path, id, initrds: [], args: [], text: '' };
  const options: string[] = [];
  const expand = (value: string) => value.replace(/\$(\w+)|\$\{(\w+)\}/g, (_m, a: string | undefined, b: string | undefined) => env.get(a ?? b ?? '') ?? '');
  text.split('\n').forEach((raw, index) => {
    const m = /^\s*(\S+)\s+(.*?)\s*$/.exec(raw);
    if (!m || m[1]!.startsWith('#')) return;
    const [key, value] = [m[1]!, m[2]!];
    if (key === 'title') entry.title = value;
    else if (key === 'version') entry.version = value;
    else if (key === 'linux' && entry.linux === undefined) {
      entry.linux = value;
      entry.linuxLine = index + 1;
    }
    else if (key === 'initrd') entry.initrds.push(...expand(value).split(/\s+/).filter((p) => p !== ''));
    else if (key === 'options') {
      entry.line ??= index + 1;
      options.push(value);
    }
  });
  entry.text = options.join(' ');
  entry.args = parseKernelArgs(expand(entry.text));
  return entry;
}
