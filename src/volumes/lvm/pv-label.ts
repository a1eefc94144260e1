import { VolumeError, hex } from '../../errors.js';
import { ascii, u32, u64 } from './bytes.js';
import { lvmCrc } from './crc.js';

/** LVM's sector size: every *_xl "sector" field and label offset counts these. */
export const LVM_SECTOR = 512;
/** The label is looked for in the first four sectors (lib/label/label.h LABEL_SCAN_SECTORS). */
export const LABEL_SCAN_SECTORS = 4;

/** One disk_locn: an area of the PV, in bytes from the PV start. */
export interface DiskLocn {
  /** disk_locn.offset: byte offset from the start of the PV. */
  offset: number;
  /** disk_locn.size: bytes; 0 means "to the end of the device" for a data area. */
  size: number;
}

/** The PV label (label_header + pv_header). */
export interface PvLabel {
  /** Sector (0-3) the label was found in. */
  sector: number;
  /** pv_header.pv_uuid: 32 characters, without the hyphens LVM prints. */
  pvUuid: string;
  /** pv_header.device_size_xl: bytes. */
  deviceSize: number;
  /** Data areas (normally one, starting at pe_start). */
  dataAreas: DiskLocn[];
  /** Metadata areas: the first normally at 4 KiB, an optional second at the end of the PV. */
  metadataAreas: DiskLocn[];
}

/**
 * Finds and parses the PV label in `head` (the first four sectors of the PV). Returns undefined
 * when no sector carries "LABELONE" + "LVM2 001"; throws VolumeError when one does but its CRC,
 * self-reference or pv_header is wrong.
 */
export function parsePvLabel(head: Uint8Array): PvLabel | undefined {
  for (let sector = 0; sector < LABEL_SCAN_SECTORS && (sector + 1) * LVM_SECTOR <= head.length; sector++) {
    const base = sector * LVM_SECTOR;
    const b = head.subarray(base, base + LVM_SECTOR);
    if (ascii(b, 0x00, 8) !== 'LABELONE') continue; // label_header.id
    if (ascii(b, 0x18, 8) !== 'LVM2 001') {
      throw new VolumeError('unsupported', `LVM label type "${ascii(b, 0x18, 8)}" is not "LVM2 001"`, { offset: base + 0x18 });
    }
    const sectorXl = u64(b, 0x08, 'label_header.sector_xl', base);
    if (sectorXl !== sector) {
      throw new VolumeError('corrupt', `LVM label in sector ${sector} says it is in sector ${sectorXl}`, { offset: base + 0x08 });
    }
    const crc = u32(b, 0x10); // label_header.crc_xl covers offset_xl to the end of the sector
    const computed = lvmCrc(b.subarray(0x14));
    if (crc !== computed) {
      throw new VolumeError('corrupt', `LVM label CRC ${hex(crc)} does not match the computed ${hex(computed)}`, { offset: base + 0x10 });
    }
    const offsetXl = u32(b, 0x14); // label_header.offset_xl: where pv_header starts in this sector
    if (offsetXl < 0x20 || offsetXl + 0x28 + 32 > LVM_SECTOR) {
      throw new VolumeError('corrupt', `LVM label offset_xl ${hex(offsetXl)} puts the pv_header outside its sector`, { offset: base + 0x14 });
    }
    const pvUuid = ascii(b, offsetXl, 32); // pv_header.pv_uuid
    if (!/^[A-Za-z0-9!#]{32}$/.test(pvUuid)) {
      throw new VolumeError('corrupt', 'LVM pv_header.pv_uuid is not 32 ID characters', { offset: base + offsetXl });
    }
    const deviceSize = u64(b, offsetXl + 0x20, 'pv_header.device_size_xl', base);
    let at = offsetXl + 0x28;
    const dataAreas = readLocnList(b, at, base, 'data');
    at += (dataAreas.length + 1) * 16;
    const metadataAreas = readLocnList(b, at, base, 'metadata');
    return { sector, pvUuid, deviceSize, dataAreas, metadataAreas };
  }
  return undefined;
}

/** A disk_locn list (offset u64, size u64 per entry) ended by an entry whose offset is 0. */
function readLocnList(b: Uint8Array, start: number, base: number, what: string): DiskLocn[] {
  const list: DiskLocn[] = [];
  for (let at = start; ; at += 16) {
    if (at + 16 > b.length) {
      throw new VolumeError('corrupt', `LVM pv_header ${what}-area list runs past its sector without a terminating entry`, { offset: base + at });
    }
    const offset = u64(b, at, `pv_header ${what} area offset`, base);
    if (offset === 0) return list;
    list.push({ offset, size: u64(b, at + 8, `pv_header ${what} area size`, base) });
  }
}
