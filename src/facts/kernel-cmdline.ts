import type { GuestFs } from '../guest/guest-fs.js';
import { parseKernelArgs, type KernelArg } from './kernel-cmdline/args.js';
import { parseBlsEntry, parseGrubenv } from './kernel-cmdline/bls.js';
import { parseGrubCfg } from './kernel-cmdline/grub-cfg.js';
import { lastAssignment, parseShellVars, type ShellVars } from './shell-vars.js';

export { parseKernelArgs, type KernelArg } from './kernel-cmdline/args.js';
export { parseGrubCfg, type GrubCfg, type GrubMenuEntry } from './kernel-cmdline/grub-cfg.js';
export { parseBlsEntry, parseGrubenv, type BlsEntry } from './kernel-cmdline/bls.js';

/** Generated GRUB configurations (Debian/Ubuntu, then RHEL/SUSE). */
export const GRUB_CFG_PATHS = ['/boot/grub/grub.cfg', '/boot/grub2/grub.cfg'] as const;
/** grubenv locations (RHEL 8 keeps `kernelopts` there). */
export const GRUBENV_PATHS = ['/boot/grub2/grubenv', '/boot/grub/grubenv'] as const;

/** Where a set of kernel arguments was found. */
export type CmdlineSourceKind = 'default-grub' | 'grub-cfg' | 'bls' | 'kernel-install';

/** One place that contributes kernel arguments. */
export interface CmdlineSource {
  kind: CmdlineSourceKind;
  /** Guest path. */
  path: string;
  /** 1-based line of the assignment / linux command / options key. */
  line?: number;
  /** What it is: "GRUB_CMDLINE_LINUX", "menuentry 'Ubuntu'", "BLS entry 'Rocky Linux (5.14...)'". */
  label: string;
  /** True for what boots by default: grub.cfg's default entry, the default BLS entry, /etc/default/grub's effective values. */
  isDefault: boolean;
  /** The arguments. */
  args: KernelArg[];
  /** Text as written (one line, for evidence). */
  text: string;
}

/** Where one argument was seen, for evidence. */
export interface ArgSource {
  path: string;
  line?: number;
  /** The source's label ("GRUB_CMDLINE_LINUX_DEFAULT", "menuentry 'Ubuntu'"). */
  label: string;
}

/** An argument of the merged set with every source that sets it. */
export interface EffectiveArg extends KernelArg {
  /** Each source that has this exact token. */
  sources: ArgSource[];
}

/** The kernel command line the guest will boot with, from every place that defines it. */
export interface KernelCmdlineFacts {
  /** Every source, in the order read: /etc/default/grub (+ grub.d), grub.cfg entries, BLS entries, /etc/kernel/cmdline. */
  sources: CmdlineSource[];
  /** Union of the arguments of default sources (and of every entry when no default is known), de-duplicated by token. */
  effective: EffectiveArg[];
  /** Flags rules care about, each with the sources that set it. */
  flags: {
    /** `cloud-init=disabled`: the generator does not start cloud-init. */
    cloudInitDisabled: EffectiveArg[];
    /** `ds=` (cloud-init's kernel datasource override, e.g. ds=nocloud;s=...). */
    ds: EffectiveArg[];
    /** `ci.ds=` / `ci.datasource=` (ds-identify's datasource override). */
    ciDs: EffectiveArg[];
    /** `net.ifnames=0` (classic eth0 names). */
    netIfnamesZero: EffectiveArg[];
    /** `console=ttyS0[,...]` (serial console, needed for Azure serial console/boot diagnostics). */
    consoleTtyS0: EffectiveArg[];
  };
  /** Shell lines of /etc/default/grub(.d) that are not assignments. */
  problems: { path: string; line: number; reason: string }[];
}

const GRUB_VARS = ['GRUB_CMDLINE_LINUX', 'GRUB_CMDLINE_LINUX_DEFAULT'] as const;

async function defaultGrubSources(guest: GuestFs, problems: KernelCmdlineFacts['problems']): Promise<CmdlineSource[]> {
  // grub-mkconfig sources /etc/default/grub, then /etc/default/grub.d/*.cfg in glob order.
  const files = ['/etc/default/grub', ...(await guest.glob('/etc/default/grub.d', '*.cfg'))];
  let values: ReadonlyMap<string, string> = new Map();
  const last = new Map<string, { path: string; vars: ShellVars }>();
  for (const path of files) {
    const text = await guest.readText(path);
    if (text === undefined) continue;
    const vars = parseShellVars(text, values, path);
    values = vars.values;
    problems.push(...vars.problems.map((p) => ({ path, ...p })));
    for (const name of GRUB_VARS) if (lastAssignment(vars, name)) last.set(name, { path, vars });
  }
  return GRUB_VARS.flatMap((name) => {
    const where = last.get(name);
    if (!where) return [];
    const assignment = lastAssignment(where.vars, name)!;
    const value = values.get(name) ?? '';
    return [{ kind: 'default-grub' as const, path: where.path, line: assignment.line, label: name, isDefault: true, args: parseKernelArgs(value), text: assignment.raw }];
  });
}

