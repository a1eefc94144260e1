import { FilesystemError, hex } from '../../errors.js';
import { enforceBudget } from '../../limits.js';
import type { BlockReader } from './block-reader.js';
import { pushRun, type BlockRun } from './block-run.js';
import { joinHiLo, le16, le32 } from './bytes.js';

/** eh_magic of every extent tree node. */
export const EXTENT_MAGIC = 0xf30a;
/** The kernel never builds deeper trees (EXT4_MAX_EXTENT_DEPTH). */
export const MAX_EXTENT_DEPTH = 5;
/** ee_len above this marks an uninitialized (preallocated, reads as zeros) extent. */
const EXT_INIT_MAX_LEN = 32768;

/** A leaf entry (struct ext4_extent). */
export interface ExtentLeaf {
  /** 0x0 first logical block covered. */
  ee_block: number;
  /** 0x4 number of blocks, with the uninitialized marker removed. */
  length: number;
  /** ee_len > 32768: allocated but never written; reads as zeros. */
  uninitialized: boolean;
  /** 0x6 hi + 0x8 lo: first physical block. */
  ee_start: number;
  /** Byte offset of this entry in the volume, for errors. */
  offset: number;
}

/** An index entry (struct ext4_extent_idx). */
export interface ExtentIndex {
  /** 0x0 first logical block covered by the child. */
  ei_block: number;
  /** 0x4 lo + 0x8 hi: physical block of the child node. */
  ei_leaf: number;
  /** Byte offset of this entry in the volume, for errors. */
  offset: number;
}

/** One node of the tree: a header and either leaves (depth 0) or indexes. */
export interface ExtentNode {
  /** 0x6 eh_depth: 0 for leaves. */
  eh_depth: number;
  /** The entries of a leaf node (eh_depth 0), in on-disk order; empty otherwise. */
  leaves: ExtentLeaf[];
  /** The entries of an interior node, keys strictly increasing; empty for a leaf. */
  indexes: ExtentIndex[];
}

function corrupt(where: string, field: string, offset: number, detail: string): FilesystemError {
  return new FilesystemError('corrupt', `ext extent tree (${where}): ${field} at ${hex(offset)} ${detail}`, { offset });
}

/**
 * Parses one node (the 60-byte root in i_block, or a whole tree block). `base` is the byte
 * offset of `bytes` in the volume. Checks the magic, depth, and that eh_entries ≤ eh_max ≤
 * what fits in the node, and that index keys strictly increase (so a walk cannot revisit).
 */
export function parseExtentNode(bytes: Uint8Array, base: number, where: string): ExtentNode {
  const eh_magic = le16(bytes, 0x0, 'eh_magic');
  if (eh_magic !== EXTENT_MAGIC) throw corrupt(where, 'eh_magic', base, `is ${hex(eh_magic)}, expected ${hex(EXTENT_MAGIC)}`);
  const eh_entries = le16(bytes, 0x2, 'eh_entries');
  const eh_max = le16(bytes, 0x4, 'eh_max');
  const eh_depth = le16(bytes, 0x6, 'eh_depth');
  const capacity = Math.floor((bytes.length - 12) / 12);
  if (eh_max > capacity) throw corrupt(where, 'eh_max', base + 0x4, `is ${eh_max}, but the node holds at most ${capacity} entries`);
  if (eh_entries > eh_max) throw corrupt(where, 'eh_entries', base + 0x2, `is ${eh_entries}, above eh_max ${eh_max}`);
  if (eh_depth > MAX_EXTENT_DEPTH) throw corrupt(where, 'eh_depth', base + 0x6, `is ${eh_depth}, above the limit ${MAX_EXTENT_DEPTH}`);
  const node: ExtentNode = { eh_depth, leaves: [], indexes: [] };
  for (let i = 0; i < eh_entries; i++) {
    const at = 12 + i * 12;
    if (eh_depth === 0) {
      const ee_len = le16(bytes, at + 0x4, 'ee_len');
      const uninitialized = ee_len > EXT_INIT_MAX_LEN;
      node.leaves.push({
        ee_block: le32(bytes, at + 0x0, 'ee_block'),
        length: uninitialized ? ee_len - EXT_INIT_MAX_LEN : ee_len,
        uninitialized,
        ee_start: joinHiLo(le16(bytes, at + 0x6, 'ee_start_hi'), le32(bytes, at + 0x8, 'ee_start_lo')),
        offset: base + at,
      });
    } else {
      const ei_block = le32(bytes, at + 0x0, 'ei_block');
      const previous = node.indexes[node.indexes.length - 1];
      if (previous && ei_block <= previous.ei_block) {
        throw corrupt(where, 'ei_block', base + at, `is ${ei_block}, not above the previous index ${previous.ei_block}`);
      }
      node.indexes.push({ ei_block, ei_leaf: joinHiLo(le16(bytes, at + 0x8, 'ei_leaf_hi'), le32(bytes, at + 0x4, 'ei_leaf_lo')), offset: base + at });
    }
  }
  return node;
}

