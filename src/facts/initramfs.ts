import type { GuestFs } from '../guest/guest-fs.js';
import { cmdlineDisables, parseModprobeConf, type ModuleDisable } from './kernel-drivers/modprobe.js';
import { parseKernelArgs } from './kernel-cmdline/args.js';
import { parseModulesBuiltin, parseModulesDep, type DepEntry } from './kernel-drivers/module-lists.js';
import { DRIVERS_OF_INTEREST, moduleNameOfPath } from './kernel-drivers/names.js';
import type { KernelDriversFacts } from './kernel-drivers/types.js';

/**
 * What the default initramfs gives the kernel before the root filesystem is mounted: which
 * module files it holds for the booted release, its own modules.dep and modules.builtin, and the
 * modprobe configuration inside it. Several initrds of one entry are unpacked into the same
 * rootfs in order (the kernel's initramfs.c), so they are read as one tree, a later entry
 * replacing an earlier one of the same name.
 */

/** The parts of src/initramfs's listing this subject reads (InitramfsListing). */
export interface InitramfsListingView {
  path: string;
  size: number;
  archives: { compression: string; entries: number }[];
  entries: { name: string; mode: number; size: number; target?: string }[];
  files: Map<string, Uint8Array>;
}

/** readInitramfs(guest, path, { keep }) from src/initramfs. */
export type InitramfsReader = (guest: GuestFs, path: string, options: { keep?: (name: string, size: number) => boolean }) => Promise<InitramfsListingView | undefined>;

/** Where a driver is before the root filesystem is mounted. */
export type EarlyDriverState = 'built-in' | 'initramfs' | 'absent';

/** One driver the rules ask about, as the booted kernel sees it before root is mounted. */
export interface EarlyDriver {
  name: string;
  state: EarlyDriverState;
  /** Member path in the initramfs (canonical, after its lib → usr/lib links). */
  path?: string;
  /** Dependencies (the initramfs's modules.dep) that are neither built in nor in the initramfs. */
  missingDeps: string[];
  /** Directives inside the initramfs and kernel arguments that keep it from loading there. */
  disabledBy: ModuleDisable[];
}

/** The default entry's initramfs, as far as drivers go. */
export interface InitramfsFacts {
  /** Kernel release judged (the kernelDrivers subject's default kernel). */
  version?: string;
  /** Why nothing was judged (no default kernel). */
  notJudged?: string;
  /** Each initrd read: guest path, size, archives (compression, entries). */
  images: { path: string; size: number; archives: { compression: string; entries: number }[] }[];
  /** initrd paths the entry names that are not in the image. */
  missing: string[];
  /** The module directory used inside the initramfs ("usr/lib/modules/6.1.0-13-cloud-amd64"), when it has one for the release. */
  moduleDir?: string;
  /** Releases the initramfs holds modules for: another release than the booted one is a stale initramfs. */
  moduleVersions: string[];
  /** Module files in moduleDir. */
  moduleCount: number;
  /** Its own modules.dep / modules.builtin, when present (member paths). */
  sources: { modulesDep?: string; modulesBuiltin?: string };
  /** modprobe.d files inside the initramfs (member paths) and what they disable, plus the default entry's blacklisting arguments. */
  modprobe: { files: string[]; disables: ModuleDisable[] };
  /** The drivers of DRIVERS_OF_INTEREST, by name. */
  drivers: Record<string, EarlyDriver>;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const MODPROBE_MEMBER_DIRS = ['etc/modprobe.d', 'usr/local/lib/modprobe.d', 'lib/modprobe.d', 'usr/lib/modprobe.d'];
const MAX_LINKS = 40;

/** The members the collector keeps: module lists, modprobe.d, dracut's cmdline.d. Everything else is listed only. */
export function keepForDrivers(name: string): boolean {
  return /(^|\/)modules\.(dep|builtin)$/.test(name) || /(^|\/)modprobe\.d\/[^/]+\.conf$/.test(name) || /^etc\/cmdline\.d\/[^/]+\.conf$/.test(name);
}

/** One tree of all the entry's initrds: last entry of a name wins. */
class MemberTree {
  readonly members = new Map<string, { mode: number; target?: string }>();
  readonly files = new Map<string, Uint8Array>();
  add(listing: InitramfsListingView): void {
    for (const e of listing.entries) this.members.set(e.name, { mode: e.mode, ...(e.target !== undefined ? { target: e.target } : {}) });
    for (const [name, bytes] of listing.files) this.files.set(name, bytes);
  }
  /** `name` with symlinked directories resolved (lib → usr/lib), inside the initramfs root; undefined on a loop. */
  canonical(name: string): string | undefined {
    let parts = name.split('/').filter((p) => p !== '' && p !== '.');
    let done: string[] = [];
    let links = 0;
    while (parts.length > 0) {
      const next = parts.shift()!;
      if (next === '..') { done.pop(); continue; }
      const path = [...done, next].join('/');
      const m = this.members.get(path);
      if (m && (m.mode & S_IFMT) === S_IFLNK && m.target !== undefined && parts.length > 0) {
        if (++links > MAX_LINKS) return undefined;
        if (m.target.startsWith('/')) done = [];
        parts = [...m.target.split('/').filter((p) => p !== ''), ...parts];
        continue;
      }
      done.push(next);
    }
    return done.join('/');
  }
  /** Regular files by canonical name. */
  regularFiles(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [name, m] of this.members) {
      if ((m.mode & S_IFMT) !== S_IFREG) continue;
      const c = this.canonical(name);
      if (c !== undefined) out.set(c, name);
    }
    return out;
  }
  text(name: string): string | undefined {
    const bytes = this.files.get(name);
    return bytes && new TextDecoder().decode(bytes);
  }
}