async function grubCfgSources(guest: GuestFs): Promise<CmdlineSource[]> {
  const sources: CmdlineSource[] = [];
  for (const path of GRUB_CFG_PATHS) {
    const text = await guest.readText(path);
    if (text === undefined) continue;
    const cfg = parseGrubCfg(text);
    for (const entry of cfg.entries) {
      const title = [...entry.submenus, entry.title].join(' > ');
      sources.push({ kind: 'grub-cfg', path, line: entry.line, label: `menuentry '${title}'`, isDefault: entry === cfg.defaultEntry, args: entry.args, text: entry.text });
    }
  }
  return sources;
}

async function blsSources(guest: GuestFs): Promise<CmdlineSource[]> {
  let env = new Map<string, string>();
  for (const path of GRUBENV_PATHS) {
    const text = await guest.readText(path);
    if (text !== undefined) {
      env = parseGrubenv(text);
      break;
    }
  }
  const entries = [];
  for (const path of await guest.glob('/boot/loader/entries', '*.conf')) {
    const text = await guest.readText(path);
    if (text !== undefined) entries.push(parseBlsEntry(path, text, env));
  }
  // GRUB's blscfg boots saved_entry when set, else the first entry in its sort order (newest version first).
  const saved = env.get('saved_entry');
  const byVersion = [...entries].sort((a, b) => (b.version ?? b.path).localeCompare(a.version ?? a.path, undefined, { numeric: true }));
  const defaultEntry = entries.find((e) => saved !== undefined && e.path.endsWith(`/${saved}.conf`)) ?? byVersion[0];
  return entries.map((e) => ({
    kind: 'bls' as const,
    path: e.path,
    line: e.line,
    label: `BLS entry '${e.title ?? e.path}'`,
    isDefault: e === defaultEntry,
    args: e.args,
    text: e.text,
  }));
}

async function kernelInstallSource(guest: GuestFs): Promise<CmdlineSource[]> {
  const path = '/etc/kernel/cmdline';
  const text = await guest.readText(path);
  if (text === undefined) return [];
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return [{ kind: 'kernel-install', path, line: 1, label: 'kernel-install/UKI command line', isDefault: true, args: parseKernelArgs(text), text: line.trim() }];
}

/** "path line N", as findings cite it. */
export function describeSource(source: { path: string; line?: number }): string {
  return source.line === undefined ? source.path : `${source.path} line ${source.line}`;
}

/** Merges sources into one argument list; each token keeps every source that has it. */
function merge(sources: CmdlineSource[]): EffectiveArg[] {
  const byRaw = new Map<string, EffectiveArg>();
  for (const source of sources) {
    for (const arg of source.args) {
      const seen = byRaw.get(arg.raw);
      const where = { path: source.path, line: source.line, label: source.label };
      if (seen) seen.sources.push(where);
      else byRaw.set(arg.raw, { ...arg, sources: [where] });
    }
  }
  return [...byRaw.values()];
}

/** Reads every kernel command-line source of the guest and derives the flags rules use. */
export async function collectKernelCmdline(guest: GuestFs): Promise<KernelCmdlineFacts> {
  const problems: KernelCmdlineFacts['problems'] = [];
  const sources = [
    ...(await defaultGrubSources(guest, problems)),
    ...(await grubCfgSources(guest)),
    ...(await blsSources(guest)),
    ...(await kernelInstallSource(guest)),
  ];
  // A generated config without a known default entry: count every entry (any of them may boot).
  // Entries compete within one boot menu: a grub.cfg file, or the BLS entries directory.
  const menu = (s: CmdlineSource) => (s.kind === 'bls' ? 'bls' : `${s.kind}:${s.path}`);
  const menusWithDefault = new Set(sources.filter((s) => s.isDefault).map(menu));
  const boots = sources.filter((s) => s.isDefault || !menusWithDefault.has(menu(s)));
  const effective = merge(boots);
  const pick = (test: (a: EffectiveArg) => boolean) => effective.filter(test);
  return {
    sources,
    effective,
    flags: {
      cloudInitDisabled: pick((a) => a.name === 'cloud-init' && a.value === 'disabled'),
      ds: pick((a) => a.name === 'ds'),
      ciDs: pick((a) => a.name === 'ci.ds' || a.name === 'ci.datasource'),
      netIfnamesZero: pick((a) => a.name === 'net.ifnames' && a.value === '0'),
      consoleTtyS0: pick((a) => a.name === 'console' && /^ttyS0(,|$)/.test(a.value ?? '')),
    },
    problems,
  };
}
