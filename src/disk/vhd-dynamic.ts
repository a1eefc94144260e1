import { ContainerError, hex } from '../errors.js';
import { MAX_SINGLE_READ, checkRange, type ByteSource } from '../io/byte-source.js';
import { BAT_UNALLOCATED, blockGeometry, describeOutOfBounds, parseBat, type Bat, type BlockGeometry } from './vhd-bat.js';
import { VHD_DYNAMIC_HEADER_SIZE, parseDynamicHeader } from './vhd-dynamic-header.js';
import { VHD_FOOTER_SIZE } from './vhd-footer.js';

/** Smallest and largest block sizes we accept; the spec default is 2 MiB, Hyper-V also writes 32 MiB. */
const MIN_BLOCK_SIZE = 512;
const MAX_BLOCK_SIZE = 256 * 1024 * 1024;

/** How many sector bitmaps to keep; each is one sector for 2 MiB blocks, so this is bounded at a few MiB. */
const BITMAP_CACHE_ENTRIES = 1024;

/**
 * Opens the virtual disk of a dynamic VHD: reads the dynamic header at `headerOffset` (footer
 * field "Data Offset") and the BAT, and returns a ByteSource of `virtualSize` bytes where
 * unallocated blocks and sectors whose bitmap bit is clear read as zeros.
 * Non-fatal problems (header checksum, BAT entries past the end) go to `notes`.
 */
export async function openDynamicVhd(
  file: ByteSource,
  headerOffset: number,
  virtualSize: number,
  notes: string[],
): Promise<ByteSource> {
  const dataEnd = file.size - VHD_FOOTER_SIZE;
  if (headerOffset + VHD_DYNAMIC_HEADER_SIZE > dataEnd) {
    throw new ContainerError(
      'corrupt',
      `VHD footer "Data Offset" points to ${hex(headerOffset)}, but a 1024-byte dynamic header there would run past the data area (file size ${file.size}): the file is truncated or the footer is damaged`,
      { offset: headerOffset },
    );
  }
  const header = parseDynamicHeader(await file.read(headerOffset, VHD_DYNAMIC_HEADER_SIZE));
  if (!header.cookieValid) {
    throw new ContainerError('corrupt', `VHD dynamic header at ${hex(headerOffset)}: expected cookie "cxsparse"`, { offset: headerOffset });
  }
  if (!header.checksumValid) notes.push(`VHD dynamic header at ${hex(headerOffset)}: checksum mismatch (stored ${hex(header.checksum)}); read anyway`);
  const { blockSize } = header;
  if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || (blockSize & (blockSize - 1)) !== 0) {
    throw new ContainerError(
      'corrupt',
      `VHD dynamic header at ${hex(headerOffset)}: block size ${blockSize} (offset 0x20) is not a power of two between ${MIN_BLOCK_SIZE} and ${MAX_BLOCK_SIZE}`,
      { offset: headerOffset + 0x20 },
    );
  }
  const geometry = blockGeometry(blockSize);
  const blocksNeeded = Math.ceil(virtualSize / blockSize);
  if (header.maxTableEntries < blocksNeeded) {
    notes.push(
      `VHD dynamic header: ${header.maxTableEntries} BAT entries cover ${header.maxTableEntries * blockSize} bytes, less than the virtual size ${virtualSize}; the rest reads as zeros`,
    );
  }
  const entriesToRead = Math.min(header.maxTableEntries, blocksNeeded);
  const tableBytes = entriesToRead * 4;
  if (!Number.isSafeInteger(header.tableOffset) || header.tableOffset + tableBytes > dataEnd || tableBytes > MAX_SINGLE_READ) {
    throw new ContainerError(
      'corrupt',
      // tableOffset is NaN when the 64-bit field is beyond 2^53 (see parseVhdDynamicHeader).
      `VHD dynamic header at ${hex(headerOffset)}: BAT at ${Number.isSafeInteger(header.tableOffset) ? hex(header.tableOffset) : 'an offset beyond 2^53'} (offset 0x10) with ${entriesToRead} entries does not fit in the file (size ${file.size})`,
      { offset: headerOffset + 0x10 },
    );
  }
  const bat = parseBat(await file.read(header.tableOffset, tableBytes), header.tableOffset, geometry, dataEnd);
  const batNote = describeOutOfBounds(bat, file.size);
  if (batNote) notes.push(batNote);
  return new DynamicVhdSource(file, bat, geometry, virtualSize);
}

