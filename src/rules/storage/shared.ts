import type { Intent } from '../../intent/types.js';
import type { Severity } from '../types.js';

/** fstab, swap and boot-configuration rules judge the disk whatever the OS state. */
export { anyOsState } from '../network/shared.js';

/** The declared disk controllers include NVMe ("NVMe", "SCSI, NVMe"). */
export function nvmeDeclared(intent: Intent): boolean {
  return (intent.diskControllerTypes ?? []).some((t) => /nvme/i.test(t));
}

/** The declared disk controllers include SCSI, or none are declared (Azure's default is SCSI). */
export function scsiPossible(intent: Intent): boolean {
  const types = intent.diskControllerTypes;
  return !types || types.length === 0 || types.some((t) => /scsi/i.test(t));
}

/** Kernel device-name families and whether an Azure VM of the declared controllers has them. */
export function judgeDeviceName(device: string, intent: Intent): { severity: Severity; why: string } | 'leave-to-nvme-rule' {
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
