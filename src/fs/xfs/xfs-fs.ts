import { FilesystemError, hex } from '../../errors.js';
import type { ByteSource } from '../../io/byte-source.js';
import { DirIndexCache, nameKey } from '../ext/dir-cache.js';
import { readLength } from '../read-length.js';
import type { DirEntry, Filesystem, FsIdentity, FsNode } from '../types.js';
import { XfsBlockReader } from './block-reader.js';
import { crcMatches } from './crc.js';
import { DIR3_CRC_OFFSET, XFS_DIR2_LEAF_OFFSET, parseDataBlock } from './dir-data.js';
import { MAX_DIR_ENTRIES, ftypeToType, isDotEntry, type RawDirEntry } from './dir-entry.js';
import { parseShortformDir } from './dir-shortform.js';
import { mapDataFork, type Extent, type MapContext } from './extent-map.js';
import { DIFLAG_REALTIME, DI_CRC_OFFSET, FORK_FORMAT, inodeType, parseInode, type Inode } from './inode.js';
import { SUPERBLOCK_SIZE, checkGeometry, parseSuperblock, type Geometry, type Superblock } from './superblock.js';
import { SYMLINK_CRC_OFFSET, SYMLINK_HEADER, remoteSymlinkPiece } from './symlink.js';

export { MAX_FILE_READ } from '../read-length.js';
/** Data is read at most this much at a time. */
const MAX_RUN_BYTES = 8 * 1024 * 1024;
/** XFS_SYMLINK_MAXLEN: no symlink target is longer. */
const MAX_SYMLINK = 1024;
/** A directory with more data blocks than this is refused (4 GiB at 64 KiB blocks: far beyond real ones). */
export const MAX_DIR_BLOCKS = 65536;
/** Warnings kept at most; later ones are counted, not stored. */
const MAX_WARNINGS = 100;
/** Offset of the superblock CRC (sb_crc). */
const SB_CRC_OFFSET = 0xe0;

const decoder = new TextDecoder();

/** An XFS inode as the guest layer sees it, carrying the parsed record for later calls. */
export interface XfsNode extends FsNode {
  /** The parsed inode record. */
  readonly inode: Inode;
}

/**
 * A read-only XFS (v4 and v5) filesystem over a ByteSource. Reads the superblock at open,
 * then per call only the inode records, directory blocks and file blocks it needs. The log
 * is not replayed. A bad v5 CRC is recorded in `warnings` and the structure is read anyway
 * (its other checks still apply): a stale CRC on otherwise sound metadata should not hide
 * the files.
 */
export class XfsFilesystem implements Filesystem {
  readonly type = 'xfs';
  readonly identity: FsIdentity;
  /** Non-fatal problems found so far (bad CRCs), at most MAX_WARNINGS. */
  readonly warnings: string[] = [];
  private readonly reader: XfsBlockReader;
  private readonly mapContext: MapContext;
  private readonly dirCache = new DirIndexCache();

  private constructor(
    source: ByteSource,
    /** The parsed superblock. */
    readonly superblock: Superblock,
    /** Derived layout. */
    readonly geometry: Geometry,
  ) {
    this.identity = { uuid: superblock.sb_uuid, label: superblock.sb_fname === '' ? undefined : superblock.sb_fname };
    this.reader = new XfsBlockReader(source, superblock);
    this.mapContext = { reader: this.reader, hasCrc: geometry.hasCrc, warn: (m) => this.warn(m) };
  }

  /** Reads and validates the superblock; throws FilesystemError when it is not a readable XFS filesystem. */
  static async open(source: ByteSource): Promise<XfsFilesystem> {
    if (source.size < SUPERBLOCK_SIZE) {
      throw new FilesystemError('corrupt', `xfs: ${source.name} is ${source.size} bytes, too small to hold a superblock`, { offset: 0 });
    }
    const bytes = await source.read(0, SUPERBLOCK_SIZE);
    const sb = parseSuperblock(bytes);
    const geometry = checkGeometry(sb);
    const fs = new XfsFilesystem(source, sb, geometry);
    if (geometry.hasCrc) {
      const sector = sb.sb_sectsize >= SUPERBLOCK_SIZE && sb.sb_sectsize <= sb.sb_blocksize && sb.sb_sectsize <= source.size ? await source.read(0, sb.sb_sectsize) : bytes;
      if (!crcMatches(sector, SB_CRC_OFFSET)) fs.warn('xfs superblock: sb_crc at 0xe0 does not match the superblock sector');
    }
    return fs;
  }

