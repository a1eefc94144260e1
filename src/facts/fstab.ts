import type { MountPlan, PlanEntry } from '../guest/assemble.js';
import { parseDeviceRef, type DeviceRef } from '../guest/match-spec.js';
import { fstabExcerpt } from './excerpt.js';

/** The guest's fstab. */
export const FSTAB_PATH = '/etc/fstab';

/** One /etc/fstab line and what mount assembly made of it (src/guest/assemble.ts): fstab is parsed once, there. */
export interface FstabLine {
  /** 1-based line number. */
  line: number;
  spec: string;
  /** Mount point as written ("none" for swap). */
  file: string;
  vfstype: string;
  options: string[];
  /** What assembly did with it: mounted, root, unresolved, duplicate, swap, other (virtual, network, bind). */
  outcome: PlanEntry['outcome'];
  /** How the spec names its device (UUID=, LABEL=, a kernel name, an LVM path ...). */
  ref: DeviceRef;
  /** Volumes of this disk the spec names (usually one), with what identification found on each. */
  volumes: { name: string; type?: string }[];
  /** The line rebuilt for evidence through the excerpt allow-list. */
  excerpt: string;
}

/** /etc/fstab of the guest, every line with its resolution against the volumes of this disk. */
export interface FstabFacts {
  path: string;
  /** False when the root has no /etc/fstab (then `lines` is empty). */
  present: boolean;
  lines: FstabLine[];
}

/** Builds the fstab facts from the mount plan; `present` says whether the file existed. */
export function fstabFacts(plan: Pick<MountPlan, 'entries'>, present: boolean): FstabFacts {
  return {
    path: FSTAB_PATH,
    present,
    lines: plan.entries.map(({ entry, outcome, volumes }) => ({
      line: entry.line,
      spec: entry.spec,
      file: entry.file,
      vfstype: entry.vfstype,
      options: entry.options,
      outcome,
      ref: parseDeviceRef(entry.spec),
      volumes: volumes.map((v) => ({ name: v.name, ...(v.fsType ? { type: v.fsType } : {}) })),
      excerpt: fstabExcerpt(entry),
    })),
  };
}

/** `nofail`: systemd does not make local-fs.target (or swap.target) depend on the line. */
export function hasNofail(line: FstabLine): boolean {
  return line.options.includes('nofail');
}

/** Lines systemd does not wait for at boot: `noauto`, automounts, and network mounts (remote-fs.target). */
export function notWaitedFor(line: FstabLine): boolean {
  return (
    line.options.includes('noauto') ||
    line.options.includes('x-systemd.automount') ||
    line.options.includes('_netdev') ||
    /^(nfs4?|cifs|smb3|glusterfs|ceph|fuse\..*|sshfs|davfs)$/.test(line.vfstype)
  );
}

/** The `x-systemd.device-timeout=` value, when set. */
export function deviceTimeout(line: FstabLine): string | undefined {
  return line.options.find((o) => o.startsWith('x-systemd.device-timeout='))?.slice('x-systemd.device-timeout='.length);
}

/** A swap line naming a file (`/swap.img`, `/swapfile`) rather than a block device. */
export function isSwapFile(line: FstabLine): boolean {
  return line.vfstype === 'swap' && line.ref.by === 'unknown' && line.spec.startsWith('/') && !line.spec.startsWith('/dev/');
}

/**
 * Disks that are by design not part of the OS image, recognised by the names Azure guests use
 * for them: the resource (temporary) disk and data disks. Undefined for everything else.
 */
export function externalDisk(line: FstabLine): { kind: 'resource disk' | 'data disk'; why: string } | undefined {
  const spec = line.spec;
  const mount = line.file.replace(/\/+$/, '') || '/';
  if (/^\/dev\/disk\/(cloud\/azure_resource|azure\/resource)/.test(spec)) return { kind: 'resource disk', why: `${spec} is the udev name of the resource disk` };
  if (/^LABEL=["']?Temporary/i.test(spec) || /^\/dev\/disk\/by-label\/Temporary/i.test(spec)) return { kind: 'resource disk', why: 'the label "Temporary Storage" is the one Azure formats the resource disk with' };
  if (line.ref.by === 'devname' && /^\/dev\/sdb\d*$/.test(spec)) return { kind: 'resource disk', why: `${spec} is the resource disk on most Azure VM sizes (and a data disk on sizes without one)` };
  if (mount === '/mnt' || mount === '/mnt/resource') return { kind: 'resource disk', why: `${mount} is where cloud-init or waagent mount the resource disk` };
  if (/^\/dev\/disk\/azure\/(scsi1\/lun|data\/)/.test(spec)) return { kind: 'data disk', why: `${spec} is the udev name of a data disk` };
  if (line.ref.by === 'devname' && !line.ref.firstDisk) return { kind: 'data disk', why: `${spec} is not the first disk: on Azure it is a data disk (or, for /dev/sdb, the resource disk)` };
  return undefined;
}

/** Evidence for a line: fstab path, line and the excerpt. */
export function fstabEvidence(line: FstabLine, detail?: string): { path: string; line: number; excerpt: string; detail?: string } {
  return { path: FSTAB_PATH, line: line.line, excerpt: line.excerpt, ...(detail ? { detail } : {}) };
}
