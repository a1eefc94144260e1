import type { CmdlineSource } from '../facts/kernel-cmdline.js';
import type { Intent } from '../intent/types.js';
import { entryEvidence, entryName, judgedEntries } from './kernel-cmdline/shared.js';
import { anyOsState } from './storage/shared.js';
import type { FindingDraft, Rule } from './types.js';

/** Serial consoles Azure's serial console and boot diagnostics read: COM1 on x64; the PL011 UART (ttyAMA0) on Arm64. */
function serialNames(intent: Intent): RegExp {
  return intent.architecture === 'Arm64' ? /^(ttyAMA0|ttyS0)(,|$)/ : /^ttyS0(,|$)/;
}

function hasSerialConsole(source: CmdlineSource, intent: Intent): boolean {
  const serial = serialNames(intent);
  return source.args.some((a) => a.name === 'console' && serial.test(a.value ?? ''));
}

/** The default boot entry sends the kernel console to the serial port Azure reads. */
export const KRN_CMDLINE_CONSOLE: Rule = {
  id: 'KRN-CMDLINE-CONSOLE',
  title: 'The default boot entry has no serial console (console=ttyS0)',
  severity: 'warning',
  appliesTo: 'both',
  symptom:
    'Boot diagnostics and the Azure serial console show nothing from the kernel or systemd: a VM that fails to boot (emergency mode, a missing driver, a bad fstab line) cannot be diagnosed or repaired from the portal. Azure Marketplace certification fails the "required kernel parameters" test.',
  fix: 'Add `console=ttyS0` (Arm64: `console=ttyAMA0`) and `earlyprintk=ttyS0` to GRUB_CMDLINE_LINUX in /etc/default/grub (Ubuntu cloud images: /etc/default/grub.d/50-cloudimg-settings.cfg), then regenerate: `update-grub` (Debian/Ubuntu), `grub2-mkconfig -o /boot/grub2/grub.cfg` (RHEL/SUSE), or `grubby --update-kernel=ALL --args="console=ttyS0"` on BLS systems.',
  needs: ['kernelCmdline'],
  applies: anyOsState,
  check({ facts, intent }) {
    const entries = judgedEntries(facts!.kernelCmdline!);
    if (entries.defaults.length === 0) return [];
    const missing = entries.defaults.filter((s) => !hasSerialConsole(s, intent));
    const want = intent.architecture === 'Arm64' ? 'console=ttyAMA0' : 'console=ttyS0';
    const findings: FindingDraft[] = missing.map((source) => {
      const consoles = source.args.filter((a) => a.name === 'console').map((a) => a.raw);
      const others = entries.others.filter((o) => !hasSerialConsole(o, intent));
      const what = entries.fromDefaultGrub ? 'the image has no generated boot entry, and /etc/default/grub' : `the default boot entry ${entryName(source)}`;
      return {
        message: `${what} has no ${want}${consoles.length > 0 ? ` (console: ${consoles.join(' ')})` : ''}: the kernel and systemd do not write to the serial port Azure's serial console and boot diagnostics read`,
        evidence: [
          entryEvidence(source, entries.fromDefaultGrub ? 'what grub-mkconfig will write' : 'boots by default'),
          ...(others.length > 0 ? [{ detail: `${others.length} other boot entr${others.length === 1 ? 'y lacks' : 'ies lack'} it too: ${others.slice(0, 3).map(entryName).join('; ')}${others.length > 3 ? ' ...' : ''}` }] : []),
        ],
      };
    });
    return findings;
  },
};
