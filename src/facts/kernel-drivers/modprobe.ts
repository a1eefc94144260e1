import type { KernelArg } from '../kernel-cmdline/args.js';
import { excerptOf } from '../excerpt.js';
import { normaliseModuleName } from './names.js';

/**
 * modprobe configuration (modprobe.d(5)) as it disables modules. kmod reads `*.conf` from
 * /etc/modprobe.d, /run/modprobe.d, /usr/local/lib/modprobe.d, /lib/modprobe.d and
 * /usr/lib/modprobe.d; a file name in an earlier directory shadows the same name in a later one,
 * and the files are read in name order. /run is a tmpfs at boot, so an image's /run/modprobe.d
 * is never read and is left out here.
 */
export const MODPROBE_DIRS = ['/etc/modprobe.d', '/usr/local/lib/modprobe.d', '/lib/modprobe.d', '/usr/lib/modprobe.d'] as const;

/**
 * How a module is disabled:
 * - `blacklist`: modprobe ignores the module's own aliases, so udev's modalias autoload and the
 *   kernel's `request_module("fs-udf")` on `mount -t udf` do not load it; `modprobe udf` still does.
 * - `install`: `install udf /bin/true` (or /bin/false, the CIS benchmark's form) replaces every
 *   load, by alias or by name, with a command that loads nothing.
 * - `alias-off`: `alias udf off` makes the name resolve to a module that does not exist.
 * - `cmdline`: `modprobe.blacklist=` (kmod, like `blacklist`), `rd.driver.blacklist=` (dracut, the
 *   same inside the initramfs) or `module_blacklist=` (the kernel refuses every load).
 */
export type DisableKind = 'blacklist' | 'install' | 'alias-off' | 'cmdline';

/** One directive that keeps a module from loading. */
export interface ModuleDisable {
  /** Module name, underscore form. */
  module: string;
  kind: DisableKind;
  /** True when even an explicit `modprobe <name>` fails (install, alias-off, module_blacklist=). */
  blocksExplicitLoad: boolean;
  /** Guest path (an initramfs path is written `<initramfs>:<member>`), or "kernel command line". */
  path: string;
  line?: number;
  excerpt: string;
}

/** Commands that load nothing: what hardening guides put after `install <module>`. */
const NO_OP_COMMANDS = new Set(['true', 'false', 'echo', 'exit', ':']);

/** The directives in one modprobe.d file that disable a module (other directives are not the gate's business). */
export function parseModprobeConf(text: string, path: string): ModuleDisable[] {
  const out: ModuleDisable[] = [];
  // modprobe.d(5): a line ending in a backslash continues on the next.
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + ' ' + lines[++i]!;
    const words = line.trim().split(/\s+/);
    if (words[0] === undefined || words[0].startsWith('#') || words.length < 2) continue;
    const keyword = words[0];
    const record = (module: string, kind: DisableKind, blocksExplicitLoad: boolean): void => {
      out.push({ module: normaliseModuleName(module), kind, blocksExplicitLoad, path, line: start + 1, excerpt: excerptOf(lines[start]!) });
    };
    if (keyword === 'blacklist') record(words[1]!, 'blacklist', false);
    else if (keyword === 'install' && words.length >= 3 && isNoOp(words.slice(2))) record(words[1]!, 'install', true);
    else if (keyword === 'alias' && words.length === 3 && words[2] === 'off') record(words[1]!, 'alias-off', true);
  }
  return out;
}

/** `/bin/true`, `/usr/bin/false`, `/bin/echo "disabled"`, `true`: an install command that never loads the module. */
function isNoOp(command: string[]): boolean {
  const first = command[0]!;
  const base = first.slice(first.lastIndexOf('/') + 1);
  return NO_OP_COMMANDS.has(base) && !command.some((w) => w.includes('modprobe') || w === '&&' || w === ';' || w === '||');
}

/** Module-disabling kernel arguments of the booted entry. */
export function cmdlineDisables(args: readonly KernelArg[]): ModuleDisable[] {
  const out: ModuleDisable[] = [];
  for (const arg of args) {
    const explicit = arg.name === 'module_blacklist';
    if (!explicit && arg.name !== 'modprobe.blacklist' && arg.name !== 'rd.driver.blacklist') continue;
    for (const module of (arg.value ?? '').split(',').filter((m) => m.trim() !== '')) {
      out.push({ module: normaliseModuleName(module), kind: 'cmdline', blocksExplicitLoad: explicit, path: 'kernel command line', excerpt: arg.raw.slice(0, 120) });
    }
  }
  return out;
}
