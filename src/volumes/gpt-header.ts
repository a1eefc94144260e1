import { crc32 } from './crc32.js';
import { guidFromBytes } from './guid.js';

/** "EFI PART", the GPT header signature at offset 0. */
const GPT_SIGNATURE = 'EFI PART';
/** Entry counts and sizes beyond these are hostile or corrupt (every real tool writes 128 × 128 bytes). */
export const MAX_GPT_ENTRIES = 4096;
export const MAX_GPT_ENTRY_SIZE = 4096;
/** The whole entry array we are willing to read. */
export const MAX_GPT_ARRAY_BYTES = 1024 * 1024;

/** The GPT header fields we use (UEFI spec 5.3.2, all little-endian). */
export interface GptHeader {
  /** Offset 0x18: LBA of this header. */
  myLba: number;
  /** Offset 0x20: LBA of the other header. */
  alternateLba: number;
  /** Offset 0x28 / 0x30: the usable range for partitions. */
  firstUsableLba: number;
  lastUsableLba: number;
  /** Offset 0x38: disk GUID. */
  diskGuid: string;
  /** Offset 0x48: first LBA of the partition entry array. */
  entriesLba: number;
  /** Offset 0x50: number of entries. */
  entryCount: number;
  /** Offset 0x54: bytes per entry (128 × 2^n). */
  entrySize: number;
  /** Offset 0x58: CRC32 of the entry array. */
  entriesCrc32: number;
}

/** A header that validated, or the reason it did not, with the offset (inside the header sector) of the field at fault. */
export type GptHeaderResult = { header: GptHeader } | { problem: string; fieldOffset: number };

/**
 * Parses and validates one GPT header sector found at `lba` of a disk with `diskSectors` sectors:
 * signature, header size, header CRC32 (computed with the CRC field zeroed), MyLBA, and entry
 * count/size/location bounds. The entry array's own CRC is checked by the caller.
 */
export function parseGptHeader(sector: Uint8Array, lba: number, diskSectors: number): GptHeaderResult {
  const view = new DataView(sector.buffer, sector.byteOffset, sector.byteLength);
  const u64 = (at: number): number => {
    const v = view.getBigUint64(at, true);
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.NaN;
  };
  if (String.fromCharCode(...sector.subarray(0, 8)) !== GPT_SIGNATURE) return { problem: 'no "EFI PART" signature', fieldOffset: 0x00 };
  const headerSize = view.getUint32(0x0c, true); // HeaderSize
  if (headerSize < 92 || headerSize > sector.length) return { problem: `header size ${headerSize} (offset 0x0c) is outside 92-${sector.length}`, fieldOffset: 0x0c };
  const storedCrc = view.getUint32(0x10, true); // HeaderCRC32
  // A real copy: a Node Buffer's slice() shares memory, and zeroing the CRC field must not touch the caller's bytes.
  const copy = Uint8Array.prototype.slice.call(sector, 0, headerSize);
  copy.fill(0, 0x10, 0x14);
  const computedCrc = crc32(copy);
  if (computedCrc !== storedCrc) {
    return { problem: `header CRC32 mismatch (stored 0x${storedCrc.toString(16)}, computed 0x${computedCrc.toString(16)})`, fieldOffset: 0x10 };
  }
  const header: GptHeader = {
    myLba: u64(0x18), // MyLBA
    alternateLba: u64(0x20), // AlternateLBA
    firstUsableLba: u64(0x28), // FirstUsableLBA
    lastUsableLba: u64(0x30), // LastUsableLBA
    diskGuid: guidFromBytes(sector.subarray(0x38, 0x48)), // DiskGUID
    entriesLba: u64(0x48), // PartitionEntryLBA
    entryCount: view.getUint32(0x50, true), // NumberOfPartitionEntries
    entrySize: view.getUint32(0x54, true), // SizeOfPartitionEntry
    entriesCrc32: view.getUint32(0x58, true), // PartitionEntryArrayCRC32
  };
  if (header.myLba !== lba) return { problem: `MyLBA is ${header.myLba} (offset 0x18), expected ${lba}`, fieldOffset: 0x18 };
  if (header.entryCount > MAX_GPT_ENTRIES) return { problem: `${header.entryCount} partition entries (offset 0x50), more than ${MAX_GPT_ENTRIES}`, fieldOffset: 0x50 };
  if (header.entrySize < 128 || header.entrySize > MAX_GPT_ENTRY_SIZE || header.entrySize % 8 !== 0) {
    return { problem: `partition entry size ${header.entrySize} (offset 0x54) is not a multiple of 8 between 128 and ${MAX_GPT_ENTRY_SIZE}`, fieldOffset: 0x54 };
  }
  const arrayBytes = header.entryCount * header.entrySize;
  const arraySectors = Math.ceil(arrayBytes / 512);
  if (arrayBytes > MAX_GPT_ARRAY_BYTES) return { problem: `partition entry array of ${arrayBytes} bytes is larger than ${MAX_GPT_ARRAY_BYTES}`, fieldOffset: 0x50 };
  if (!Number.isSafeInteger(header.entriesLba) || header.entriesLba < 1 || header.entriesLba + arraySectors > diskSectors) {
    return { problem: `partition entry array at LBA ${header.entriesLba} (offset 0x48, ${arraySectors} sectors) lies outside the disk (${diskSectors} sectors)`, fieldOffset: 0x48 };
  }
  return { header };
}
