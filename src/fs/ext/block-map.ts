import { FilesystemError } from '../../errors.js';
import type { BlockReader } from './block-reader.js';
import { pushRun, type BlockRun } from './block-run.js';
import { le32 } from './bytes.js';

/** i_block[0..11] point at data blocks directly. */
const DIRECT_BLOCKS = 12;

/**
 * Maps logical blocks [from, to) of a block-mapped (ext2/ext3) inode to physical runs:
 * i_block[0..11] direct, [12] single, [13] double, [14] triple indirect. A zero pointer at
 * any level is a hole covering its whole subtree; only indirect blocks that cover the
 * requested range are read.
 */
export async function mapBlockMap(reader: BlockReader, i_block: Uint8Array, i_blockOffset: number, ino: number, from: number, to: number): Promise<BlockRun[]> {
  const perBlock = reader.blockSize / 4;
  const runs: BlockRun[] = [];
  const addressable = DIRECT_BLOCKS + perBlock + perBlock ** 2 + perBlock ** 3;
  if (to > addressable) {
    throw new FilesystemError('corrupt', `ext inode ${ino}: block ${to - 1} is beyond what a block map addresses (${addressable} blocks)`, { offset: i_blockOffset });
  }

  const walk = async (pointer: number, depth: number, start: number, field: string, fieldOffset: number): Promise<void> => {
    if (pointer === 0) return;
    if (depth === 0) {
      reader.check(pointer, 1, field, fieldOffset);
      pushRun(runs, start, pointer, 1);
      return;
    }
    const table = await reader.read(pointer, 1, field, fieldOffset);
    const span = perBlock ** (depth - 1);
    for (let i = Math.max(0, Math.floor((from - start) / span)); i < perBlock && start + i * span < to; i++) {
      await walk(le32(table, i * 4), depth - 1, start + i * span, `indirect entry ${i} in block ${pointer} of inode ${ino}`, pointer * reader.blockSize + i * 4);
    }
  };

  for (let i = from; i < Math.min(to, DIRECT_BLOCKS); i++) {
    await walk(le32(i_block, i * 4), 0, i, `i_block[${i}] of inode ${ino}`, i_blockOffset + i * 4);
  }
  let start = DIRECT_BLOCKS;
  for (let depth = 1; depth <= 3 && start < to; depth++) {
    const span = perBlock ** depth;
    if (start + span > from) {
      const slot = DIRECT_BLOCKS + depth - 1;
      await walk(le32(i_block, slot * 4), depth, start, `i_block[${slot}] of inode ${ino}`, i_blockOffset + slot * 4);
    }
    start += span;
  }
  return runs;
}
