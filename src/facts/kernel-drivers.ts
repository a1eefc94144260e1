import { joinPath, type GuestFs } from '../guest/guest-fs.js';
import type { BootEntry, BootFacts } from './boot/types.js';
import type { KernelArg } from './kernel-cmdline/args.js';
import type { KernelCmdlineFacts } from './kernel-cmdline.js';
import { readInitramfsBuilders } from './kernel-drivers/builder-config.js';
import { cmdlineDisables, MODPROBE_DIRS, parseModprobeConf, type ModuleDisable } from './kernel-drivers/modprobe.js';
import { parseKernelConfig, parseModulesBuiltin, parseModulesDep, type DepEntry, type ListedModule } from './kernel-drivers/module-lists.js';
import { DRIVERS_OF_INTEREST, moduleNameOfPath } from './kernel-drivers/names.js';
import type { DefaultKernel, KernelDriver, KernelDriversFacts, OtherKernel } from './kernel-drivers/types.js';
import { listShadowed } from './network/config-dirs.js';

export type * from './kernel-drivers/types.js';
export { DRIVERS_OF_INTEREST, filesystemDriver, moduleNameOfPath, normaliseModuleName } from './kernel-drivers/names.js';
export { parseModprobeConf, cmdlineDisables, MODPROBE_DIRS } from './kernel-drivers/modprobe.js';
export { parseKernelConfig, parseModulesBuiltin, parseModulesDep, dependencyClosure } from './kernel-drivers/module-lists.js';

/** Where distributions keep a kernel's modules: /lib/modules, or /usr/lib/modules on merged-usr systems without the /lib link. */
const MODULE_ROOTS = ['/lib/modules', '/usr/lib/modules'] as const;
/** Module directories below /lib/modules/<version> that the walk visits when modules.dep is missing. */
const MODULE_TREES = ['kernel', 'updates', 'extra'] as const;
/** Deepest module path real kernels have (kernel/drivers/net/ethernet/mellanox/mlx5/core/...): 8; a little margin. */
const MAX_WALK_DEPTH = 12;

/** The release in a kernel file name: vmlinuz-6.1.0-13-cloud-amd64, vmlinux-..., Image-... */
function versionOfKernelPath(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const m = /^(?:vmlinuz|vmlinux|Image|kernel|bzImage)-(.+)$/.exec(base);
  return m?.[1];
}

async function moduleVersions(guest: GuestFs): Promise<string[]> {
  const out = new Set<string>();
  for (const root of MODULE_ROOTS) for (const e of (await guest.readdir(root)) ?? []) if (e.type === 'dir' || e.type === 'symlink') out.add(e.name);
  return [...out].sort();
}

/** The default kernel's release, from the boot entry, its file name, or the only /lib/modules directory. */
async function defaultKernel(guest: GuestFs, boot: BootFacts | undefined): Promise<DefaultKernel | string> {
  const entry: BootEntry | undefined = boot?.default;
  const base = entry ? { kernel: entry.kernel, initrds: entry.initrds, entry: entry.label } : { initrds: [] };
  if (entry?.version) return { version: entry.version, versionFrom: `the version of ${entry.label}`, ...base };
  const fromName = entry ? versionOfKernelPath(entry.kernel) : undefined;
  if (entry && fromName) return { version: fromName, versionFrom: `the kernel file name ${entry.kernel}`, ...base };
  const versions = await moduleVersions(guest);
  const why = entry ? `the default entry ${entry.label} names no kernel release` : boot ? 'no default boot entry was found' : 'the boot entries could not be read';
  if (versions.length === 1) {
    const version = versions[0]!;
    // Without a boot entry, the initrd the distributions' own tools name for that release (Debian/Ubuntu, then dracut).
    const initrds = entry ? base.initrds : await firstExisting(guest, [`/boot/initrd.img-${version}`, `/boot/initramfs-${version}.img`, `/boot/initrd-${version}`]);
    return { version, versionFrom: `the only directory in /lib/modules (${why})`, ...base, initrds };
  }
  return versions.length === 0 ? `${why}, and the image has no /lib/modules` : `${why}, and /lib/modules holds ${versions.length} releases (${versions.join(', ')})`;
}

async function firstExisting(guest: GuestFs, paths: string[]): Promise<string[]> {
  for (const path of paths) if (await guest.exists(path)) return [path];
  return [];
}

async function firstDir(guest: GuestFs, paths: string[]): Promise<string | undefined> {
  for (const path of paths) if ((await guest.stat(path))?.node.type === 'dir') return path;
  return undefined;
}

/** Module files below the module trees of `dir`, by name (first found wins, as depmod's search order does for kernel/ before updates/ is not the point here: presence is). */
async function walkModules(guest: GuestFs, dir: string): Promise<Map<string, ListedModule>> {
  const out = new Map<string, ListedModule>();
  const visit = async (path: string, rel: string, depth: number): Promise<void> => {
    if (depth > MAX_WALK_DEPTH) return;
    for (const e of (await guest.readdir(path)) ?? []) {
      if (e.type === 'dir') await visit(joinPath(path, e.name), `${rel}/${e.name}`, depth + 1);
      else {
        const name = moduleNameOfPath(e.name);
        if (name && !out.has(name)) out.set(name, { line: 0, path: `${rel}/${e.name}` });
      }
    }
  };
  for (const tree of MODULE_TREES) await visit(joinPath(dir, tree), tree, 1);
  return out;
}

