import type { ContainerInfo } from './disk/types.js';
import type { ErrorRecord } from './error-record.js';
import type { Facts } from './facts/index.js';
import type { EspLoaders } from './fs/fat/esp-loaders.js';
import type { Intent } from './intent/types.js';
import type { BlobFacts } from './io/blob/blob-source.js';
import type { IoStats } from './io/io-stats.js';
import type { LayerCost } from './io/layer-cost.js';
import type { Finding, NotRun } from './rules/types.js';
import type { Prediction } from './predict/predict.js';
import type { PartitionTable } from './volumes/types.js';

/** One volume (partition, or the whole disk) and what we found on it. */
export interface FilesystemSummary {
  /** "partition 2", "disk", "LV rootvg/rootlv". */
  volume: string;
  /** Partition number, when the volume is a partition. */
  partition?: number;
  /** The LVM volume group: the one an LV belongs to, or the one whose metadata lists this PV. */
  volumeGroup?: string;
  /** ext2/ext3/ext4/xfs/vfat/swap/luks/lvm2/unknown... */
  type: string;
  uuid?: string;
  label?: string;
  /** Volume size in bytes. */
  size: number;
  /** Where the guest mounts it ("/", "/boot"), when it does. */
  mountPoint?: string;
  /** Why it could not be opened, when it could not. */
  error?: ErrorRecord;
}

/** What the image is, below the guest: container, partitions, filesystems. */
export interface ImageFacts {
  /** The image as named to the user (path, or blob URL with secrets redacted). */
  source: string;
  container: ContainerInfo;
  partitionTable: PartitionTable;
  filesystems: FilesystemSummary[];
  /** Guest path of the root and the mounts the guest's fstab gave us. */
  mounts: { mountPoint: string; volume: string; fsType: string }[];
  /** Problems below the guest that did not stop inspection (each is also a finding or a note). */
  problems: string[];
  /** The boot loaders on the EFI System Partition, read from its FAT; absent when no ESP holds a FAT we opened. */
  esp?: EspLoaders;
  /** The Azure blob the image was read from; absent for a local file. */
  blob?: BlobFacts;
}

/** What the image looks like: generalized, specialized, or unclear, with the evidence. */
export interface DetectedState {
  osState: 'generalized' | 'specialized' | 'unclear';
  /** Short human statements: "/var/lib/waagent/provisioned exists", "no user with UID >= 1000". */
  evidence: string[];
}

/** Result of reading an image, independent of intent (`vhd-gate inspect`). */
export interface InspectResult {
  image: ImageFacts;
  /** Guest facts; undefined when no root filesystem could be read (see guestError). */
  facts?: Facts;
  /** Why no guest root could be read, when it could not. */
  guestError?: ErrorRecord;
  detected: DetectedState;
  /** What reading cost: totals, wall time, and the split by layer (container, partition-table, filesystems, guest, facts). */
  io: IoStats & { seconds: number; layers?: LayerCost[] };
}

/** Result of checking an image against an intent (`vhd-gate check`). */
export interface CheckResult extends InspectResult {
  intent: Intent;
  findings: Finding[];
  notRun: NotRun[];
  /**
   * pass: the guest was read and no finding is at or above the failure threshold (exit 0).
   * fail: the guest was read and at least one finding is at or above the threshold (exit 1).
   * error: the guest could not be read (encrypted, unsupported or corrupt root), so the OS-state
   *   checks did not run (exit 2); findings about the container and layout are still listed.
   */
  verdict: 'pass' | 'fail' | 'error';
  /**
   * What Azure does with the disk registered with each setting (generalized/specialized × V1/V2),
   * from the same facts (src/predict). Set by `judge`; absent only in results built by hand.
   */
  prediction?: Prediction;
}
