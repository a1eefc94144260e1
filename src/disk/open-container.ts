import { ContainerError, hex } from '../errors.js';
import { slice, type ByteSource } from '../io/byte-source.js';
import { convertVhdToFixed } from './conversion.js';
import { sniffUnsupported, unsupportedMessage } from './sniff-unsupported.js';
import type { ContainerInfo, OpenedContainer, VhdFooter } from './types.js';
import { openDynamicVhd } from './vhd-dynamic.js';
import { VHD_COOKIE, VHD_FOOTER_SIZE, VhdDiskType, parseVhdFooter, type ParsedVhdFooter } from './vhd-footer.js';

/** The only VHD file format version (footer offset 0x0c). */
const VHD_FORMAT_VERSION = 0x00010000;

/**
 * Opens a disk image: a fixed or dynamic VHD, or a raw image (anything without a VHD footer).
 * VHDX, qcow2, VMDK, VDI and differencing VHDs throw ContainerError 'unsupported' naming the
 * format and the conversion command. Problems that do not stop reading (bad checksum, sizes
 * that disagree) are recorded in `info.notes` and the info fields, for the DISK-* rules.
 */
export async function openContainer(source: ByteSource): Promise<OpenedContainer> {
  const head = await source.read(0, Math.min(VHD_FOOTER_SIZE, source.size));
  const unsupported = sniffUnsupported(head);
  if (unsupported) throw new ContainerError('unsupported', unsupportedMessage(source.name, unsupported), { offset: 0 });
  await refuseCutShort(source);

  if (source.size >= VHD_FOOTER_SIZE) {
    const footerOffset = source.size - VHD_FOOTER_SIZE;
    const atEnd = parseVhdFooter(await source.read(footerOffset, VHD_FOOTER_SIZE));
    if (atEnd.footer.cookieValid) return openVhd(source, atEnd, 'end', head);
    if (head.length === VHD_FOOTER_SIZE) {
      const copy = parseVhdFooter(head);
      if (copy.footer.cookieValid) return openFromStartCopy(source, copy, footerOffset);
    }
  }
  return openRaw(source);
}

/**
 * A file shorter than one sector is no disk at all, and one that ends part-way into a
 * "conectix" footer is a VHD cut short (a fixed VHD is whole sectors plus a 512-byte footer):
 * both are refused rather than read as a raw disk whose guest then seems to be missing.
 */
async function refuseCutShort(source: ByteSource): Promise<void> {
  if (source.size < VHD_FOOTER_SIZE) {
    const what = source.size === 0 ? 'is empty' : `is only ${source.size} bytes`;
    throw new ContainerError('corrupt', `${source.name} ${what}: expected a disk image of whole 512-byte sectors, or a VHD ending in its 512-byte footer`, { offset: 0 });
  }
  const partial = source.size % VHD_FOOTER_SIZE;
  if (partial < VHD_COOKIE.length) return;
  const footerStart = source.size - partial;
  const cookie = await source.read(footerStart, VHD_COOKIE.length);
  if (String.fromCharCode(...cookie) !== VHD_COOKIE) return;
  throw new ContainerError(
    'corrupt',
    `${source.name} ends ${partial} bytes into a VHD footer ("conectix" at ${hex(footerStart)}); expected the whole 512-byte footer, ${footerStart + VHD_FOOTER_SIZE} bytes in all: the file was cut short (an interrupted copy or upload)`,
    { offset: footerStart },
  );
}

function openRaw(source: ByteSource): OpenedContainer {
  const notes: string[] = [];
  if (source.size % 512 !== 0) notes.push(`image size ${source.size} is not a multiple of 512 bytes; it is neither a whole-sector raw disk nor a VHD`);
  return { disk: source, info: { format: 'raw', virtualSize: source.size, fileSize: source.size, notes } };
}

