import type { VhdFooter } from './types.js';

/** Size of the VHD footer (and of its copy at offset 0 in dynamic disks). */
export const VHD_FOOTER_SIZE = 512;

/** Footer cookie, bytes 0-7. */
export const VHD_COOKIE = 'conectix';

/** VHD disk types (footer offset 0x3c). */
export const VhdDiskType = { fixed: 2, dynamic: 3, differencing: 4 } as const;

/** The footer fields plus the ones only the container layer needs (not part of ContainerInfo). */
export interface ParsedVhdFooter {
  footer: VhdFooter;
  /**
   * Offset 0x10: where the dynamic disk header lives. `null` for 0xFFFFFFFFFFFFFFFF (fixed disks),
   * `undefined` when the value is not a safe byte offset (garbage).
   */
  dataOffset: number | null | undefined;
}

/**
 * Parses a 512-byte VHD footer ("Hard Disk Footer Format", VHD spec; every field big-endian).
 * Pure: never throws on content, only reports what it found; `cookieValid` and `checksumValid`
 * tell the caller how far to trust the rest.
 */
export function parseVhdFooter(bytes: Uint8Array): ParsedVhdFooter {
  if (bytes.length !== VHD_FOOTER_SIZE) throw new RangeError(`VHD footer must be ${VHD_FOOTER_SIZE} bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cookie = ascii(bytes.subarray(0x00, 0x08)); // Cookie
  const formatVersion = view.getUint32(0x0c); // File Format Version
  const dataOffsetRaw = view.getBigUint64(0x10); // Data Offset
  const creatorApplication = ascii(bytes.subarray(0x1c, 0x20)); // Creator Application
  const originalSize = safeNumber(view.getBigUint64(0x28)); // Original Size
  const currentSize = safeNumber(view.getBigUint64(0x30)); // Current Size
  const diskType = view.getUint32(0x3c); // Disk Type
  const checksum = view.getUint32(0x40); // Checksum
  const uniqueId = uuidFromBytes(bytes.subarray(0x44, 0x54)); // Unique Id
  return {
    footer: {
      cookieValid: cookie === VHD_COOKIE,
      formatVersion,
      diskType,
      originalSize,
      currentSize,
      checksum,
      checksumValid: vhdChecksum(bytes, 0x40) === checksum,
      creatorApplication,
      uniqueId,
    },
    dataOffset: dataOffsetRaw === 0xffffffffffffffffn ? null : dataOffsetRaw <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(dataOffsetRaw) : undefined,
  };
}

/**
 * The VHD checksum: one's complement of the sum of every byte of the structure, with the
 * 4-byte checksum field itself counted as zero. Used by the footer and the dynamic header.
 */
export function vhdChecksum(bytes: Uint8Array, checksumOffset: number): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (i >= checksumOffset && i < checksumOffset + 4) continue;
    sum = (sum + bytes[i]!) >>> 0;
  }
  return ~sum >>> 0;
}

/** Printable ASCII of a fixed-width field; NULs and non-printables become '.' so garbage stays readable. */
export function ascii(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b === 0 ? '' : '.')).join('');
}

/** A 64-bit size as a number; values beyond 2^53 (never a real disk) become NaN so every comparison fails. */
function safeNumber(value: bigint): number {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : Number.NaN;
}

/** The VHD unique id is a UUID stored in RFC 4122 byte order (qemu and Hyper-V write it that way). */
function uuidFromBytes(b: Uint8Array): string {
  const hexes = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hexes.slice(0, 8)}-${hexes.slice(8, 12)}-${hexes.slice(12, 16)}-${hexes.slice(16, 20)}-${hexes.slice(20)}`;
}
