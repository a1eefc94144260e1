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

/** What mount assembly made of one fstab line (every line, in file order). */
export interface PlanEntry {
  entry: FstabEntry;
  /**
   * mounted: a disk filesystem the guest mounts and we read; root: the "/" line; unresolved:
   * no volume of this disk matches it, or the matching one cannot be read (see `unresolved`);
   * duplicate: a second line for a mount point; swap: a swap line (device or file); other: a
   * virtual, network or bind mount, or a line without an absolute mount point.
   */
  outcome: 'mounted' | 'root' | 'unresolved' | 'duplicate' | 'swap' | 'other';
  /** The volumes of this disk the spec names (the first is used), for mount and swap lines. */
  volumes: Volume[];
}

export interface MountPlan {
  mounts: PlannedMount[];
  unresolved: UnresolvedMount[];
  /** Every fstab line and what became of it: the fstab rules judge these rather than re-reading fstab. */
  entries: PlanEntry[];
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
  const plan: MountPlan = { mounts: [{ mountPoint: '/', volume: root }], unresolved: [], entries: [], notes: [] };
  for (const entry of entries) {
    const record = (outcome: PlanEntry['outcome'], matched: Volume[] = []) => plan.entries.push({ entry, outcome, volumes: matched });
    if (entry.vfstype === 'swap') {
      record('swap', findVolumes(parseDeviceRef(entry.spec), volumes));
      continue;
    }
    if (!entry.file.startsWith('/') || virtualTypes.has(entry.vfstype) || entry.options.includes('bind')) {
      record('other');
      continue;
    }
    const mountPoint = normaliseMountPoint(entry.file);
    const ref = parseDeviceRef(entry.spec);
    const matches = findVolumes(ref, volumes);
    if (mountPoint === '/') {
      record('root', matches);
      if (matches.length > 0 && !matches.includes(root)) {
        plan.notes.push(`/etc/fstab line ${entry.line} mounts ${entry.spec} at /, but the root was found on ${root.name}`);
      }
      continue;
    }
    if (plan.mounts.some((m) => m.mountPoint === mountPoint)) {
      record('duplicate', matches);
      plan.notes.push(`/etc/fstab line ${entry.line}: ${mountPoint} is mounted twice; the first entry is used`);
      continue;
    }
    if (matches.length === 0) {
      record('unresolved');
      plan.unresolved.push({ entry, reason: `no volume on this disk matches ${entry.spec}` });
      continue;
    }
    if (matches.length > 1) {
      plan.notes.push(`/etc/fstab line ${entry.line}: ${entry.spec} matches ${matches.map((v) => v.name).join(' and ')}; using the first`);
    }
    const volume = matches[0]!;
    if (!volume.fs) {
      record('unresolved', matches);
      plan.unresolved.push({ entry, reason: whyUnreadable(volume), volume, mountPoint });
      continue;
    }
    record('mounted', matches);
    plan.mounts.push({ mountPoint, volume, entry });
  }
  return plan;
}
