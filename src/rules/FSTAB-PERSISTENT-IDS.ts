import { fstabEvidence, hasNofail, type FstabLine } from '../facts/fstab.js';
import { anyOsState, nvmeDeclared, scsiPossible } from './storage/shared.js';
import type { FindingDraft, Rule, Severity } from './types.js';
import type { Intent } from '../intent/types.js';

/** Kernel device-name families and whether an Azure VM of the declared controllers has them. */
function judge(device: string, intent: Intent): { severity: Severity; why: string } | 'leave-to-nvme-rule' {
  if (/^\/dev\/(vd|xvd|hd)[a-z]/.test(device)) {
    return { severity: 'error', why: 'Azure VMs have no such device (virtio, Xen and IDE names come from the build hypervisor; Azure disks are /dev/sdX on SCSI and /dev/nvmeXnY on NVMe)' };
  }
  if (/^\/dev\/(mmcblk|loop)\d/.test(device)) return { severity: 'error', why: 'Azure VMs have no such device' };
  if (/^\/dev\/nvme/.test(device)) {
    return scsiPossible(intent)
      ? { severity: 'error', why: 'on a VM with the SCSI controller (the default) there is no /dev/nvme* OS disk' }
      : { severity: 'warning', why: 'NVMe namespace numbers are assigned at boot and are not guaranteed to name the same disk' };
  }
  // /dev/sdX under NVMe is NVME-NO-DEVNAMES' finding (an error there); here it is the general warning.
  if (nvmeDeclared(intent)) return 'leave-to-nvme-rule';
  return { severity: 'warning', why: 'SCSI names follow probe order: the OS disk is usually /dev/sda, but the resource disk and data disks can take any letter, and the name changes when the controller does' };
}

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
      const verdict = judge(line.ref.device, intent);
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
