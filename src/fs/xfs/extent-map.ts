import { FilesystemError, hex } from '../../errors.js';
import { enforceBudget } from '../../limits.js';
import { be16, be32, be64, be64n, magic, magicText } from './bytes.js';
import type { XfsBlockReader } from './block-reader.js';
import { crcMatches } from './crc.js';
import { FORK_FORMAT, type Inode } from './inode.js';

/** A mapping of file blocks to disk blocks (struct xfs_bmbt_irec, unpacked). */
export interface Extent {
  /** First logical block (file offset in blocks). */
  startoff: number;
  /** First fsblock on disk. */
  startblock: number;
  /** Number of blocks. */
  blockcount: number;
  /** Preallocated, never written: reads as zeros. */
  unwritten: boolean;
  /** Byte offset of the record in the volume, for errors. */
  offset: number;
}

/** Bytes of one packed extent record. */
export const EXTENT_RECORD_SIZE = 16;
/** v4 and v5 B+tree block magics. */
const BMAP_MAGIC = magic('BMAP');
const BMA3_MAGIC = magic('BMA3');
/** Long-form B+tree block header sizes (struct xfs_btree_block): v4 and v5 with CRC fields. */
const BTREE_HEADER_V4 = 0x18;
const BTREE_HEADER_V5 = 0x48;
/** bb_crc in a v5 long-form block. */
const BTREE_CRC_OFFSET = 0x40;
/** The kernel's bmap B+tree is at most 9 levels for 2^48 extents; more means a loop. */
const MAX_BTREE_LEVELS = 10;

/** Where a mapping is read from, for messages and CRC warnings. */
export interface MapContext {
  reader: XfsBlockReader;
  /** v5: expect BMA3 blocks with CRCs. */
  hasCrc: boolean;
  /** Records a non-fatal problem (a bad CRC). */
  warn: (message: string) => void;
}

/**
 * Unpacks one 128-bit extent record: bit 127 the unwritten flag, 126..73 startoff (54 bits),
 * 72..21 startblock (52 bits), 20..0 blockcount (21 bits).
 */
export function parseExtentRecord(bytes: Uint8Array, at: number, base: number): Extent {
  const l0 = be64n(bytes, at, 'extent l0');
  const l1 = be64n(bytes, at + 8, 'extent l1');
  return {
    unwritten: l0 >> 63n === 1n,
    startoff: Number((l0 >> 9n) & ((1n << 54n) - 1n)),
    startblock: Number(((l0 & 0x1ffn) << 43n) | (l1 >> 21n)),
    blockcount: Number(l1 & 0x1fffffn),
    offset: base + at,
  };
}

function corrupt(ino: number, field: string, offset: number, detail: string): FilesystemError {
  return new FilesystemError('corrupt', `xfs inode ${ino} extent map: ${field} at ${hex(offset)} ${detail}`, { offset });
}

/** `count` records from `at` in `bytes` (the inode fork or a leaf block). */
function parseRecords(bytes: Uint8Array, at: number, count: number, base: number, out: Extent[], ino: number): void {
  enforceBudget('filesystem', 'fileExtents', out.length + count, (limit) => `xfs inode ${ino}: extent map holds more than ${limit} extents`, { offset: base });
  for (let i = 0; i < count; i++) out.push(parseExtentRecord(bytes, at + i * EXTENT_RECORD_SIZE, base));
}

/**
 * The extents of an inode's data fork, in on-disk order: the array in the inode (extents
 * format) or every leaf of the B+tree whose root is in the inode (btree format). Each tree
 * block is visited once, levels must descend by one, and counts are bounded.
 */
