import { isMediumFailure } from '../error-record.js';
import type { ByteSource } from '../io/byte-source.js';
import { allZero, fixedString, le16, le32, uuidString } from './ext/bytes.js';
import { EXT_MAGIC, SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE, extType, parseSuperblock } from './ext/superblock.js';

/** What a volume holds, named as blkid names it (TYPE, UUID, LABEL). */
export interface VolumeIdentity {
  /** blkid TYPE: ext2, ext3, ext4, jbd, xfs, vfat, swap, crypto_LUKS, LVM2_member, btrfs. */
  type: string;
  /** blkid UUID in blkid's spelling, when the format has one and it is set. */
  uuid?: string;
  /** blkid LABEL, when set. */
  label?: string;
}

/** Reads bytes, or undefined when the volume is too short or the read fails. */
async function tryRead(source: ByteSource, offset: number, length: number): Promise<Uint8Array | undefined> {
  if (offset + length > source.size) return undefined;
  try {
    return await source.read(offset, length);
  } catch (error) {
    // Too short or odd bytes: no match. A failing medium is not "no match": it ends the run.
    if (isMediumFailure(error)) throw error;
    return undefined;
  }
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function optional(text: string): string | undefined {
  const trimmed = text.replace(/[\s\0]+$/, '');
  return trimmed === '' ? undefined : trimmed;
}

function optionalUuid(bytes: Uint8Array): string | undefined {
  return allZero(bytes) ? undefined : uuidString(bytes);
}

/** Where LUKS2 keeps its secondary header (blkid looks there when the primary is wiped). */
const LUKS2_SECONDARY_OFFSETS = [0x4000, 0x8000, 0x10000, 0x20000, 0x40000, 0x80000, 0x100000, 0x200000, 0x400000];

/** LUKS1/LUKS2: "LUKS\xba\xbe" at 0 (or a LUKS2 "SKUL\xba\xbe" secondary), uuid text at +0xA8, LUKS2 label at +0x18. */
async function luks(source: ByteSource): Promise<VolumeIdentity | undefined> {
  return luksAt(source, [[0, 'LUKS\xba\xbe']]);
}

/**
 * A LUKS2 volume whose primary header is wiped, found by its secondary header. Tried only
 * when no other signature matched: the nine probes cost a cache block each, on every volume.
 */
async function luksSecondary(source: ByteSource): Promise<VolumeIdentity | undefined> {
  return luksAt(source, LUKS2_SECONDARY_OFFSETS.map((o) => [o, 'SKUL\xba\xbe'] as const));
}

async function luksAt(source: ByteSource, places: readonly (readonly [number, string])[]): Promise<VolumeIdentity | undefined> {
  for (const [offset, magic] of places) {
    const b = await tryRead(source, offset, 0x100);
    if (!b || ascii(b, 0, 6) !== magic) continue;
    const version = (b[6]! << 8) | b[7]!; // big-endian
    if (offset !== 0 && version !== 2) continue;
    return { type: 'crypto_LUKS', uuid: optional(fixedString(b.subarray(0xa8, 0xa8 + 40))), label: version === 2 ? optional(fixedString(b.subarray(0x18, 0x18 + 48))) : undefined };
  }
  return undefined;
}

/** XFS: "XFSB" at 0, sb_uuid at 0x20, sb_fname (12 bytes) at 0x6C. */
async function xfs(source: ByteSource): Promise<VolumeIdentity | undefined> {
  const b = await tryRead(source, 0, 0x78);
  if (!b || ascii(b, 0, 4) !== 'XFSB') return undefined;
  return { type: 'xfs', uuid: optionalUuid(b.subarray(0x20, 0x30)), label: optional(fixedString(b.subarray(0x6c, 0x78))) };
}

/** LVM2 PV: "LABELONE" at the start of one of sectors 0-3, "LVM2 001" at +0x18, PV UUID text at +0x20. */
async function lvm2(source: ByteSource): Promise<VolumeIdentity | undefined> {
  const b = await tryRead(source, 0, 4 * 512);
  if (!b) return undefined;
  for (let sector = 0; sector < 4; sector++) {
    const at = sector * 512;
    if (ascii(b, at, 8) !== 'LABELONE' || ascii(b, at + 0x18, 8) !== 'LVM2 001') continue;
    const raw = ascii(b, at + 0x20, 32);
    // blkid prints the 32 characters as 6-4-4-4-4-4-6.
    const uuid = [raw.slice(0, 6), raw.slice(6, 10), raw.slice(10, 14), raw.slice(14, 18), raw.slice(18, 22), raw.slice(22, 26), raw.slice(26, 32)].join('-');
    return { type: 'LVM2_member', uuid };
  }
  return undefined;
}

/** ext2/3/4: s_magic 0xEF53 at 1024 + 0x38; type from the feature bits as blkid decides. */
async function ext(source: ByteSource): Promise<VolumeIdentity | undefined> {
  const b = await tryRead(source, SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE);
  if (!b || le16(b, 0x38) !== EXT_MAGIC) return undefined;
  const sb = parseSuperblock(b);
  return { type: extType(sb), uuid: sb.s_uuid, label: sb.s_volume_name };
}

/** btrfs: "_BHRfS_M" at 0x10040, fsid at 0x10020, label (256 bytes) at 0x1012B. */
async function btrfs(source: ByteSource): Promise<VolumeIdentity | undefined> {
  const b = await tryRead(source, 0x10000, 0x22b);
  if (!b || ascii(b, 0x40, 8) !== '_BHRfS_M') return undefined;
  return { type: 'btrfs', uuid: optionalUuid(b.subarray(0x20, 0x30)), label: optional(fixedString(b.subarray(0x12b, 0x22b))) };
}

/**
 * FAT12/16/32: boot signature 0x55AA at 510 and the BPB file-system type string, "FAT12   " or
 * "FAT16   " at 0x36 (volume id 0x27, label 0x2B) or "FAT32   " at 0x52 (id 0x43, label 0x47).
 */
async function vfat(source: ByteSource): Promise<VolumeIdentity | undefined> {
  const b = await tryRead(source, 0, 512);
  if (!b || b[510] !== 0x55 || b[511] !== 0xaa) return undefined;
  const fat16 = ['FAT12   ', 'FAT16   '].includes(ascii(b, 0x36, 8));
  const fat32 = ascii(b, 0x52, 8) === 'FAT32   ';
  if (!fat16 && !fat32) return undefined;
  const id = le32(b, fat32 ? 0x43 : 0x27);
  const hex = id.toString(16).toUpperCase().padStart(8, '0');
  const label = optional(ascii(b, fat32 ? 0x47 : 0x2b, 11));
  return { type: 'vfat', uuid: `${hex.slice(0, 4)}-${hex.slice(4)}`, label: label === 'NO NAME' ? undefined : label };
}

/** Linux swap: "SWAPSPACE2" (v1) or "SWAP-SPACE" (v0) in the last 10 bytes of the first page. */
async function swap(source: ByteSource): Promise<VolumeIdentity | undefined> {
  for (const page of [4096, 8192, 16384, 65536]) {
    const b = await tryRead(source, 0, page);
    if (!b) return undefined;
    const magic = ascii(b, page - 10, 10);
    if (magic === 'SWAP-SPACE') return { type: 'swap' };
    // v1 header after the 1024-byte boot area: uuid at 0x40C, volume_name at 0x41C.
    if (magic === 'SWAPSPACE2') return { type: 'swap', uuid: optionalUuid(b.subarray(0x40c, 0x41c)), label: optional(fixedString(b.subarray(0x41c, 0x42c))) };
  }
  return undefined;
}

/** Probes in blkid's spirit: headers that own sector 0 first, then superblocks further in; the costly LUKS2 secondary-header search only when those found nothing (before swap, as blkid ranks it). */
const PROBES = [luks, xfs, lvm2, ext, btrfs, vfat, luksSecondary, swap];

/**
 * Names what a volume holds by its signature without opening it: enough to report "this
 * partition is swap / LUKS / an LVM PV" and to match fstab UUID= and LABEL= entries.
 * Throws only when the medium fails; a volume too short for every signature, or unknown, gives undefined.
 */
export async function identifyVolume(source: ByteSource): Promise<VolumeIdentity | undefined> {
  for (const probe of PROBES) {
    try {
      const found = await probe(source);
      if (found) return Object.fromEntries(Object.entries(found).filter(([, v]) => v !== undefined)) as unknown as VolumeIdentity;
    } catch (error) {
      // A probe that trips over odd bytes just does not match; a failing medium ends the run.
      if (isMediumFailure(error)) throw error;
    }
  }
  return undefined;
}
