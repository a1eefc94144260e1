import { resolveGrubDefault, type GrubCfg, type GrubMenuEntry } from '../kernel-cmdline/grub-cfg.js';
import type { BlsEntry } from '../kernel-cmdline/bls.js';

/** A default boot entry and why it is the default, in words for the report. */
export interface ChosenDefault<T> {
  entry?: T;
  reason: string;
}

/**
 * The menuentry GRUB boots from a generated grub.cfg, with grubenv substituted the way
 * grub-mkconfig's header does it (`set default="${saved_entry}"` after `load_env`). GRUB boots
 * the first entry when the value is empty or names no entry, so that is what we pick too.
 */
export function grubDefault(cfg: GrubCfg, env: ReadonlyMap<string, string>, cfgPath: string): ChosenDefault<GrubMenuEntry> {
  const first = cfg.entries.find((e) => e.position.every((i) => i === 0));
  const setting = cfg.defaultSetting;
  if (setting === undefined) return { entry: first, reason: `${cfgPath} sets no default: GRUB boots the first entry` };
  const variable = /^\$\{?(\w+)\}?$/.exec(setting)?.[1];
  const value = variable === undefined ? setting : env.get(variable);
  const from = variable === undefined ? `set default="${setting}" in ${cfgPath}` : `${variable}=${value ?? ''} in grubenv (${cfgPath} sets default="${setting}")`;
  if (value === undefined || value === '') return { entry: first, reason: `${cfgPath} sets default="${setting}" and grubenv has no ${variable}: GRUB boots the first entry` };
  const entry = resolveGrubDefault(cfg.entries, value);
  if (entry) return { entry, reason: from };
  return { entry: first, reason: `${from} names no menu entry: GRUB falls back to the first entry` };
}

/**
 * The BLS entry GRUB's blscfg boots. blscfg puts the BLS entries first in the menu, newest
 * version first (RHEL's grub2 sorts them by version, descending), so the default value —
 * usually `${saved_entry}` from grubenv, an entry id — names an id or an index among them;
 * an empty or unknown value boots the first.
 */
export function blsDefault(entries: readonly BlsEntry[], value: string | undefined, from: string): ChosenDefault<BlsEntry> {
  const menuOrder = [...entries].sort((a, b) => (b.version ?? b.id).localeCompare(a.version ?? a.id, undefined, { numeric: true }));
  const first = menuOrder[0];
  if (value === undefined || value === '') {
    return { entry: first, reason: entries.length === 1 ? 'the only BLS entry' : `${from} names no entry: the newest BLS entry boots` };
  }
  const entry = /^\d+$/.test(value) ? menuOrder[Number(value)] : entries.find((e) => e.id === value || e.title === value);
  if (entry) return { entry, reason: `${from} = ${value}` };
  return { entry: first, reason: `${from} = ${value} names no BLS entry: the newest entry boots` };
}

/** The default value a grub.cfg leaves in force after grubenv substitution, and where it came from. */
export function grubDefaultValue(cfg: GrubCfg | undefined, env: ReadonlyMap<string, string>, cfgPath: string | undefined, envPath: string | undefined): { value?: string; from: string } {
  const setting = cfg?.defaultSetting ?? '${saved_entry}';
  const variable = /^\$\{?(\w+)\}?$/.exec(setting)?.[1];
  if (variable === undefined) return { value: setting, from: `set default in ${cfgPath}` };
  return { value: env.get(variable), from: `${variable} in ${envPath ?? 'grubenv (none found)'}` };
}