export async function mapDataFork(ctx: MapContext, inode: Inode): Promise<Extent[]> {
  const fork = inode.dataFork;
  const extents: Extent[] = [];
  if (inode.di_format === FORK_FORMAT.EXTENTS) {
    if (inode.di_nextents * EXTENT_RECORD_SIZE > fork.length) {
      throw corrupt(inode.ino, 'di_nextents', inode.offset + 0x4c, `is ${inode.di_nextents}; only ${Math.floor(fork.length / EXTENT_RECORD_SIZE)} records fit in the data fork`);
    }
    parseRecords(fork, 0, inode.di_nextents, inode.dataForkOffset, extents, inode.ino);
    return extents;
  }
  if (inode.di_format !== FORK_FORMAT.BTREE) {
    throw corrupt(inode.ino, 'di_format', inode.offset + 0x05, `is ${inode.di_format}; expected extents (2) or btree (3) for a block-mapped fork`);
  }
  // The root (struct xfs_bmdr_block): bb_level, bb_numrecs, then keys and pointers sized for the fork.
  const level = be16(fork, 0x0, 'bb_level');
  const numrecs = be16(fork, 0x2, 'bb_numrecs');
  const maxrecs = Math.floor((fork.length - 4) / 16);
  if (level < 1 || level > MAX_BTREE_LEVELS) throw corrupt(inode.ino, 'bb_level', inode.dataForkOffset, `is ${level}; expected 1..${MAX_BTREE_LEVELS} in the inode root`);
  if (numrecs < 1 || numrecs > maxrecs) throw corrupt(inode.ino, 'bb_numrecs', inode.dataForkOffset + 2, `is ${numrecs}; the root holds 1..${maxrecs}`);
  const seen = new Set<number>();
  const pointers = keyedPointers(fork, 4, 4 + maxrecs * 8, numrecs, inode.dataForkOffset, inode.ino);
  for (const ptr of pointers) await walkBlock(ctx, inode.ino, ptr.fsb, ptr.offset, level - 1, seen, extents);
  return extents;
}

/** The child pointers of an interior node, checking that keys strictly increase. */
function keyedPointers(bytes: Uint8Array, keysAt: number, ptrsAt: number, count: number, base: number, ino: number): { fsb: number; offset: number }[] {
  const result: { fsb: number; offset: number }[] = [];
  let previous = -1;
  for (let i = 0; i < count; i++) {
    const key = be64(bytes, keysAt + i * 8, 'br_startoff');
    if (key <= previous) throw corrupt(ino, 'br_startoff key', base + keysAt + i * 8, `is ${key}, not above the previous key ${previous}`);
    previous = key;
    result.push({ fsb: be64(bytes, ptrsAt + i * 8, 'bmbt pointer'), offset: base + ptrsAt + i * 8 });
  }
  return result;
}

async function walkBlock(ctx: MapContext, ino: number, fsb: number, pointerOffset: number, level: number, seen: Set<number>, out: Extent[]): Promise<void> {
  if (seen.has(fsb)) throw corrupt(ino, 'bmbt pointer', pointerOffset, `points again at fsblock ${fsb}, already visited: the tree has a cycle`);
  enforceBudget('filesystem', 'extentNodes', seen.size + 1, (limit) => `xfs inode ${ino}: bmap btree needs more than ${limit} blocks`, { offset: pointerOffset });
  seen.add(fsb);
  const base = ctx.reader.byteOffset(fsb, 1, `bmbt pointer of inode ${ino}`, pointerOffset);
  const block = await ctx.reader.read(fsb, 1, `bmbt pointer of inode ${ino}`, pointerOffset);
  const bb_magic = be32(block, 0x0, 'bb_magic');
  const expected = ctx.hasCrc ? BMA3_MAGIC : BMAP_MAGIC;
  if (bb_magic !== expected) throw corrupt(ino, 'bb_magic', base, `is ${magicText(bb_magic)}, expected "${magicText(expected)}"`);
  if (ctx.hasCrc && !crcMatches(block, BTREE_CRC_OFFSET)) ctx.warn(`xfs inode ${ino}: bmap btree block at ${hex(base)} has a bad CRC`);
  const bb_level = be16(block, 0x4, 'bb_level');
  const bb_numrecs = be16(block, 0x6, 'bb_numrecs');
  if (bb_level !== level) throw corrupt(ino, 'bb_level', base + 4, `is ${bb_level}, expected ${level} below its parent`);
  const header = ctx.hasCrc ? BTREE_HEADER_V5 : BTREE_HEADER_V4;
  const room = block.length - header;
  const maxrecs = Math.floor(room / (level === 0 ? EXTENT_RECORD_SIZE : 16));
  if (bb_numrecs > maxrecs) throw corrupt(ino, 'bb_numrecs', base + 6, `is ${bb_numrecs}; a block holds at most ${maxrecs}`);
  if (level === 0) {
    parseRecords(block, header, bb_numrecs, base, out, ino);
    return;
  }
  for (const ptr of keyedPointers(block, header, header + maxrecs * 8, bb_numrecs, base, ino)) {
    await walkBlock(ctx, ino, ptr.fsb, ptr.offset, level - 1, seen, out);
  }
}