  private warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
  }

  async root(): Promise<FsNode> {
    return this.node(this.superblock.sb_rootino, 'sb_rootino', 0x38);
  }

  async lookup(dir: FsNode, name: string): Promise<FsNode | undefined> {
    const inode = this.dirInode(dir);
    const keyOf = (raw: Uint8Array) => (this.geometry.asciiCi ? nameKey(raw).replace(/[A-Z]/g, (c) => c.toLowerCase()) : nameKey(raw));
    const key = keyOf(new TextEncoder().encode(name));
    let index = this.dirCache.get(inode.ino);
    if (!index) {
      index = new Map<string, number>();
      for (const entry of await this.dirEntries(inode)) {
        const entryKey = keyOf(entry.name);
        if (!index.has(entryKey)) index.set(entryKey, entry.ino);
      }
      this.dirCache.set(inode.ino, index);
    }
    const found = index.get(key);
    return found === undefined ? undefined : this.node(found);
  }

  async readdir(dir: FsNode): Promise<DirEntry[]> {
    const result: DirEntry[] = [];
    for (const raw of await this.dirEntries(this.dirInode(dir))) {
      if (isDotEntry(raw.name)) continue;
      // Without the ftype feature (or with an unknown byte) the inode says what the entry names.
      const type = ftypeToType(raw.ftype) ?? inodeType((await this.readInode(raw.ino)).di_mode);
      result.push({ name: decoder.decode(raw.name), type });
    }
    return result;
  }

  async readFile(node: FsNode, maxBytes: number): Promise<Uint8Array> {
    const inode = this.xfsInode(node);
    const length = readLength(inode.di_size, maxBytes, `xfs inode ${inode.ino}`, inode.offset + 0x38);
    if (inode.di_format === FORK_FORMAT.LOCAL) return this.localBytes(inode, length);
    if ((inode.di_flags & DIFLAG_REALTIME) !== 0 && length > 0) {
      throw new FilesystemError('unsupported', `xfs inode ${inode.ino}: file data is on the realtime device (di_flags REALTIME), which is not read`, { offset: inode.offset + 0x5a });
    }
    return this.readData(inode, length);
  }

  async readlink(node: FsNode): Promise<string> {
    const inode = this.xfsInode(node);
    if (inodeType(inode.di_mode) !== 'symlink') {
      throw new FilesystemError('corrupt', `xfs inode ${inode.ino} is not a symbolic link (di_mode ${hex(inode.di_mode)})`, { offset: inode.offset + 0x02 });
    }
    if (inode.di_size < 1 || inode.di_size > MAX_SYMLINK) {
      throw new FilesystemError('corrupt', `xfs inode ${inode.ino}: symlink di_size ${inode.di_size} is outside 1..${MAX_SYMLINK}`, { offset: inode.offset + 0x38 });
    }
    if (inode.di_format === FORK_FORMAT.LOCAL) return decoder.decode(this.localBytes(inode, inode.di_size));
    return decoder.decode(await this.remoteSymlink(inode));
  }

  /** The data fork's extent records of a block-mapped inode, in on-disk order (for diagnostics and tests). */
  async dataExtents(node: FsNode): Promise<Extent[]> {
    return mapDataFork(this.mapContext, this.xfsInode(node));
  }

  /** Volume byte offset of fsblock `fsb`, checked like every pointer read from disk. */
  fsblockOffset(fsb: number): number {
    return this.reader.byteOffset(fsb, 1, 'fsblock');
  }

  /**
   * Reads and parses inode `ino`, whose number encodes its AG, block in the AG and slot in the
   * block. `field` and `fieldOffset` name where the number came from, for the error message.
   */
  async readInode(ino: number, field = 'inode number', fieldOffset?: number): Promise<Inode> {
    const sb = this.superblock;
    const agShift = 2 ** (sb.sb_agblklog + sb.sb_inopblog);
    const agno = Math.floor(ino / agShift);
    const agino = ino - agno * agShift;
    const agbno = Math.floor(agino / sb.sb_inopblock);
    const slot = agino % sb.sb_inopblock;
    if (!Number.isSafeInteger(ino) || ino < 1 || agno >= sb.sb_agcount || agbno >= sb.sb_agblocks) {
      throw new FilesystemError(
        'corrupt',
        `xfs: ${field} ${ino} lies outside the filesystem (AG ${agno}, block ${agbno}; sb_agcount ${sb.sb_agcount}, sb_agblocks ${sb.sb_agblocks})`,
        { offset: fieldOffset },
      );
    }
    const offset = (agno * sb.sb_agblocks + agbno) * sb.sb_blocksize + slot * sb.sb_inodesize;
    const bytes = await this.reader.readBytes(offset, sb.sb_inodesize, `inode ${ino}`);
    const inode = parseInode(bytes, ino, offset, this.geometry.version);
    if (this.geometry.hasCrc && !crcMatches(bytes, DI_CRC_OFFSET)) this.warn(`xfs inode ${ino}: di_crc at ${hex(offset + DI_CRC_OFFSET)} does not match the inode`);
    return inode;
  }

  private async node(ino: number, field?: string, fieldOffset?: number): Promise<XfsNode> {
    const inode = await this.readInode(ino, field, fieldOffset);
    return { ino, type: inodeType(inode.di_mode), size: inode.di_size, mode: inode.di_mode, uid: inode.di_uid, gid: inode.di_gid, mtime: inode.di_mtime, inode };
  }

  private xfsInode(node: FsNode): Inode {
    const inode = (node as Partial<XfsNode>).inode;
    if (!inode) throw new FilesystemError('corrupt', `xfs: node ${node.ino} was not produced by this filesystem`);
    return inode;
  }

  private dirInode(node: FsNode): Inode {
    const inode = this.xfsInode(node);
    if (inodeType(inode.di_mode) !== 'dir') {
      throw new FilesystemError('corrupt', `xfs inode ${inode.ino} is not a directory (di_mode ${hex(inode.di_mode)})`, { offset: inode.offset + 0x02 });
    }
    return inode;
  }

  /** The first `length` bytes of a local-format fork (inline symlink target). */
  private localBytes(inode: Inode, length: number): Uint8Array {
    if (length > inode.dataFork.length) {
      throw new FilesystemError('corrupt', `xfs inode ${inode.ino}: di_size ${inode.di_size} exceeds the ${inode.dataFork.length}-byte inline data fork`, {
        offset: inode.offset + 0x38,
      });
    }
    return inode.dataFork.slice(0, length);
  }

  /**
   * Calls `visit` for the parts of the extents that overlap logical blocks [0, endBlock),
   * reading at most `chunkBlocks` at a time, in extent order. Unwritten extents are skipped.
   */
  private async forEachChunk(inode: Inode, extents: Extent[], endBlock: number, chunkBlocks: number, visit: (logical: number, bytes: Uint8Array) => void): Promise<void> {
    for (const extent of extents) {
      if (extent.unwritten || extent.startoff >= endBlock) continue;
      const usable = Math.min(extent.blockcount, endBlock - extent.startoff);
      // Checks the whole extent's pointer once, so a bad record is named even when only its head is read.
      this.reader.byteOffset(extent.startblock, usable, `extent of inode ${inode.ino}`, extent.offset);
      for (let done = 0; done < usable; done += chunkBlocks) {
        const count = Math.min(chunkBlocks, usable - done);
        visit(extent.startoff + done, await this.reader.read(extent.startblock + done, count, `extent of inode ${inode.ino}`, extent.offset));
      }
    }
  }

  /** The first `length` bytes of a block-mapped file; holes and unwritten extents read as zeros. */
  private async readData(inode: Inode, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    if (length === 0) return out;
    if (inode.di_format === FORK_FORMAT.DEV) return out;
    const bs = this.geometry.blockSize;
    const extents = await mapDataFork(this.mapContext, inode);
    await this.forEachChunk(inode, extents, Math.ceil(length / bs), Math.max(1, MAX_RUN_BYTES / bs), (logical, bytes) => {
      const start = logical * bs;
      out.set(bytes.subarray(0, Math.min(bytes.length, length - start)), start);
    });
    return out;
  }

  /** A remote symlink's target, gathered block by block in logical order. */
  private async remoteSymlink(inode: Inode): Promise<Uint8Array> {
    const bs = this.geometry.blockSize;
    const extents = (await mapDataFork(this.mapContext, inode)).slice().sort((a, b) => a.startoff - b.startoff);
    const pieces: Uint8Array[] = [];
    let gathered = 0;
    const blocks = Math.ceil(inode.di_size / (bs - (this.geometry.hasCrc ? SYMLINK_HEADER : 0)));
    await this.forEachChunk(inode, extents, blocks, 1, (logical, block) => {
      if (gathered >= inode.di_size) return;
      const base = this.reader.byteOffset(extentBlock(extents, logical), 1, `symlink block of inode ${inode.ino}`);
      if (this.geometry.hasCrc && !crcMatches(block, SYMLINK_CRC_OFFSET)) this.warn(`xfs inode ${inode.ino}: symlink block at ${hex(base)} has a bad CRC`);
      const piece = remoteSymlinkPiece(block, base, this.geometry.hasCrc, gathered, inode.di_size - gathered, inode.ino);
      pieces.push(piece);
      gathered += piece.length;
    });
    if (gathered !== inode.di_size) {
      throw new FilesystemError('corrupt', `xfs inode ${inode.ino}: symlink blocks hold ${gathered} bytes, di_size says ${inode.di_size}`, { offset: inode.offset + 0x38 });
    }
    return Buffer.concat(pieces);
  }

  /**
   * Every entry of a directory ("." and ".." included for block-based formats): the short-form
   * list in the inode, or the data blocks (logical offsets below 32 GiB) of the extent map,
   * which covers block, leaf and node directories alike.
   */
  private async dirEntries(dir: Inode): Promise<RawDirEntry[]> {
    const { hasFtype, hasCrc, blockSize, dirBlockSize } = this.geometry;
    if (dir.di_format === FORK_FORMAT.LOCAL) {
      return parseShortformDir(dir.dataFork, dir.di_size, dir.dataForkOffset, hasFtype, dir.ino).entries;
    }
    const perDirBlock = dirBlockSize / blockSize;
    const dataEnd = XFS_DIR2_LEAF_OFFSET / blockSize;
    const extents = await mapDataFork(this.mapContext, dir);
    const dataBlocks = extents.filter((e) => e.startoff < dataEnd).reduce((n, e) => n + Math.min(e.blockcount, dataEnd - e.startoff), 0);
    if (dataBlocks / perDirBlock > MAX_DIR_BLOCKS) {
      throw new FilesystemError('unsupported', `xfs inode ${dir.ino}: directory of ${Math.ceil(dataBlocks / perDirBlock)} data blocks exceeds the reader's limit of ${MAX_DIR_BLOCKS}`, {
        offset: dir.dataForkOffset,
      });
    }
    const entries: RawDirEntry[] = [];
    // Directory blocks may span several filesystem blocks, possibly from different extents:
    // assemble each from its pieces, keyed by directory block number.
    const pending = new Map<number, { bytes: Uint8Array; filled: number; base: number }>();
    const sorted = extents.slice().sort((a, b) => a.startoff - b.startoff);
    await this.forEachChunk(dir, sorted, dataEnd, Math.max(perDirBlock, Math.floor(65536 / blockSize)), (logical, bytes) => {
      for (let i = 0; i * blockSize < bytes.length; i++) {
        const fsLogical = logical + i;
        const dirBlock = Math.floor(fsLogical / perDirBlock);
        let assembly = pending.get(dirBlock);
        if (!assembly) {
          const base = this.reader.byteOffset(extentBlock(sorted, fsLogical), 1, `directory block of inode ${dir.ino}`);
          assembly = { bytes: new Uint8Array(dirBlockSize), filled: 0, base };
          pending.set(dirBlock, assembly);
        }
        assembly.bytes.set(bytes.subarray(i * blockSize, (i + 1) * blockSize), (fsLogical % perDirBlock) * blockSize);
        if (++assembly.filled < perDirBlock) continue;
        pending.delete(dirBlock);
        if (hasCrc && !crcMatches(assembly.bytes, DIR3_CRC_OFFSET)) this.warn(`xfs inode ${dir.ino}: directory block at ${hex(assembly.base)} has a bad CRC`);
        for (const entry of parseDataBlock(assembly.bytes, assembly.base, hasCrc, hasFtype, dir.ino)) {
          if (entries.length >= MAX_DIR_ENTRIES) {
            throw new FilesystemError('unsupported', `xfs inode ${dir.ino}: directory has more than ${MAX_DIR_ENTRIES} entries`, { offset: assembly.base });
          }
          entries.push(entry);
        }
      }
    });
    return entries;
  }
}

/** The fsblock holding logical block `logical`, from extents that are known to cover it. */
function extentBlock(extents: Extent[], logical: number): number {
  const extent = extents.find((e) => logical >= e.startoff && logical < e.startoff + e.blockcount);
  return extent ? extent.startblock + (logical - extent.startoff) : -1;
}
