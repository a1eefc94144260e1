import type { Intent } from '../../intent/types.js';

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
