import type { FstabEntry } from './fstab.js';
import { findVolumes, parseDeviceRef } from './match-spec.js';
import { whyUnreadable } from './unreadable-mount.js';
import type { Volume } from './volume.js';

/** Filesystem types that are not on the disk (or not a place we read files from). */
const virtualTypes = new Set(['swap', 'proc', 'sysfs', 'tmpfs', 'devpts', 'devtmpfs', 'none', 'cgroup', 'cgroup2', 'securityfs', 'debugfs', 'efivarfs', 'hugetlbfs', 'mqueue', 'nfs', 'nfs4', 'cifs', 'fuse', 'overlay']);

/** A mount the guest will make at boot, resolved to a volume of this disk. */
export interface PlannedMount {
  mountPoint: string;
  volume: Volume;
  /** The fstab line; absent for the root found by content. */
  entry?: FstabEntry;
}

/** An fstab entry naming a disk filesystem we could not find or open. */
export interface UnresolvedMount {
  entry: FstabEntry;
  reason: string;
  /** The volume of this disk it names, when one matched but cannot be read (corrupt, or no reader for it). */
  volume?: Volume;
  /** Where the guest mounts it (normalised), when `volume` is set. */
  mountPoint?: string;
}

export interface MountPlan {
  mounts: PlannedMount[];
  unresolved: UnresolvedMount[];
  /** Observations, e.g. fstab's "/" names another volume than the root found by content. */
  notes: string[];
}

/** Normalises a mount point: no trailing slash, no duplicate slashes. */
function normaliseMountPoint(path: string): string {
  const clean = '/' + path.split('/').filter((p) => p.length > 0).join('/');
  return clean;
}

/**
 * Pure mount assembly: the root found by content at "/", then every disk filesystem the
 * guest's fstab mounts, matched through the names fstab uses (UUID=, LABEL=, PARTUUID=,
 * PARTLABEL=, /dev/disk/by-*, /dev/mapper/VG-LV, /dev/VG/LV, /dev/sdXN).
 */
export function assembleMounts(root: Volume, entries: readonly FstabEntry[], volumes: readonly Volume[]): MountPlan {
  const plan: MountPlan = { mounts: [{ mountPoint: '/', volume: root }], unresolved: [], notes: [] };
  for (const entry of entries) {
    if (!entry.file.startsWith('/') || virtualTypes.has(entry.vfstype) || entry.options.includes('bind')) continue;
    const mountPoint = normaliseMountPoint(entry.file);
    const ref = parseDeviceRef(entry.spec);
    const matches = findVolumes(ref, volumes);
    if (mountPoint === '/') {
      if (matches.length > 0 && !matches.includes(root)) {
        plan.notes.push(`/etc/fstab line ${entry.line} mounts ${entry.spec} at /, but the root was found on ${root.name}`);
      }
      continue;
    }
    if (plan.mounts.some((m) => m.mountPoint === mountPoint)) {
      plan.notes.push(`/etc/fstab line ${entry.line}: ${mountPoint} is mounted twice; the first entry is used`);
      continue;
    }
    if (matches.length === 0) {
      plan.unresolved.push({ entry, reason: `no volume on this disk matches ${entry.spec}` });
      continue;
    }
    if (matches.length > 1) {
      plan.notes.push(`/etc/fstab line ${entry.line}: ${entry.spec} matches ${matches.map((v) => v.name).join(' and ')}; using the first`);
    }
    const volume = matches[0]!;
    if (!volume.fs) {
      plan.unresolved.push({ entry, reason: whyUnreadable(volume), volume, mountPoint });
      continue;
    }
    plan.mounts.push({ mountPoint, volume, entry });
  }
  return plan;
}
