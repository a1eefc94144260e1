import { kernelArgsExcerpt } from '../facts/excerpt.js';
import { parseKernelArgs, type CmdlineSource } from '../facts/kernel-cmdline.js';
import { entryEvidence, entryName, judgedEntries } from './kernel-cmdline/shared.js';
import { anyOsState } from './storage/shared.js';
import type { FindingDraft, Rule } from './types.js';

/** Arguments grub-mkconfig / BLS tooling write themselves, not from GRUB_CMDLINE_LINUX(_DEFAULT). */
const generatedArgs = new Set(['root', 'ro', 'rw', 'BOOT_IMAGE', 'initrd']);

/** /etc/default/grub(.d) and the generated boot entry agree: otherwise grub-mkconfig was not run after an edit. */
export const KRN_CMDLINE_DRIFT: Rule = {
  id: 'KRN-CMDLINE-DRIFT',
  title: '/etc/default/grub and the generated boot entry disagree (grub-mkconfig not run after an edit)',
  severity: 'warning',
  appliesTo: 'both',
  symptom:
    'The image boots with the generated entry, not with /etc/default/grub: a setting added there (console=ttyS0, net.ifnames=0) is not in effect, and one only in the generated file disappears at the next kernel update, which regenerates it.',
  fix: 'Regenerate after editing /etc/default/grub: `update-grub` (Debian/Ubuntu), `grub2-mkconfig -o /boot/grub2/grub.cfg` (RHEL/SUSE; RHEL 9.3+ add `--update-bls-cmdline` for BLS entries), or make the change with `grubby --update-kernel=ALL --args=...`, which updates both.',
  needs: ['kernelCmdline'],
  applies: anyOsState,
  check({ facts }) {
    const kc = facts!.kernelCmdline!;
    const grub = kc.sources.filter((s) => s.kind === 'default-grub');
    const entries = judgedEntries(kc);
    if (grub.length === 0 || entries.fromDefaultGrub) return [];
    const configured = new Set(grub.flatMap((s) => s.args.map((a) => a.raw)));
    const findings: FindingDraft[] = [];
    for (const entry of entries.defaults.filter((s) => s.kind === 'grub-cfg' || s.kind === 'bls')) {
      const booted = new Set(entry.args.map((a) => a.raw));
      const notBooted = [...configured].filter((raw) => !booted.has(raw));
      const notConfigured = entry.args.filter((a) => !generatedArgs.has(a.name) && !configured.has(a.raw)).map((a) => a.raw);
      if (notBooted.length === 0 && notConfigured.length === 0) continue;
      const parts = [
        ...(notBooted.length > 0 ? [`${list(notBooted)} ${notBooted.length === 1 ? 'is' : 'are'} in /etc/default/grub but not in the entry`] : []),
        ...(notConfigured.length > 0 ? [`${list(notConfigured)} ${notConfigured.length === 1 ? 'is' : 'are'} in the entry but not in /etc/default/grub`] : []),
      ];
      findings.push({
        message: `the default boot entry ${entryName(entry)} does not match /etc/default/grub: ${parts.join('; ')}`,
        evidence: [entryEvidence(entry, 'boots by default'), ...grub.map((s: CmdlineSource) => entryEvidence(s, 'what grub-mkconfig would write'))],
      });
    }
    return findings;
  },
};

/** The arguments through the excerpt allow-list (values outside it hidden). */
function list(raws: string[]): string {
  return kernelArgsExcerpt(parseKernelArgs(raws.join(' ')));
}
