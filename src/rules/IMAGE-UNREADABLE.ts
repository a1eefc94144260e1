import type { ErrorRecord } from '../error-record.js';
import type { FactSubject } from '../facts/index.js';
import { hex } from '../errors.js';
import { severityRank, type FindingDraft, type NotRun, type Rule, type Severity } from './types.js';

/** What each fact subject is, for a message a user reads. */
const subjectNames: Record<FactSubject, string> = {
  osRelease: 'The OS identification (os-release)',
  kernelCmdline: 'The kernel command line (GRUB, BLS entries)',
  waagent: 'The Azure Linux agent (waagent) setup',
  cloudInit: 'The cloud-init setup',
  accounts: 'The user accounts (passwd, shadow, authorized_keys, sudoers)',
  sshd: 'The SSH server setup',
  traces: 'The deprovisioning traces (agent state, machine-id, leases, history, logs)',
  network: 'The network configuration',
  fstab: 'The file system table (/etc/fstab)',
  agentPython: "The provisioning agents' Python interpreters",
  lvmDevices: 'The LVM devices file and lvm.conf',
  kernelDrivers: "The default kernel's drivers (modules.builtin, modules.dep, /boot/config, modprobe.d)",
  initramfs: 'The default initramfs (its modules, modules.dep and modprobe.d)',
  boot: 'The boot menu (grub.cfg, grubenv, BLS entries, kernel links)',
  binaries: 'The binaries\' headers and signatures (/sbin/init, /bin/sh, the kernel image, the EFI loaders)',
};

const repairFix =
  'Repair the filesystem the path lives on before capturing the image: `e2fsck -f` for ext2/3/4, `xfs_repair` for XFS, `fsck.vfat` for FAT (on the unmounted volume or a copy), rebuild the image and run vhd-gate again. Until then, check the rules listed by hand.';

/**
 * A rule that applies but could not run because the image's own content could not be read
 * (a corrupt directory, an unreadable file, a budget exceeded) is a finding, not a silent
 * pass: one per fact subject that failed, listing the rules it kept from running, as severe as
 * the most severe of them. The engine gives every rule the list of rules that cannot run.
 */
export const IMAGE_UNREADABLE: Rule = {
  id: 'IMAGE-UNREADABLE',
  title: 'Rules that apply could not be judged because image content could not be read',
  severity: 'error',
  appliesTo: 'every image (reported when a guest file or directory a rule needs could not be read; as severe as the most severe rule it blocked)',
  symptom:
    'The image was not fully judged: it may carry any of the problems the blocked rules check for, with their Azure symptoms (provisioning timeout or failure, no network, no login).',
  fix: repairFix,
  needs: [],
  applies: () => true,
  check({ facts, notRun = [] }) {
    return (facts?.unavailable ?? []).flatMap(({ subject, error }): FindingDraft[] => {
      const blocked = notRun.filter((n) => n.unavailable.some((u) => u.subject === subject));
      if (blocked.length === 0) return [];
      const ids = blocked.map((n) => n.ruleId);
      return [
        {
          severity: highest(blocked),
          // The why is in the message itself: Azure Pipelines' logissue shows only the message.
          message: `${subjectNames[subject]} could not be read from the image (${why(error)}), so ${ids.length === 1 ? 'rule' : `${ids.length} rules`} ${ids.join(', ')} could not be judged`,
          evidence: error.path !== null ? [{ path: error.path }] : [],
          fix: error.kind === 'limit' ? limitFix(error) : repairFix,
        },
      ];
    });
  },
};

function highest(blocked: readonly NotRun[]): Severity {
  return blocked.map((n) => n.severity).reduce((a, b) => (severityRank[b] < severityRank[a] ? b : a));
}

/** "filesystem layer, corrupt, at offset 0x1000: bad inode 12"; a limit names its budget. */
function why(error: ErrorRecord): string {
  const at = error.offset === null ? '' : `, at offset ${hex(error.offset)}`;
  const kind = error.kind === 'limit' ? `budget ${error.budget?.name ?? 'exceeded'}` : error.kind;
  return `${error.layer} layer, ${kind}${at}: ${error.message}`;
}

function limitFix(error: ErrorRecord): string {
  const budget = error.budget ? `budget \`${error.budget.name}\` (${error.budget.limit})` : 'a budget';
  return `vhd-gate stopped reading on purpose: ${budget} of src/limits.ts was exceeded${error.path !== null ? ` at ${error.path}` : ''} (${error.message}). An image under review may come from anyone, so the gate bounds its work. Remove or shrink what was found if it is not meant to ship; if it is legitimate, report it so the budget can be raised. Until then, check the rules listed by hand.`;
}
