import { moduleNameOfPath, normaliseModuleName } from './names.js';

/**
 * The text files depmod and kbuild leave in /lib/modules/<version> (and that initramfs builders
 * copy into the image's initramfs), and the kernel's build configuration. Pure parsers: text in,
 * maps by module name (underscore form) out. Lines that are not what the format says are skipped:
 * the files come from tools, and a stray line must not hide the others.
 */

/** Where one name was listed: 1-based line and the path as written there. */
export interface ListedModule {
  line: number;
  /** Path as written, relative to /lib/modules/<version> (`kernel/drivers/hv/hv_vmbus.ko`). */
  path: string;
}

/** modules.builtin (kbuild): one `kernel/<dir>/<name>.ko` per module linked into the kernel image. */
export function parseModulesBuiltin(text: string): Map<string, ListedModule> {
  const out = new Map<string, ListedModule>();
  text.split('\n').forEach((raw, i) => {
    const path = raw.trim();
    const name = moduleNameOfPath(path);
    if (name && !out.has(name)) out.set(name, { line: i + 1, path });
  });
  return out;
}

/** One module of modules.dep with the modules it needs loaded first. */
export interface DepEntry extends ListedModule {
  /** Dependencies' names, in the order depmod wrote them. */
  deps: string[];
}

/** modules.dep (depmod(8)): `path: dep-path dep-path ...`, one module per line. */
export function parseModulesDep(text: string): Map<string, DepEntry> {
  const out = new Map<string, DepEntry>();
  text.split('\n').forEach((raw, i) => {
    const colon = raw.indexOf(':');
    if (colon < 0) return;
    const path = raw.slice(0, colon).trim();
    const name = moduleNameOfPath(path);
    if (!name || out.has(name)) return;
    const deps = raw
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map((d) => moduleNameOfPath(d))
      .filter((d): d is string => d !== undefined);
    out.set(name, { line: i + 1, path, deps });
  });
  return out;
}

/** A Kconfig option as /boot/config-<version> records it. */
export interface ConfigOption {
  /** `y` built in, `m` module, `n` for `# CONFIG_X is not set`; other values as written. */
  value: string;
  line: number;
}

/** /boot/config-<version>: `CONFIG_X=y|m|"..."` and `# CONFIG_X is not set`. */
export function parseKernelConfig(text: string): Map<string, ConfigOption> {
  const out = new Map<string, ConfigOption>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const set = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (set) out.set(set[1]!, { value: set[2]!, line: i + 1 });
    const unset = /^# (CONFIG_[A-Za-z0-9_]+) is not set$/.exec(line);
    if (unset) out.set(unset[1]!, { value: 'n', line: i + 1 });
  });
  return out;
}

/** The closure of `name`'s dependencies in modules.dep (depmod already lists the transitive set; this also covers hand-written files). */
export function dependencyClosure(dep: ReadonlyMap<string, DepEntry>, name: string): string[] {
  const seen = new Set<string>();
  const pending = [...(dep.get(normaliseModuleName(name))?.deps ?? [])];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...(dep.get(next)?.deps ?? []));
  }
  return [...seen].sort();
}
