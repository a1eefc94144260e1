/** LVM2: PV labels, metadata areas, the VG text format, and LVs as byte sources. */
export { readLvm, lvmId, type LogicalVolume, type LvmScan, type PvCandidate } from './read-lvm.js';