/**
 * Reads the default entry's initrds and works out, for each driver the rules ask about, whether
 * the kernel has it before the root filesystem is mounted.
 */
export async function collectInitramfs(guest: GuestFs, kernelDrivers: KernelDriversFacts | undefined, read: InitramfsReader): Promise<InitramfsFacts> {
  const facts: InitramfsFacts = { images: [], missing: [], moduleVersions: [], moduleCount: 0, sources: {}, modprobe: { files: [], disables: [] }, drivers: {} };
  const kernel = kernelDrivers?.kernel;
  if (!kernelDrivers || !kernel) {
    facts.notJudged = kernelDrivers?.notJudged ?? 'the kernel drivers could not be read';
    return facts;
  }
  facts.version = kernel.version;
  const tree = new MemberTree();
  for (const path of kernel.initrds) {
    const listing = await read(guest, path, { keep: (name) => keepForDrivers(name) });
    if (!listing) {
      facts.missing.push(path);
      continue;
    }
    facts.images.push({ path: listing.path, size: listing.size, archives: listing.archives.map((a) => ({ compression: a.compression, entries: a.entries })) });
    tree.add(listing);
  }
  const files = tree.regularFiles();
  const versions = new Set<string>();
  for (const c of files.keys()) {
    const m = /^(?:usr\/)?lib\/modules\/([^/]+)\//.exec(c);
    if (m) versions.add(m[1]!);
  }
  facts.moduleVersions = [...versions].sort();

  // modprobe looks in /lib/modules/<release>; merged-usr initramfs images link lib to usr/lib.
  const dirs = [`lib/modules/${kernel.version}`, `usr/lib/modules/${kernel.version}`].map((d) => tree.canonical(d)).filter((d): d is string => d !== undefined);
  const moduleDir = dirs.find((d) => [...files.keys()].some((c) => c.startsWith(`${d}/`)));
  const modules = new Map<string, string>();
  let dep = new Map<string, DepEntry>();
  let builtin = new Set<string>();
  if (moduleDir) {
    facts.moduleDir = moduleDir;
    for (const [c, member] of files) {
      if (!c.startsWith(`${moduleDir}/`)) continue;
      const name = moduleNameOfPath(c);
      if (name && !modules.has(name)) modules.set(name, member);
    }
    facts.moduleCount = modules.size;
    const depMember = files.get(`${moduleDir}/modules.dep`);
    const depText = depMember && tree.text(depMember);
    if (depText !== undefined) {
      dep = parseModulesDep(depText);
      facts.sources.modulesDep = depMember;
    }
    const builtinMember = files.get(`${moduleDir}/modules.builtin`);
    const builtinText = builtinMember && tree.text(builtinMember);
    if (builtinText !== undefined) {
      builtin = new Set(parseModulesBuiltin(builtinText).keys());
      facts.sources.modulesBuiltin = builtinMember;
    }
  }

  // modprobe.d inside the initramfs (same shadowing by name as on disk), dracut's cmdline.d, and the entry's arguments.
  const chosen = new Map<string, string>();
  for (const dir of MODPROBE_MEMBER_DIRS.map((d) => tree.canonical(d) ?? d)) {
    for (const [c, member] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!c.startsWith(`${dir}/`) || !c.endsWith('.conf') || c.slice(dir.length + 1).includes('/')) continue;
      const base = c.slice(dir.length + 1);
      if (!chosen.has(base)) chosen.set(base, member);
    }
  }
  const initrdPath = facts.images.map((i) => i.path).join(' + ') || 'initramfs';
  for (const base of [...chosen.keys()].sort()) {
    const member = chosen.get(base)!;
    facts.modprobe.files.push(member);
    facts.modprobe.disables.push(...parseModprobeConf(tree.text(member) ?? '', `${initrdPath}:${member}`));
  }
  for (const [c, member] of files) {
    if (!c.startsWith('etc/cmdline.d/') || !c.endsWith('.conf')) continue;
    facts.modprobe.disables.push(...cmdlineDisables(parseKernelArgs(tree.text(member) ?? '')).map((d) => ({ ...d, path: `${initrdPath}:${member}` })));
  }
  facts.modprobe.disables.push(...kernelDrivers.modprobe.disables.filter((d) => d.kind === 'cmdline'));

  const isBuiltIn = (name: string) => builtin.has(name) || kernelDrivers.drivers[name]?.state === 'built-in';
  for (const d of DRIVERS_OF_INTEREST) {
    const member = modules.get(d.name);
    const state: EarlyDriverState = isBuiltIn(d.name) ? 'built-in' : member ? 'initramfs' : 'absent';
    const deps = state === 'initramfs' ? (dep.get(d.name)?.deps ?? kernelDrivers.drivers[d.name]?.module?.deps ?? []) : [];
    facts.drivers[d.name] = {
      name: d.name,
      state,
      ...(member ? { path: member } : {}),
      missingDeps: deps.filter((x) => !isBuiltIn(x) && !modules.has(x)),
      disabledBy: facts.modprobe.disables.filter((x) => x.module === d.name),
    };
  }
  return facts;
}
