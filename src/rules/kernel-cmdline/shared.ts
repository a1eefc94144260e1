import { describeSource, type CmdlineSource, type KernelCmdlineFacts } from '../../facts/kernel-cmdline.js';
import { kernelArgsExcerpt } from '../../facts/excerpt.js';
import type { Evidence } from '../types.js';

/** What the rules judge: the entry the boot loader starts by default, and the other entries it offers. */
export interface JudgedEntries {
  /** The default boot entries (one per boot menu: a grub.cfg, the BLS directory, /etc/kernel/cmdline). */
  defaults: CmdlineSource[];
  /** Boot entries that are not the default (recovery, older kernels). */
  others: CmdlineSource[];
  /** Set when the image has no generated boot entry at all and /etc/default/grub's values stand in. */
  fromDefaultGrub: boolean;
}

const bootKinds = new Set(['grub-cfg', 'bls', 'kernel-install']);

/**
 * The boot entries of the image: each menu's default entry (every entry of a menu whose default is
 * unknown: any of them may boot); when there is no generated entry at all, /etc/default/grub's
 * values (what grub-mkconfig will write) stand in.
 */
export function judgedEntries(kc: KernelCmdlineFacts): JudgedEntries {
  const entries = kc.sources.filter((s) => bootKinds.has(s.kind));
  const menu = (s: CmdlineSource) => (s.kind === 'bls' ? 'bls' : `${s.kind}:${s.path}`);
  const withDefault = new Set(entries.filter((s) => s.isDefault).map(menu));
  const defaults = entries.filter((s) => s.isDefault || !withDefault.has(menu(s)));
  if (defaults.length > 0) return { defaults, others: entries.filter((s) => !defaults.includes(s)), fromDefaultGrub: false };
  const grub = kc.sources.filter((s) => s.kind === 'default-grub');
  return { defaults: grub.length > 0 ? [mergeDefaultGrub(grub)] : [], others: [], fromDefaultGrub: true };
}

/** GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT as one source: grub-mkconfig puts both on a normal entry's linux line. */
function mergeDefaultGrub(grub: CmdlineSource[]): CmdlineSource {
  const first = grub[0]!;
  return { ...first, label: grub.map((s) => s.label).join(' + '), args: grub.flatMap((s) => s.args), text: grub.map((s) => s.text).join(' ') };
}

/** Evidence for a boot entry (or /etc/default/grub line): path, line, the entry's label, its arguments through the excerpt allow-list. */
export function entryEvidence(source: CmdlineSource, detail?: string): Evidence {
  return {
    path: source.path,
    ...(source.line !== undefined ? { line: source.line } : {}),
    excerpt: kernelArgsExcerpt(source.args),
    detail: detail ? `${source.label}: ${detail}` : source.label,
  };
}

/** "menuentry 'Ubuntu' (/boot/grub/grub.cfg line 20)". */
export function entryName(source: CmdlineSource): string {
  return `${source.label} (${describeSource(source)})`;
}