/** The virtual disk behind a BAT. Reads that span blocks are split at block boundaries. */
class DynamicVhdSource implements ByteSource {
  readonly name: string;
  private readonly bitmaps = new Map<number, Uint8Array>();

  constructor(
    private readonly file: ByteSource,
    private readonly bat: Bat,
    private readonly geometry: BlockGeometry,
    readonly size: number,
  ) {
    this.name = `${file.name} (dynamic VHD)`;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRange(this, offset, length);
    const out = new Uint8Array(length);
    const { blockSize } = this.geometry;
    let done = 0;
    while (done < length) {
      const position = offset + done;
      const block = Math.floor(position / blockSize);
      const inBlock = position - block * blockSize;
      const span = Math.min(length - done, blockSize - inBlock);
      await this.readWithinBlock(block, inBlock, out.subarray(done, done + span));
      done += span;
    }
    return out;
  }

  /** Fills `target` from one block, starting `inBlock` bytes into its data; `target` starts zeroed. */
  private async readWithinBlock(block: number, inBlock: number, target: Uint8Array): Promise<void> {
    const sector = block < this.bat.entries.length ? this.bat.entries[block]! : BAT_UNALLOCATED;
    if (sector === BAT_UNALLOCATED) return;
    if (this.bat.outOfBounds.has(block)) {
      const entryOffset = this.bat.tableOffset + block * 4;
      throw new ContainerError(
        'corrupt',
        `VHD BAT entry ${block} at ${hex(entryOffset)} points to sector ${hex(sector)}, past the end of ${this.file.name} (size ${this.file.size})`,
        { offset: entryOffset },
      );
    }
    const bitmapOffset = sector * 512;
    const bitmap = await this.bitmap(block, bitmapOffset);
    const data = await this.file.read(bitmapOffset + this.geometry.bitmapSize + inBlock, target.length);
    target.set(data);
    zeroClearSectors(bitmap, inBlock, target);
  }

  private async bitmap(block: number, bitmapOffset: number): Promise<Uint8Array> {
    const cached = this.bitmaps.get(block);
    if (cached) return cached;
    const bitmap = await this.file.read(bitmapOffset, this.geometry.bitmapSize);
    if (this.bitmaps.size >= BITMAP_CACHE_ENTRIES) this.bitmaps.delete(this.bitmaps.keys().next().value!);
    this.bitmaps.set(block, bitmap);
    return bitmap;
  }
}

/**
 * Zeroes the parts of `target` (data starting `inBlock` bytes into a block) that lie in sectors
 * whose bitmap bit is clear: those sectors were never written, whatever the file holds there.
 * Bit order is most significant first (sector 0 is bit 7 of byte 0): blktap's vhd-util calls these
 * "new VHD bitmaps ... big endian, bits set from left to right" (some very old tools wrote them
 * little-endian). qemu-img sets whole bitmaps, so its images read the same either way.
 */
export function zeroClearSectors(bitmap: Uint8Array, inBlock: number, target: Uint8Array): void {
  const first = Math.floor(inBlock / 512);
  const last = Math.floor((inBlock + target.length - 1) / 512);
  for (let s = first; s <= last; s++) {
    const set = ((bitmap[s >> 3] ?? 0) & (0x80 >> (s & 7))) !== 0;
    if (set) continue;
    const from = Math.max(s * 512, inBlock) - inBlock;
    const to = Math.min((s + 1) * 512, inBlock + target.length) - inBlock;
    target.fill(0, from, to);
  }
}
