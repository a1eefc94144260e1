import { describeRecord, toleratedError, type ErrorRecord } from '../error-record.js';
import { GuestError, LimitError } from '../errors.js';
import { assembleMounts, type MountPlan } from './assemble.js';
import { findRoot } from './find-root.js';
import { parseFstab } from './fstab.js';
import { GuestFs } from './guest-fs.js';
import { unreadableMount } from './unreadable-mount.js';
import type { Volume } from './volume.js';

/** The guest assembled from the disk's volumes. */
export interface OpenedGuest {
  guest: GuestFs;
  root: Volume;
  plan: MountPlan;
  /** Whether the root's /etc/fstab was read (`plan.entries` are its lines), is missing, or could not be read (with the error). */
  fstab: { state: 'read' | 'missing' } | { state: 'unreadable'; error: ErrorRecord };
}

/**
 * Finds the root by content, reads its /etc/fstab, and mounts the other filesystems the
 * guest mounts at boot. Throws GuestError when no volume holds a readable Linux root.
 */
export async function openGuest(volumes: readonly Volume[]): Promise<OpenedGuest> {
  const { root } = await findRoot(volumes);
  if (!root?.fs) {
    const seen = volumes.map((v) => `${v.name}: ${v.fs ? v.fs.type + (v.error ? ` unreadable where a Linux root was looked for (${describeRecord(v.error)})` : ' without a Linux /etc') : unreadableType(v) + (v.error ? ` (${describeRecord(v.error)})` : '')}`);
    throw new GuestError('unsupported', `no volume holds a readable Linux root filesystem (${seen.join('; ') || 'no volumes'})`);
  }
  const rootOnly = new GuestFs([{ mountPoint: '/', fs: root.fs, source: root.name }]);
  let fstabText: string | undefined;
  let fstabError: ErrorRecord | undefined;
  try {
    fstabText = await rootOnly.readText('/etc/fstab');
  } catch (error) {
    // An fstab past a budget is not "missing" or "unreadable": mounting only the root would judge
    // the guest without /boot or /var as if that were its layout. The whole guest is not judged.
    if (error instanceof LimitError) throw error;
    fstabError = toleratedError(error);
  }
  const plan = assembleMounts(root, parseFstab(fstabText ?? ''), volumes);
  if (fstabText === undefined) plan.notes.push(`/etc/fstab ${fstabError ? `could not be read (${describeRecord(fstabError)})` : 'is missing'}: only the root filesystem is mounted`);
  const guest = new GuestFs([
    ...plan.mounts.map((m) => ({ mountPoint: m.mountPoint, fs: m.volume.fs!, source: `${m.volume.name} (${m.volume.fs!.type})` })),
    // A volume of this disk the guest mounts but we cannot read: reads below it fail and say why.
    ...plan.unresolved.flatMap((u) =>
      u.volume && u.mountPoint && !plan.mounts.some((m) => m.mountPoint === u.mountPoint)
        ? [{ mountPoint: u.mountPoint, fs: unreadableMount(u.volume, u.mountPoint), source: `${u.volume.name} (unreadable)` }]
        : [],
    ),
  ]);
  const fstab: OpenedGuest['fstab'] = fstabError ? { state: 'unreadable', error: fstabError } : { state: fstabText === undefined ? 'missing' : 'read' };
  return { guest, root, plan, fstab };
}

/** Volumes no reader opens, named so the user knows why: an encrypted or LVM root is not "unrecognised". */
const unreadableTypes: Record<string, string> = {
  crypto_LUKS: 'crypto_LUKS (encrypted: its contents cannot be read without the key)',
  LVM2_member: 'LVM2_member (an LVM physical volume; its logical volumes are listed separately)',
};

function unreadableType(volume: Volume): string {
  return volume.fsType ? (unreadableTypes[volume.fsType] ?? volume.fsType) : 'unrecognised';
}
