import { FilesystemError, hex } from '../../errors.js';
import type { ByteSource } from '../../io/byte-source.js';
import type { Superblock } from './superblock.js';

/**
 * Reads filesystem blocks of an XFS volume. Block pointers on disk are "fsblock" numbers:
 * the AG number above sb_agblklog bits, the block within the AG below. Every pointer passes
 * through `byteOffset`, which checks both halves against sb_agcount/sb_agblocks and the
 * volume size and names the field that pointed there when they do not fit.
 */
export class XfsBlockReader {
  readonly blockSize: number;

  constructor(
    private readonly source: ByteSource,
    private readonly sb: Superblock,
  ) {
    this.blockSize = sb.sb_blocksize;
  }

  /**
   * Byte offset of fsblock `fsb`, checking that `count` blocks from it stay inside one AG
   * (extents never cross AGs) and inside the volume. `field` names the on-disk pointer.
   */
  byteOffset(fsb: number, count: number, field: string, fieldOffset?: number): number {
    const perAg = 2 ** this.sb.sb_agblklog;
    const agno = Math.floor(fsb / perAg);
    const agbno = fsb - agno * perAg;
    const offset = (agno * this.sb.sb_agblocks + agbno) * this.blockSize;
    if (!Number.isSafeInteger(fsb) || fsb < 0 || count < 1 || agno >= this.sb.sb_agcount || agbno + count > this.sb.sb_agblocks || offset + count * this.blockSize > this.source.size) {
      throw new FilesystemError(
        'corrupt',
        `xfs: ${field} points at fsblock ${fsb} (AG ${agno}, block ${agbno}) + ${count}, outside the filesystem (sb_agcount ${this.sb.sb_agcount}, sb_agblocks ${this.sb.sb_agblocks}, volume ${this.source.size} bytes)`,
        { offset: fieldOffset },
      );
    }
    return offset;
  }

  /** Reads `count` blocks from fsblock `fsb`. */
  async read(fsb: number, count: number, field: string, fieldOffset?: number): Promise<Uint8Array> {
    return this.source.read(this.byteOffset(fsb, count, field, fieldOffset), count * this.blockSize);
  }

  /** Reads `length` bytes at a byte offset already derived from checked fields (inode records). */
  async readBytes(offset: number, length: number, field: string): Promise<Uint8Array> {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > this.source.size) {
      throw new FilesystemError('corrupt', `xfs: ${field} at ${hex(offset)} lies beyond the end of the volume (${this.source.size} bytes)`, { offset });
    }
    return this.source.read(offset, length);
  }
}
