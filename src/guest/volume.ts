import type { ErrorRecord } from '../error-record.js';
import type { Filesystem, FsIdentity } from '../fs/types.js';
import type { ByteSource } from '../io/byte-source.js';

/**
 * A block device as the guest would see it: a partition, the whole disk, or (later) an LVM
 * logical volume, with every name fstab or the kernel command line may use for it.
 */
export interface Volume {
  /** "partition 2", "disk", "LV rootvg/rootlv". */
  name: string;
  source: ByteSource;
  /** Partition number on the disk (Linux numbering), for /dev/sdaN-style names. */
  partitionNumber?: number;
  /** GPT unique GUID or MBR "<signature>-<NN>". */
  partUuid?: string;
  /** GPT partition name. */
  partLabel?: string;
  /** LVM volume group and logical volume names, for /dev/mapper and /dev/VG/LV. */
  lvm?: { vg: string; lv: string };
  /** What identification found on it (ext4, xfs, swap, luks...), or undefined. */
  fsType?: string;
  identity: FsIdentity;
  /** The opened filesystem, when we have a reader for it and it opened. */
  fs?: Filesystem;
  /** Why it could not be opened (or, for a root candidate, read). */
  error?: ErrorRecord;
}
