/** One 16-byte MBR (or EBR) partition entry, at 0x1be + 16 × index. */
export interface MbrEntry {
  /** 0-3. */
  index: number;
  /** Offset 0x00: boot indicator, 0x80 active, 0x00 inactive; anything else means this is no partition table. */
  status: number;
  /** Offset 0x04: partition type. */
  type: number;
  /** Offset 0x08: first sector (LBA, little-endian), relative to the table's reference point. */
  firstLba: number;
  /** Offset 0x0c: number of sectors. */
  sectors: number;
}

/** The fields of sector 0 (or of an EBR) that matter to us. */
export interface MbrSector {
  /** 0x55 0xAA at 0x1fe. */
  signatureValid: boolean;
  /** Bytes 0x000-0x1b7 (the 440 bytes of boot code) are not all zero. */
  bootCode: boolean;
  /** Offset 0x1b8: the 32-bit disk signature (little-endian), as Linux prints it in PARTUUIDs. */
  diskSignature: number;
  entries: MbrEntry[];
}

/** Parses a 512-byte MBR or EBR sector. Pure. */
export function parseMbr(sector: Uint8Array): MbrSector {
  if (sector.length < 512) throw new RangeError(`an MBR is 512 bytes, got ${sector.length}`);
  const view = new DataView(sector.buffer, sector.byteOffset, 512);
  const entries: MbrEntry[] = [0, 1, 2, 3].map((index) => {
    const at = 0x1be + 16 * index;
    return {
      index,
      status: sector[at]!, // boot indicator
      type: sector[at + 0x04]!, // partition type
      firstLba: view.getUint32(at + 0x08, true), // starting LBA
      sectors: view.getUint32(at + 0x0c, true), // size in sectors
    };
  });
  return {
    signatureValid: sector[0x1fe] === 0x55 && sector[0x1ff] === 0xaa,
    bootCode: sector.subarray(0, 0x1b8).some((b) => b !== 0),
    diskSignature: view.getUint32(0x1b8, true),
    entries,
  };
}

/** An entry is in use when it has a type and a size. */
export function isUsed(entry: MbrEntry): boolean {
  return entry.type !== 0 && entry.sectors !== 0;
}

/** Every boot indicator is 0x00 or 0x80: otherwise sector 0 is not a partition table (a VBR, garbage). */
export function statusBytesValid(mbr: MbrSector): boolean {
  return mbr.entries.every((e) => e.status === 0x00 || e.status === 0x80);
}

/** Linux's MBR PARTUUID: "<disk signature, 8 hex>-<partition number, 2 hex>". */
export function mbrPartUuid(diskSignature: number, partitionNumber: number): string {
  return `${diskSignature.toString(16).padStart(8, '0')}-${partitionNumber.toString(16).padStart(2, '0')}`;
}
