import { deviceTimeout, externalDisk, fstabEvidence, hasNofail, notWaitedFor } from '../facts/fstab.js';
import { anyOsState } from './storage/shared.js';
import type { FindingDraft, Rule } from './types.js';

/** Lines for the resource disk or data disks: never in the image, so they need nofail. */
export const FSTAB_NOFAIL: Rule = {
  id: 'FSTAB-NOFAIL',
  title: 'An /etc/fstab entry for the resource disk or a data disk lacks nofail',
  severity: 'error',
  appliesTo: 'both',
  symptom:
    'The disk is not there at first boot (data disks are attached later, VM sizes without a resource disk have none, and /dev/sdb may be another disk): systemd waits 90 s, fails the mount and drops the boot into emergency mode — no network, no SSH, provisioning times out.',
  fix: 'Add `nofail,x-systemd.device-timeout=10s` to the line (Azure\'s data-disk guide uses nofail), name data disks by UUID, and leave the resource disk to cloud-init (`mounts`) or waagent (`ResourceDisk.Format=y`) instead of a hand-written line.',
  needs: ['fstab'],
  applies: anyOsState,
  check({ facts }) {
    const findings: FindingDraft[] = [];
    for (const line of facts!.fstab!.lines) {
      const disk = externalDisk(line);
      if (!disk || line.volumes.length > 0 || !['unresolved', 'swap'].includes(line.outcome) || notWaitedFor(line)) continue;
      const what = line.outcome === 'swap' ? `enables swap on ${line.spec}` : `mounts ${line.spec} at ${line.file}`;
      if (!hasNofail(line)) {
        findings.push({
          ...(line.outcome === 'swap' ? { severity: 'warning' as const, symptom: 'Boot waits 90 s for the device and swap.target fails; boot goes on without swap (sysinit.target only wants swap.target).' } : {}),
          message: `/etc/fstab line ${line.line} ${what} without nofail: ${disk.why}`,
          evidence: [fstabEvidence(line, `${disk.kind}, not part of the image`)],
        });
      } else if (disk.kind === 'resource disk' && !line.options.some((o) => o === 'comment=cloudconfig')) {
        findings.push({
          severity: 'info',
          message: `/etc/fstab line ${line.line} ${what} (nofail${deviceTimeout(line) ? `, device timeout ${deviceTimeout(line)}` : ''}): ${disk.why}; cloud-init or waagent mount the resource disk themselves`,
          evidence: [fstabEvidence(line, disk.kind)],
          symptom: 'Boot goes on when the disk is missing, but the hand-written line competes with cloud-init\'s mounts module or waagent\'s ResourceDisk handling, and on sizes without a resource disk it may mount a data disk.',
          fix: 'Delete the line and let cloud-init (`mounts`, with the Azure datasource) or waagent (`ResourceDisk.Format=y`, `ResourceDisk.MountPoint`) mount the resource disk.',
        });
      }
    }
    return findings;
  },
};