/** Dependencies that are neither built in nor a module file in the image: modprobe fails to load a module whose dependency is missing. */
async function missingFiles(guest: GuestFs, dir: string, deps: readonly string[], dep: ReadonlyMap<string, DepEntry> | undefined, builtin: ReadonlyMap<string, ListedModule>): Promise<string[]> {
  const missing: string[] = [];
  for (const name of deps) {
    if (builtin.has(name)) continue;
    const rel = dep?.get(name)?.path;
    if (!rel || !(await guest.exists(rel.startsWith('/') ? rel : `${dir}/${rel}`))) missing.push(name);
  }
  return missing;
}

/** modprobe.d files in force and what they disable; plus the default entry's module-blacklisting arguments. */
async function readModprobe(guest: GuestFs, args: readonly KernelArg[]): Promise<KernelDriversFacts['modprobe']> {
  const files = await listShadowed(guest, MODPROBE_DIRS, '.conf');
  const disables: ModuleDisable[] = files.flatMap((f) => parseModprobeConf(f.text, f.path));
  disables.push(...cmdlineDisables(args));
  return { files: files.map((f) => f.path), disables };
}

/** The default entry's arguments; without boot facts, the effective command line. */
function bootArgs(boot: BootFacts | undefined, cmdline: KernelCmdlineFacts | undefined): KernelArg[] {
  return boot?.default?.args ?? cmdline?.effective ?? [];
}

/**
 * The booted kernel's drivers as the image holds them: built in (modules.builtin, /boot/config),
 * modules on disk (modules.dep, or the module tree when it is missing), and what modprobe.d and
 * the kernel command line disable. The initramfs side is src/facts/initramfs.ts.
 */
export async function collectKernelDrivers(
  guest: GuestFs,
  context: { boot?: BootFacts; kernelCmdline?: KernelCmdlineFacts },
): Promise<KernelDriversFacts> {
  const { boot } = context;
  const otherKernels: OtherKernel[] = (boot?.entries ?? [])
    .filter((e) => e !== boot?.default)
    .map((e) => ({ label: e.label, kernel: e.kernel, ...(e.version ? { version: e.version } : {}), initrds: e.initrds }));
  const facts: KernelDriversFacts = {
    sources: {},
    drivers: {},
    modprobe: await readModprobe(guest, bootArgs(boot, context.kernelCmdline)),
    builders: await readInitramfsBuilders(guest),
    otherKernels,
    notes: [],
  };
  const kernel = await defaultKernel(guest, boot);
  if (typeof kernel === 'string') {
    facts.notJudged = kernel;
    return facts;
  }
  facts.kernel = kernel;
  const version = kernel.version;
  const dir = await firstDir(guest, MODULE_ROOTS.map((r) => `${r}/${version}`));
  if (dir) facts.modulesDir = dir;

  let builtin = new Map<string, ListedModule>();
  let dep: Map<string, DepEntry> | undefined;
  let onDisk = new Map<string, ListedModule>();
  if (dir) {
    const builtinText = await guest.readText(`${dir}/modules.builtin`);
    if (builtinText !== undefined) {
      builtin = parseModulesBuiltin(builtinText);
      facts.sources.builtin = { path: `${dir}/modules.builtin`, modules: builtin.size };
    }
    const depText = await guest.readText(`${dir}/modules.dep`);
    if (depText !== undefined) {
      dep = parseModulesDep(depText);
      onDisk = dep;
      facts.sources.modulesDep = { path: `${dir}/modules.dep`, modules: dep.size };
    } else {
      onDisk = await walkModules(guest, dir);
      facts.sources.walked = { path: dir, modules: onDisk.size };
      facts.notes.push(`${dir}/modules.dep is missing: modprobe cannot load modules until depmod runs; module files were found by walking ${dir}`);
    }
  }
  let configPath: string | undefined;
  let config = new Map<string, { value: string; line: number }>();
  for (const candidate of [`/boot/config-${version}`, ...(dir ? [`${dir}/config`] : [])]) {
    const text = await guest.readText(candidate);
    if (text === undefined) continue;
    config = parseKernelConfig(text);
    configPath = candidate;
    facts.sources.config = { path: candidate };
    break;
  }

  for (const d of DRIVERS_OF_INTEREST) {
    const driver: KernelDriver = { name: d.name, role: d.role, state: 'absent', disabledBy: facts.modprobe.disables.filter((x) => x.module === d.name) };
    const option = config.get(d.config);
    if (option && configPath) driver.config = { option: d.config, value: option.value, path: configPath, line: option.line };
    const listed = builtin.get(d.name);
    if (listed) driver.builtIn = { path: `${dir}/modules.builtin`, line: listed.line };
    const file = onDisk.get(d.name);
    if (file && dir) {
      // modules.dep paths are relative to the module directory (older depmod wrote absolute ones).
      const path = file.path.startsWith('/') ? file.path : `${dir}/${file.path}`;
      if (await guest.exists(path)) {
        const deps = dep?.get(d.name)?.deps ?? [];
        driver.module = { path, deps, missingDeps: await missingFiles(guest, dir, deps, dep, builtin) };
      } else facts.notes.push(`${d.name}: modules.dep lists ${path}, which is not in the image`);
    }
    driver.state = listed || option?.value === 'y' ? 'built-in' : driver.module ? 'module' : 'absent';
    facts.drivers[d.name] = driver;
  }
  return facts;
}
