import { describeRecord } from '../error-record.js';
import { GuestError } from '../errors.js';
import type { DirEntry, Filesystem, FsNode } from '../fs/types.js';
import type { Volume } from './volume.js';

/** Why a volume without an opened filesystem cannot be read: "partition 3 (xfs) could not be opened: ...". */
export function whyUnreadable(volume: Volume): string {
  if (volume.error) return `${volume.name} (${volume.fsType ?? 'unknown'}) could not be opened: ${describeRecord(volume.error)}`;
  return volume.fsType ? `${volume.name} holds ${volume.fsType}, which this version of vhd-gate does not read` : `${volume.name} holds no recognised filesystem`;
}

/**
 * What the guest mounts at `mountPoint` from a volume of this disk that we cannot read: a
 * filesystem that failed to open (corrupt), or one we have no reader for. Mounting nothing
 * there would let reads fall through to the root's empty directory, so a /var or /home that
 * could not be read would look like one without waagent state, keys or history: a silent pass.
 * Every access below it throws instead, naming the volume and why, so the fact subjects that
 * needed it are unavailable and their rules are reported (IMAGE-UNREADABLE).
 */
export function unreadableMount(volume: Volume, mountPoint: string): Filesystem {
  const why = whyUnreadable(volume);
  const fail = (): never => {
    throw new GuestError(volume.error?.kind === 'corrupt' || volume.error?.kind === 'limit' ? volume.error.kind : volume.error ? 'corrupt' : 'unsupported', `the guest mounts ${mountPoint} from ${why}`, {
      path: mountPoint,
    });
  };
  return {
    type: volume.fsType ?? 'unknown',
    identity: volume.identity,
    root: async (): Promise<FsNode> => fail(),
    lookup: async (): Promise<FsNode | undefined> => fail(),
    readdir: async (): Promise<DirEntry[]> => fail(),
    readFile: async (): Promise<Uint8Array> => fail(),
    readlink: async (): Promise<string> => fail(),
  };
}