/**
 * Maps logical blocks [from, to) of an extent-mapped inode to physical runs, reading only the
 * tree nodes that cover the range. Holes and uninitialized extents yield no run (zeros).
 * A tree is a tree: a block reached twice (index entries sharing a child, which would make the
 * work grow with the product of the fan-outs) is corrupt. Nodes visited and runs produced are
 * bounded by limits.extentNodes and limits.fileExtents.
 */
export async function mapExtents(reader: BlockReader, i_block: Uint8Array, i_blockOffset: number, ino: number, from: number, to: number): Promise<BlockRun[]> {
  const runs: BlockRun[] = [];
  const seen = new Set<number>();
  const visit = async (node: ExtentNode, where: string): Promise<void> => {
    for (const leaf of node.leaves) {
      const start = Math.max(from, leaf.ee_block);
      const end = Math.min(to, leaf.ee_block + leaf.length);
      if (start >= end || leaf.uninitialized) continue;
      const physical = leaf.ee_start + (start - leaf.ee_block);
      reader.check(physical, end - start, `ee_start of an extent of inode ${ino}`, leaf.offset + 0x6);
      pushRun(runs, start, physical, end - start);
      enforceBudget('filesystem', 'fileExtents', runs.length, (limit) => `ext inode ${ino}: extent tree maps more than ${limit} extents`, { offset: leaf.offset });
    }
    for (let i = 0; i < node.indexes.length; i++) {
      const index = node.indexes[i]!;
      const next = node.indexes[i + 1];
      if ((next !== undefined && next.ei_block <= from) || index.ei_block >= to) continue;
      if (seen.has(index.ei_leaf)) throw corrupt(where, 'ei_leaf', index.offset + 0x4, `points again at block ${index.ei_leaf}, already visited: the tree shares or loops through nodes`);
      enforceBudget('filesystem', 'extentNodes', seen.size + 1, (limit) => `ext inode ${ino}: extent tree needs more than ${limit} nodes`, { offset: index.offset + 0x4 });
      seen.add(index.ei_leaf);
      const bytes = await reader.read(index.ei_leaf, 1, `ei_leaf of an index of inode ${ino}`, index.offset + 0x4);
      const childBase = index.ei_leaf * reader.blockSize;
      const child = parseExtentNode(bytes, childBase, `inode ${ino}, block ${index.ei_leaf}`);
      if (child.eh_depth !== node.eh_depth - 1) {
        throw corrupt(`inode ${ino}, block ${index.ei_leaf}`, 'eh_depth', childBase + 0x6, `is ${child.eh_depth}, expected ${node.eh_depth - 1} below its parent`);
      }
      await visit(child, `inode ${ino}, block ${index.ei_leaf}`);
    }
  };
  await visit(parseExtentNode(i_block, i_blockOffset, `inode ${ino} i_block`), `inode ${ino} i_block`);
  return runs;
}
