import { FilesystemError, hex } from '../../errors.js';
import type { ByteSource } from '../../io/byte-source.js';

/** Largest run of blocks read in one request; keeps each allocation small. */
export const MAX_RUN_BYTES = 8 * 1024 * 1024;

/**
 * Reads whole blocks of an ext volume. Every block number taken from disk passes through
 * `read`, which checks it against s_blocks_count and the volume size and names the field
 * that pointed there when it does not fit.
 */
export class BlockReader {
  constructor(
    private readonly source: ByteSource,
    /** Bytes per block. */
    readonly blockSize: number,
    /** s_blocks_count. */
    readonly blocksCount: number,
  ) {}

  /**
   * Reads `count` blocks from `block`. `field` names the on-disk pointer (e.g. "ee_start of
   * inode 12") and `fieldOffset` its byte offset, for the error message.
   */
  async read(block: number, count: number, field: string, fieldOffset?: number): Promise<Uint8Array> {
    this.check(block, count, field, fieldOffset);
    return this.source.read(block * this.blockSize, count * this.blockSize);
  }

  /** Reads `length` bytes at `offset` inside the volume (inode records, descriptors). */
  async readBytes(offset: number, length: number, field: string): Promise<Uint8Array> {
    if (offset + length > this.source.size) {
      throw new FilesystemError('corrupt', `ext: ${field} at ${hex(offset)} lies beyond the end of the volume (${this.source.size} bytes)`, { offset });
    }
    return this.source.read(offset, length);
  }

  /** Throws unless blocks [block, block+count) lie inside the filesystem and the volume. */
  check(block: number, count: number, field: string, fieldOffset?: number): void {
    const end = block + count;
    if (!Number.isSafeInteger(end) || block < 0 || count < 0 || end > this.blocksCount || end * this.blockSize > this.source.size) {
      const limit = Math.min(this.blocksCount, Math.floor(this.source.size / this.blockSize));
      throw new FilesystemError(
        'corrupt',
        `ext: ${field} points at blocks ${block}..${end - 1}, beyond the last block ${limit - 1} (s_blocks_count ${this.blocksCount}, volume ${this.source.size} bytes)`,
        { offset: fieldOffset },
      );
    }
  }
}
