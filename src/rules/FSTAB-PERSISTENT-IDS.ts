import { fstabEvidence, hasNofail, type FstabLine } from '../facts/fstab.js';
import { anyOsState, judgeDeviceName } from './storage/shared.js';
import type { FindingDraft, Rule, Severity } from './types.js';

/** fstab lines naming disks by kernel device name rather than a persistent identifier. */
export const FSTAB_PERSISTENT_IDS: Rule = {
  id: 'FSTAB-PERSISTENT-IDS',
  title: '/etc/fstab names devices by kernel name (/dev/sdX, /dev/vdX) instead of a persistent identifier',
  severity: 'warning',
  appliesTo: 'both',
  symptom:
    'Device names depend on the hypervisor and probe order: a name from the build VM (/dev/vda1) does not exist on Azure, and /dev/sdX may point at another disk — the mount fails (emergency mode when the line has no nofail) or mounts the wrong disk.',
  fix: 'Name filesystems by `UUID=` (or `LABEL=`, `PARTUUID=`, `/dev/mapper/VG-LV`); `blkid` on the build VM shows them. Azure\'s guides: "device names can change across reboots or when the disk controller changes".',
  needs: ['fstab'],
  applies: anyOsState,
  check({ facts, intent }) {
    const findings: FindingDraft[] = [];
    for (const line of facts!.fstab!.lines) {
      if (line.ref.by !== 'devname' || !['mounted', 'unresolved', 'root', 'swap'].includes(line.outcome)) continue;
      const verdict = judgeDeviceName(line.ref.device, intent);
      if (verdict === 'leave-to-nvme-rule') continue;
      // A nofail line does not stop the boot; the wrong or missing disk still is a problem.
      const severity: Severity = verdict.severity === 'error' && (hasNofail(line) || line.outcome === 'root') ? 'warning' : verdict.severity;
      findings.push({
        severity,
        message: `/etc/fstab line ${line.line} ${describe(line)} by the kernel name ${line.ref.device}: ${verdict.why}`,
        evidence: [fstabEvidence(line, line.volumes.length > 0 ? `on this disk: ${line.volumes.map((v) => v.name).join(', ')}` : undefined)],
      });
    }
    return findings;
  },
};

function describe(line: FstabLine): string {
  return line.outcome === 'swap' ? 'enables swap' : `mounts ${line.file}`;
}
