import { externalDisk, fstabEvidence, hasNofail, notWaitedFor, type FstabLine } from '../facts/fstab.js';
import { anyOsState } from './storage/shared.js';
import type { FindingDraft, Rule } from './types.js';

/** "UUID=…", "the LVM volume vg/lv": what the line asked for, in words. */
function wanted(line: FstabLine): string {
  switch (line.ref.by) {
    case 'lvm':
      return `the LVM volume ${line.ref.vg}/${line.ref.lv}`;
    case 'devname':
      return line.ref.device;
    default:
      return line.spec;
  }
}

/** Every fstab line systemd waits for at boot must name a filesystem of this image. */
export const FSTAB_RESOLVES: Rule = {
  id: 'FSTAB-RESOLVES',
  title: 'An /etc/fstab entry names a filesystem that is not in the image',
  severity: 'error',
  appliesTo: 'both',
  symptom:
    'systemd waits 90 s for the device, fails the mount and, because local-fs.target requires every fstab mount without nofail, drops the first boot into emergency mode: no network, no SSH, provisioning times out and the VM is unreachable.',
  fix: 'Point the line at a filesystem of the image (`blkid` on the build VM shows the UUIDs), delete it, or add `nofail,x-systemd.device-timeout=10s` to its options when the disk is attached later; check the result with `findmnt --verify`.',
  needs: ['fstab'],
  applies: anyOsState,
  check({ facts }) {
    const findings: FindingDraft[] = [];
    for (const line of facts!.fstab!.lines) {
      if (line.volumes.length > 0 || externalDisk(line) || notWaitedFor(line)) continue;
      if (line.outcome === 'root') {
        if (line.ref.by === 'unknown') continue;
        findings.push({
          severity: 'warning',
          message: `/etc/fstab line ${line.line} mounts ${wanted(line)} at /, but no volume of this image has it: the line was written for another disk`,
          evidence: [fstabEvidence(line)],
          symptom: 'The root itself comes from the kernel command line (root=), so the VM can boot, but fsck and remount of / use this line and tools that read fstab (dracut, grub2-mkconfig) are misled.',
          fix: 'Write the root filesystem\'s UUID (`blkid` on the build VM) into the / line.',
        });
        continue;
      }
      const swap = line.outcome === 'swap';
      if ((!swap && line.outcome !== 'unresolved') || hasNofail(line)) continue;
      if (swap && line.ref.by === 'unknown') continue; // a swap file or an unknown name: SWAP-OS-DISK / not judged here
      if (line.ref.by === 'unknown') {
        findings.push({
          severity: 'warning',
          message: `/etc/fstab line ${line.line} mounts ${line.spec} at ${line.file}; vhd-gate cannot tell which disk that name means, and the line has no nofail`,
          evidence: [fstabEvidence(line)],
        });
        continue;
      }
      if (swap) {
        findings.push({
          severity: 'warning',
          message: `/etc/fstab line ${line.line} enables swap on ${wanted(line)}, which is not in the image, without nofail`,
          evidence: [fstabEvidence(line)],
          symptom: 'Boot waits 90 s for the device and swap.target fails (sysinit.target only wants it, so boot goes on); the VM has no swap.',
          fix: 'Delete the swap line; on Azure put swap on the resource disk (cloud-init `mounts`/`swap`, or waagent ResourceDisk.EnableSwap=y).',
        });
        continue;
      }
      findings.push({
        message: `/etc/fstab line ${line.line} mounts ${wanted(line)} at ${line.file}, but no filesystem of this image has it, and the line has no nofail`,
        evidence: [fstabEvidence(line, 'no partition, logical volume or filesystem of the image matches this name')],
      });
    }
    return findings;
  },
};