/** No footer at the end but "conectix" at offset 0: only a dynamic VHD keeps that copy, so the tail was cut or overwritten. */
async function openFromStartCopy(source: ByteSource, copy: ParsedVhdFooter, footerOffset: number): Promise<OpenedContainer> {
  if (copy.footer.diskType !== VhdDiskType.dynamic) {
    throw new ContainerError(
      'corrupt',
      `${source.name}: no VHD footer at ${hex(footerOffset)} (the last 512 bytes), and the footer-like header at offset 0 is not a dynamic disk (disk type ${copy.footer.diskType}): the file is truncated or damaged`,
      { offset: footerOffset },
    );
  }
  const opened = await openVhd(source, copy, 'start-copy');
  opened.info.notes.unshift(`no VHD footer at ${hex(footerOffset)} (the last 512 bytes): read the dynamic disk through the footer copy at offset 0; Azure reads only the end of the file`);
  return opened;
}

async function openVhd(source: ByteSource, parsed: ParsedVhdFooter, location: 'end' | 'start-copy', head?: Uint8Array): Promise<OpenedContainer> {
  const { footer, dataOffset } = parsed;
  const notes = footerNotes(footer);
  const info = (format: ContainerInfo['format'], virtualSize: number): ContainerInfo => ({
    format,
    virtualSize,
    fileSize: source.size,
    footer,
    footerLocation: location,
    notes,
  });

  if (footer.diskType === VhdDiskType.differencing) {
    throw new ContainerError(
      'unsupported',
      `${source.name} is a differencing VHD (footer disk type 4 at offset 0x3c): it holds only the changes against a parent disk. ` +
        `Merge it into a fixed VHD first: ${convertVhdToFixed('child.vhd', 'out.vhd')}`,
      { offset: source.size - VHD_FOOTER_SIZE + 0x3c },
    );
  }
  const looksDynamic = footer.diskType === VhdDiskType.dynamic || (footer.diskType !== VhdDiskType.fixed && typeof dataOffset === 'number');
  if (looksDynamic) {
    if (footer.diskType !== VhdDiskType.dynamic) notes.push(`VHD footer disk type ${footer.diskType} is not 2, 3 or 4; its "Data Offset" is set, so it was read as dynamic`);
    if (typeof dataOffset !== 'number') {
      throw new ContainerError('corrupt', `${source.name}: dynamic VHD footer has no usable "Data Offset" (offset 0x10)`, { offset: source.size - VHD_FOOTER_SIZE + 0x10 });
    }
    if (!Number.isSafeInteger(footer.currentSize) || footer.currentSize <= 0) {
      throw new ContainerError('corrupt', `${source.name}: dynamic VHD footer "Current Size" (offset 0x30) is not a usable size`, { offset: source.size - VHD_FOOTER_SIZE + 0x30 });
    }
    if (location === 'end' && head && head.length === VHD_FOOTER_SIZE && !sameFooter(head, await source.read(source.size - VHD_FOOTER_SIZE, VHD_FOOTER_SIZE))) {
      notes.push('the footer copy at offset 0 differs from the footer at the end of the file');
    }
    const disk = await openDynamicVhd(source, dataOffset, footer.currentSize, notes);
    return { disk, info: info('vhd-dynamic', footer.currentSize) };
  }

  if (footer.diskType !== VhdDiskType.fixed) notes.push(`VHD footer disk type ${footer.diskType} is not 2, 3 or 4; read as fixed (data before the footer)`);
  const dataSize = source.size - VHD_FOOTER_SIZE;
  if (footer.currentSize !== dataSize) {
    notes.push(
      `fixed VHD: footer "Current Size" is ${footer.currentSize} bytes but the file holds ${dataSize} bytes before the footer (file length ${source.size} should be ${footer.currentSize + VHD_FOOTER_SIZE})`,
    );
  }
  return { disk: slice(source, 0, dataSize, `${source.name} (fixed VHD)`), info: info('vhd-fixed', dataSize) };
}

function footerNotes(footer: VhdFooter): string[] {
  const notes: string[] = [];
  if (!footer.checksumValid) notes.push(`VHD footer checksum mismatch: stored ${hex(footer.checksum)} (offset 0x40); the footer was read anyway`);
  if (footer.formatVersion !== VHD_FORMAT_VERSION) notes.push(`VHD footer file format version is ${hex(footer.formatVersion)} (offset 0x0c), expected 0x10000`);
  return notes;
}

function sameFooter(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
