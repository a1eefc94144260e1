import { DIR_ENTRY_SIZE, trimPadded } from './bpb.js';
import { le16, le32 } from './bytes.js';
import { shortNameChecksum, shortNameString } from './short-name.js';

/** DIR_Attr bits. */
export const ATTR = {
  READ_ONLY: 0x01,
  HIDDEN: 0x02,
  SYSTEM: 0x04,
  VOLUME_ID: 0x08,
  DIRECTORY: 0x10,
  ARCHIVE: 0x20,
  /** READ_ONLY | HIDDEN | SYSTEM | VOLUME_ID: a long-name entry. */
  LONG_NAME: 0x0f,
} as const;

/** First DIR_Name byte values with a meaning of their own. */
const END_OF_DIR = 0x00;
const DELETED = 0xe5;
/** LDIR_Ord bit marking the last (first stored) entry of a long name. */
const LAST_LONG_ENTRY = 0x40;
/** A long name has at most 255 characters: 20 entries of 13. */
const MAX_LFN_ENTRIES = 20;
/** UTF-16 units per LFN entry: LDIR_Name1 (5) at 0x01, LDIR_Name2 (6) at 0x0E, LDIR_Name3 (2) at 0x1C. */
const LFN_UNIT_OFFSETS = [0x01, 0x03, 0x05, 0x07, 0x09, 0x0e, 0x10, 0x12, 0x14, 0x16, 0x18, 0x1c, 0x1e];

/** One live file or directory entry, with its long name when a valid one precedes it. */
export interface FatDirEntry {
  /** The long name when valid, else the short name as displayed (NT lower-case flags applied). */
  name: string;
  /** The 8.3 name as displayed ("BOOTX64.EFI"); lookups match it too. */
  shortName: string;
  /** 0x0B DIR_Attr. */
  DIR_Attr: number;
  /** DIR_FstClusHI (0x14, FAT32 only) << 16 | DIR_FstClusLO (0x1A). */
  firstCluster: number;
  /** 0x1C DIR_FileSize. */
  DIR_FileSize: number;
  /** DIR_WrtDate (0x18) + DIR_WrtTime (0x16), seconds since the epoch (the local time taken as UTC). */
  mtime: number;
  /** Index of the short entry within its directory (entries of 32 bytes). */
  index: number;
}

/** A directory's entries, and the volume label entry if it has one (only the root should). */
export interface ParsedDirectory {
  entries: FatDirEntry[];
  /** DIR_Name of the first live ATTR_VOLUME_ID entry, trailing spaces removed. */
  volumeLabel?: string;
}

/** DOS date and time fields to epoch seconds; 0 when the date is unset. */
function dosTime(date: number, time: number): number {
  if (date === 0) return 0;
  const year = 1980 + (date >> 9);
  const month = ((date >> 5) & 0xf) - 1;
  const day = date & 0x1f;
  return Date.UTC(year, month, day, time >> 11, (time >> 5) & 0x3f, (time & 0x1f) * 2) / 1000;
}

/** A long name being collected from its entries, last part first as they are stored. */
interface PendingLfn {
  checksum: number;
  /** The LDIR_Ord expected next (counting down to 1), 0 once complete. */
  next: number;
  parts: number[][];
}

/** Starts or continues a long name with one LFN entry; undefined when the sequence is broken. */
function addLfnEntry(pending: PendingLfn | undefined, entry: Uint8Array): PendingLfn | undefined {
  const ord = entry[0]!;
  const seq = ord & 0x3f;
  const checksum = entry[0x0d]!;
  const units = LFN_UNIT_OFFSETS.map((o) => le16(entry, o));
  if (ord & LAST_LONG_ENTRY) {
    if (seq === 0 || seq > MAX_LFN_ENTRIES) return undefined;
    const parts: number[][] = [];
    parts[seq - 1] = units;
    return { checksum, next: seq - 1, parts };
  }
  if (!pending || pending.next === 0 || seq !== pending.next || checksum !== pending.checksum) return undefined;
  pending.parts[seq - 1] = units;
  pending.next = seq - 1;
  return pending;
}

/** The long name of a complete sequence: units up to the first 0x0000 (0xFFFF pads after it). */
function lfnString(pending: PendingLfn): string | undefined {
  const units = pending.parts.flat();
  const end = units.indexOf(0);
  const used = end < 0 ? units : units.slice(0, end);
  if (used.length === 0) return undefined;
  return String.fromCharCode(...used);
}

function isDotName(name: Uint8Array): boolean {
  const text = Buffer.from(name.subarray(0, 11)).toString('latin1');
  return text === '.          ' || text === '..         ';
}

/**
 * Parses the 32-byte entries of a directory (the fixed root area, or a directory's clusters
 * joined). Stops at the first entry whose DIR_Name[0] is 0x00; skips deleted (0xE5) entries,
 * "." and "..". A long name is used only when its entries run N..1 without a gap, each
 * carries the checksum of the short entry that follows, and it is not empty; otherwise the
 * short name stands, as Linux's vfat driver does.
 */
export function parseDirectory(bytes: Uint8Array, fat32: boolean): ParsedDirectory {
  const entries: FatDirEntry[] = [];
  let volumeLabel: string | undefined;
  let pending: PendingLfn | undefined;
  const count = Math.floor(bytes.length / DIR_ENTRY_SIZE);
  for (let index = 0; index < count; index++) {
    const e = bytes.subarray(index * DIR_ENTRY_SIZE, (index + 1) * DIR_ENTRY_SIZE);
    const first = e[0x00]!;
    if (first === END_OF_DIR) break;
    if (first === DELETED) {
      pending = undefined;
      continue;
    }
    const attr = e[0x0b]!;
    if ((attr & 0x3f) === ATTR.LONG_NAME) {
      pending = addLfnEntry(pending, e);
      continue;
    }
    const lfn = pending;
    pending = undefined;
    const name = e.subarray(0x00, 0x0b);
    if (attr & ATTR.VOLUME_ID) {
      volumeLabel ??= trimPadded(Buffer.from(name).toString('latin1'));
      continue;
    }
    if (isDotName(name)) continue;
    const shortName = shortNameString(name, e[0x0c]!);
    const longName = lfn && lfn.next === 0 && lfn.checksum === shortNameChecksum(name) ? lfnString(lfn) : undefined;
    entries.push({
      name: longName ?? shortName,
      shortName,
      DIR_Attr: attr,
      firstCluster: (fat32 ? le16(e, 0x14) * 0x10000 : 0) + le16(e, 0x1a),
      DIR_FileSize: le32(e, 0x1c),
      mtime: dosTime(le16(e, 0x18), le16(e, 0x16)),
      index,
    });
  }
  return { entries, volumeLabel };
}
