/**
 * Kernel module names as modprobe sees them. modprobe treats `-` and `_` in a module name as
 * the same character (kmod's `modname_normalize`), and file names use either (`dm-mod.ko`,
 * `pci-hyperv.ko`, `hv_vmbus.ko`), so every name is compared in one form: underscores.
 */

/** Module file suffixes the kernel's modprobe loads (kmod: plain, xz, zstd, gzip). */
const MODULE_FILE = /\.ko(\.xz|\.zst|\.gz)?$/;

/** `hv-vmbus` and `hv_vmbus` are one module to modprobe: the underscore form. */
export function normaliseModuleName(name: string): string {
  return name.trim().replace(/-/g, '_');
}

/** The module name of a module file path (`kernel/drivers/md/dm-mod.ko.xz` → `dm_mod`), or undefined when it is not one. */
export function moduleNameOfPath(path: string): string | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (!MODULE_FILE.test(base)) return undefined;
  return normaliseModuleName(base.replace(MODULE_FILE, ''));
}

/** Why the gate looks at a driver. */
export type DriverRole = 'hyper-v' | 'storage' | 'filesystem' | 'nvme' | 'vf' | 'provisioning';

/** A driver some rule asks about, with the Kconfig option that builds it. */
export interface DriverOfInterest {
  /** Module name, underscore form. */
  name: string;
  /** The Kconfig option (`CONFIG_HYPERV_STORAGE`): `=y` built in, `=m` a module. */
  config: string;
  role: DriverRole;
}

/**
 * The drivers the rules judge (KRN-HV-DRIVERS, KRN-UDF, NVME-INITRAMFS, AN-VF-DRIVER). Kconfig
 * names from the kernel's Kconfig files (drivers/hv, drivers/scsi, drivers/nvme/host,
 * drivers/pci/controller, drivers/net/ethernet/{microsoft,mellanox}, fs/*).
 */
export const DRIVERS_OF_INTEREST: readonly DriverOfInterest[] = [
  { name: 'hv_vmbus', config: 'CONFIG_HYPERV', role: 'hyper-v' },
  { name: 'hv_storvsc', config: 'CONFIG_HYPERV_STORAGE', role: 'hyper-v' },
  { name: 'hv_netvsc', config: 'CONFIG_HYPERV_NET', role: 'hyper-v' },
  { name: 'scsi_mod', config: 'CONFIG_SCSI', role: 'storage' },
  { name: 'sd_mod', config: 'CONFIG_BLK_DEV_SD', role: 'storage' },
  { name: 'dm_mod', config: 'CONFIG_BLK_DEV_DM', role: 'storage' },
  { name: 'ext4', config: 'CONFIG_EXT4_FS', role: 'filesystem' },
  { name: 'xfs', config: 'CONFIG_XFS_FS', role: 'filesystem' },
  { name: 'btrfs', config: 'CONFIG_BTRFS_FS', role: 'filesystem' },
  { name: 'udf', config: 'CONFIG_UDF_FS', role: 'provisioning' },
  { name: 'vfat', config: 'CONFIG_VFAT_FS', role: 'filesystem' },
  { name: 'nvme', config: 'CONFIG_BLK_DEV_NVME', role: 'nvme' },
  { name: 'nvme_core', config: 'CONFIG_NVME_CORE', role: 'nvme' },
  { name: 'pci_hyperv', config: 'CONFIG_PCI_HYPERV', role: 'hyper-v' },
  { name: 'pci_hyperv_intf', config: 'CONFIG_PCI_HYPERV_INTERFACE', role: 'hyper-v' },
  { name: 'mana', config: 'CONFIG_MICROSOFT_MANA', role: 'vf' },
  { name: 'mlx4_core', config: 'CONFIG_MLX4_CORE', role: 'vf' },
  { name: 'mlx4_en', config: 'CONFIG_MLX4_EN', role: 'vf' },
  { name: 'mlx5_core', config: 'CONFIG_MLX5_CORE', role: 'vf' },
];

/** The module that mounts a root filesystem of this type (the mount plan's fsType), when there is one. */
export function filesystemDriver(fsType: string): string | undefined {
  if (fsType === 'ext2' || fsType === 'ext3' || fsType === 'ext4') return 'ext4';
  if (fsType === 'xfs' || fsType === 'btrfs') return fsType;
  return undefined;
}
