import { guidFromBytes, isNullGuid } from './guid.js';

/** One used GPT partition entry (UEFI spec 5.3.3, little-endian). */
export interface GptEntry {
  /** Entry index + 1, as Linux numbers GPT partitions. */
  number: number;
  /** Offset 0x00: partition type GUID, lower case. */
  typeGuid: string;
  /** Offset 0x10: unique partition GUID (PARTUUID). */
  uniqueGuid: string;
  /** Offset 0x20 / 0x28: first and last LBA, inclusive. NaN when beyond 2^53. */
  firstLba: number;
  lastLba: number;
  /** Offset 0x30: attribute bits, as a hex string (bit 0 required, bit 2 legacy BIOS bootable). */
  attributes: string;
  /** Offset 0x38: partition name, UTF-16LE, up to 36 code units, NUL-terminated. */
  name: string;
}

/** Parses the used entries (non-zero type GUID) of an entry array. Pure. */
export function parseGptEntries(array: Uint8Array, entryCount: number, entrySize: number): GptEntry[] {
  const entries: GptEntry[] = [];
  for (let i = 0; i < entryCount; i++) {
    const e = array.subarray(i * entrySize, i * entrySize + entrySize);
    if (e.length < 128 || isNullGuid(e.subarray(0x00, 0x10))) continue;
    const view = new DataView(e.buffer, e.byteOffset, e.byteLength);
    const lba = (at: number): number => {
      const v = view.getBigUint64(at, true);
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.NaN;
    };
    entries.push({
      number: i + 1,
      typeGuid: guidFromBytes(e.subarray(0x00, 0x10)), // PartitionTypeGUID
      uniqueGuid: guidFromBytes(e.subarray(0x10, 0x20)), // UniquePartitionGUID
      firstLba: lba(0x20), // StartingLBA
      lastLba: lba(0x28), // EndingLBA
      attributes: `0x${view.getBigUint64(0x30, true).toString(16)}`, // Attributes
      name: utf16Name(e.subarray(0x38, 0x80)), // PartitionName
    });
  }
  return entries;
}

function utf16Name(bytes: Uint8Array): string {
  const units: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const unit = bytes[i]! | (bytes[i + 1]! << 8);
    if (unit === 0) break;
    units.push(unit);
  }
  return String.fromCharCode(...units);
}
