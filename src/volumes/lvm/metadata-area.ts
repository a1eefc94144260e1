import { VolumeError, hex } from '../../errors.js';
import type { ByteSource } from '../../io/byte-source.js';
import { ascii, u32, u64 } from './bytes.js';
import { lvmCrc } from './crc.js';
import type { DiskLocn } from './pv-label.js';

/** mda_header size: the text ring starts right after it. */
export const MDA_HEADER_SIZE = 512;
/** mda_header.magic (lib/format_text/layout.h FMTT_MAGIC). */
export const FMTT_MAGIC = ' LVM2 x[5A%r0N*>';
/** Largest metadata text we read: LVM's own default area is 1 MiB; 16 MiB is far beyond any real VG. */
export const MAX_METADATA_TEXT = 16 * 1024 * 1024;
/** raw_locn.flags bit: this copy is to be ignored (pvchange --metadataignore). */
const RAW_LOCN_IGNORED = 0x1;

/** The newest committed metadata text of one metadata area. */
export interface MetadataText {
  /** The text up to its terminating NUL. */
  text: string;
  /** Byte offset in the PV where the text starts (for messages). */
  offset: number;
}

/**
 * Reads the mda_header at `area.offset` of the PV and the metadata text its first raw_locn
 * points at (the committed copy), following it round the circular buffer when it wraps.
 * Returns undefined when the area holds no metadata (a fresh PV, or a copy marked ignored).
 */
export async function readMetadataArea(pv: ByteSource, area: DiskLocn): Promise<MetadataText | undefined> {
  if (area.size < MDA_HEADER_SIZE * 2 || area.offset + area.size > pv.size) {
    throw new VolumeError('corrupt', `LVM metadata area ${hex(area.offset)}+${area.size} does not fit a header and text inside the PV (size ${pv.size})`, { offset: area.offset });
  }
  const h = await pv.read(area.offset, MDA_HEADER_SIZE);
  const at = area.offset;
  if (ascii(h, 0x04, 16) !== FMTT_MAGIC) {
    throw new VolumeError('corrupt', 'LVM mda_header.magic is not " LVM2 x[5A%r0N*>"', { offset: at + 0x04 });
  }
  const checksum = u32(h, 0x00); // mda_header.checksum_xl over the rest of the header
  const computed = lvmCrc(h.subarray(0x04));
  if (checksum !== computed) {
    throw new VolumeError('corrupt', `LVM mda_header checksum ${hex(checksum)} does not match the computed ${hex(computed)}`, { offset: at });
  }
  const version = u32(h, 0x14);
  if (version !== 1) throw new VolumeError('unsupported', `LVM mda_header.version ${version} (only 1 is known)`, { offset: at + 0x14 });
  const start = u64(h, 0x18, 'mda_header.start', at);
  const size = u64(h, 0x20, 'mda_header.size', at);
  if (start !== area.offset || size !== area.size) {
    throw new VolumeError('corrupt', `LVM mda_header says the area is ${hex(start)}+${size}, the pv_header says ${hex(area.offset)}+${area.size}`, { offset: at + 0x18 });
  }
  // raw_locn[0] (offset u64, size u64, checksum u32, flags u32) at 0x28 is the committed copy.
  const offset = u64(h, 0x28, 'raw_locn.offset', at);
  const length = u64(h, 0x30, 'raw_locn.size', at);
  const textChecksum = u32(h, 0x38);
  const flags = u32(h, 0x3c);
  if (offset === 0 || (flags & RAW_LOCN_IGNORED) !== 0) return undefined;
  const ring = size - MDA_HEADER_SIZE;
  if (offset < MDA_HEADER_SIZE || offset >= size) {
    throw new VolumeError('corrupt', `LVM raw_locn.offset ${hex(offset)} lies outside the metadata ring ${hex(MDA_HEADER_SIZE)}..${hex(size)}`, { offset: at + 0x28 });
  }
  if (length === 0 || length > ring || length > MAX_METADATA_TEXT) {
    throw new VolumeError('corrupt', `LVM raw_locn.size ${length} does not fit the ${ring}-byte metadata ring`, { offset: at + 0x30 });
  }
  // The text may wrap: what does not fit before the end of the area continues right after the header.
  const first = Math.min(length, size - offset);
  const bytes = new Uint8Array(length);
  bytes.set(await pv.read(start + offset, first), 0);
  if (first < length) bytes.set(await pv.read(start + MDA_HEADER_SIZE, length - first), first);
  const sum = lvmCrc(bytes);
  if (sum !== textChecksum) {
    throw new VolumeError('corrupt', `LVM metadata text checksum ${hex(sum)} does not match raw_locn.checksum ${hex(textChecksum)}`, { offset: start + offset });
  }
  const nul = bytes.indexOf(0);
  return { text: new TextDecoder('utf-8').decode(nul < 0 ? bytes : bytes.subarray(0, nul)), offset: start + offset };
}

