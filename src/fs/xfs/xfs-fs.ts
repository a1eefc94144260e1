import { FilesystemError, hex } from '../../errors.js';
import type { ByteSource } from '../../io/byte-source.js';
import { enforceBudget } from '../../limits.js';
import { DirIndexCache, DirNameIndex, sameName } from '../dir-name-index.js';
import { checkFileRange, copyOverlap, readLength } from '../read-length.js';
import type { DirEntry, Filesystem, FsIdentity, FsNode } from '../types.js';
import { XfsBlockReader } from './block-reader.js';
import { crcMatches } from './crc.js';
import { DIR3_CRC_OFFSET, XFS_DIR2_LEAF_OFFSET, parseDataBlock } from './dir-data.js';
import { ftypeToType, isDotEntry, type RawDirEntry } from './dir-entry.js';
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
/** Directories with at most this many bytes of data blocks are scanned per lookup; larger ones are indexed once. */
export const SCANNED_DIR_BYTES = 64 * 1024;
/** Warnings kept at most; later ones are counted, not stored. */
const MAX_WARNINGS = 100;
/** Offset of the superblock CRC (sb_crc). */
const SB_CRC_OFFSET = 0xe0;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

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
  /** The data extents of the directory mapped last. */
  private lastDirBlocks?: { ino: number; blocks: DirBlocks };
  /** The entries of the directory block read last for a lookup. */
  private lastDirBlock?: { ino: number; slot: number; entries: RawDirEntry[] };

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
    const keyOf = this.nameKeyOf();
    const key = keyOf(encoder.encode(name));
    const matches = (entry: RawDirEntry) => sameName(keyOf(entry.name), key);
    let found: RawDirEntry | undefined;
    if (inode.di_format === FORK_FORMAT.LOCAL) {
      found = this.shortformEntries(inode).find(matches);
    } else {
      const blocks = await this.dirBlocks(inode);
      if (blocks.count * this.geometry.dirBlockSize <= SCANNED_DIR_BYTES) {
        await this.forEachDirBlock(inode, blocks, (entries) => {
          found = entries.find(matches);
          return found !== undefined;
        });
      } else {
        // Large (leaf or node format): index once, then read only the blocks the name may be in.
        const index = this.dirCache.get(inode.ino) ?? (await this.indexDir(inode, blocks, keyOf));
        for (const slot of index.slots(key)) {
          found = (await this.dirBlockEntries(inode, blocks, slot)).find(matches);
          if (found) break;
        }
      }
    }
    return found === undefined ? undefined : this.node(found.ino);
  }

  /**
   * The entries of one directory block. The last one read is kept: a walk looks up the names
   * of a listing in order, and consecutive names share a block.
   */
  private async dirBlockEntries(dir: Inode, blocks: DirBlocks, slot: number): Promise<RawDirEntry[]> {
    const last = this.lastDirBlock;
    if (last?.ino === dir.ino && last.slot === slot) return last.entries;
    let entries: RawDirEntry[] = [];
    await this.forEachDirBlock(dir, blocks, (found) => {
      entries = found;
      return true;
    }, slot);
    this.lastDirBlock = { ino: dir.ino, slot, entries };
    return entries;
  }

  /** The key names are compared by: ASCII-lower-cased on an ascii-ci filesystem, else the bytes. */
  private nameKeyOf(): (raw: Uint8Array) => Uint8Array {
    return this.geometry.asciiCi ? asciiLower : (raw) => raw;
  }

  /** Reads a whole directory once into a DirNameIndex (slot = directory block number), and caches it. */
  private async indexDir(dir: Inode, blocks: DirBlocks, keyOf: (raw: Uint8Array) => Uint8Array): Promise<DirNameIndex> {
    const builder = DirNameIndex.builder();
    let count = 0;
    await this.forEachDirBlock(dir, blocks, (entries, base, slot) => {
      count += entries.length;
      enforceBudget('filesystem', 'dirLookupEntries', count, (limit) => `xfs inode ${dir.ino}: directory has more than ${limit} entries to look names up in`, { offset: base });
      for (const entry of entries) builder.add(keyOf(entry.name), slot);
    });
    const index = builder.build();
    this.dirCache.set(dir.ino, index);
    return index;
  }

  async readdir(dir: FsNode): Promise<DirEntry[]> {
    const inode = this.dirInode(dir);
    const raws: RawDirEntry[] = [];
    let builder: ReturnType<typeof DirNameIndex.builder> | undefined;
    const keyOf = this.nameKeyOf();
    const take = (entries: RawDirEntry[], base: number, slot = 0) => {
      for (const raw of entries) {
        builder?.add(keyOf(raw.name), slot);
        if (isDotEntry(raw.name)) continue;
        enforceBudget('filesystem', 'dirEntries', raws.length + 1, (limit) => `xfs inode ${inode.ino}: directory has more than ${limit} entries to list`, { offset: base });
        raws.push(raw);
      }
    };
    if (inode.di_format === FORK_FORMAT.LOCAL) {
      take(this.shortformEntries(inode), inode.dataForkOffset);
    } else {
      const blocks = await this.dirBlocks(inode);
      // A walk looks up what it listed: index a large directory now rather than read it again.
      if (blocks.count * this.geometry.dirBlockSize > SCANNED_DIR_BYTES && !this.dirCache.get(inode.ino)) builder = DirNameIndex.builder();
      await this.forEachDirBlock(inode, blocks, take);
      if (builder) this.dirCache.set(inode.ino, builder.build());
    }
    const result: DirEntry[] = [];
    for (const raw of raws) {
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

  async readRange(node: FsNode, offset: number, length: number): Promise<Uint8Array> {
    const inode = this.xfsInode(node);
    checkFileRange(inode.di_size, offset, length, `xfs inode ${inode.ino}`, inode.offset + 0x38);
    if (inode.di_format === FORK_FORMAT.LOCAL) return this.localBytes(inode, offset + length).subarray(offset);
    if ((inode.di_flags & DIFLAG_REALTIME) !== 0 && length > 0) {
      throw new FilesystemError('unsupported', `xfs inode ${inode.ino}: file data is on the realtime device (di_flags REALTIME), which is not read`, { offset: inode.offset + 0x5a });
    }
    const out = new Uint8Array(length);
    if (length === 0 || inode.di_format === FORK_FORMAT.DEV) return out;
    const bs = this.geometry.blockSize;
    const extents = await mapDataFork(this.mapContext, inode);
    await this.forEachChunk(inode, extents, Math.ceil((offset + length) / bs), Math.max(1, MAX_RUN_BYTES / bs), (logical, bytes) => copyOverlap(out, offset, bytes, logical * bs), Math.floor(offset / bs));
    return out;
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
   * reading at most `chunkBlocks` at a time, in extent order, until `visit` returns true.
   * Unwritten extents are skipped.
   */
  private async forEachChunk(
    inode: Inode,
    extents: Extent[],
    endBlock: number,
    chunkBlocks: number,
    visit: (logical: number, bytes: Uint8Array) => boolean | void,
    startBlock = 0,
  ): Promise<void> {
    for (const extent of extents) {
      if (extent.unwritten || extent.startoff >= endBlock || extent.startoff + extent.blockcount <= startBlock) continue;
      const usable = Math.min(extent.blockcount, endBlock - extent.startoff);
      // Checks the whole extent's pointer once, so a bad record is named even when only its head is read.
      this.reader.byteOffset(extent.startblock, usable, `extent of inode ${inode.ino}`, extent.offset);
      for (let done = Math.max(0, startBlock - extent.startoff); done < usable; done += chunkBlocks) {
        const count = Math.min(chunkBlocks, usable - done);
        if (visit(extent.startoff + done, await this.reader.read(extent.startblock + done, count, `extent of inode ${inode.ino}`, extent.offset)) === true) return;
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

  private shortformEntries(dir: Inode): RawDirEntry[] {
    return parseShortformDir(dir.dataFork, dir.di_size, dir.dataForkOffset, this.geometry.hasFtype, dir.ino).entries;
  }

  /**
   * The data-block extents of a block-based directory (logical offsets below 32 GiB, which
   * covers block, leaf and node directories alike), sorted, and how many directory blocks
   * they hold; at most limits.dirBytes of them.
   */
  private async dirBlocks(dir: Inode): Promise<DirBlocks> {
    // A walk looks up name after name in one directory: map it once, not per name.
    if (this.lastDirBlocks?.ino === dir.ino) return this.lastDirBlocks.blocks;
    const { blockSize, dirBlockSize } = this.geometry;
    const dataEnd = XFS_DIR2_LEAF_OFFSET / blockSize;
    const extents = (await mapDataFork(this.mapContext, dir)).filter((e) => e.startoff < dataEnd).sort((a, b) => a.startoff - b.startoff);
    const dataBlocks = extents.reduce((n, e) => n + Math.min(e.blockcount, dataEnd - e.startoff), 0);
    enforceBudget('filesystem', 'dirBytes', dataBlocks * blockSize, (limit) => `xfs inode ${dir.ino}: directory of ${dataBlocks * blockSize} bytes of data blocks is larger than the ${limit} bytes read from one directory`, {
      offset: dir.dataForkOffset,
    });
    const blocks = { extents, count: Math.ceil(dataBlocks / (dirBlockSize / blockSize)) };
    this.lastDirBlocks = { ino: dir.ino, blocks };
    return blocks;
  }

  /**
   * Calls `visit` with the entries of each directory data block ("." and ".." included), its
   * volume offset and its number, in logical order, until `visit` returns true; with `only`,
   * for that one directory block. A directory block may span several filesystem blocks,
   * possibly from different extents: each is assembled from its pieces.
   */
  private async forEachDirBlock(
    dir: Inode,
    { extents }: DirBlocks,
    visit: (entries: RawDirEntry[], base: number, dirBlock: number) => boolean | void,
    only?: number,
  ): Promise<void> {
    const { hasFtype, hasCrc, blockSize, dirBlockSize } = this.geometry;
    const perDirBlock = dirBlockSize / blockSize;
    let chosen = extents;
    if (only !== undefined) {
      const [from, to] = [only * perDirBlock, (only + 1) * perDirBlock];
      chosen = extents
        .filter((e) => e.startoff < to && e.startoff + e.blockcount > from)
        .map((e) => {
          const skip = Math.max(0, from - e.startoff);
          return { ...e, startoff: e.startoff + skip, startblock: e.startblock + skip, blockcount: Math.min(e.blockcount - skip, to - e.startoff - skip) };
        });
    }
    const pending = new Map<number, { bytes: Uint8Array; filled: number; base: number }>();
    let stop = false;
    await this.forEachChunk(dir, chosen, XFS_DIR2_LEAF_OFFSET / blockSize, Math.max(perDirBlock, Math.floor(65536 / blockSize)), (logical, bytes) => {
      for (let i = 0; i * blockSize < bytes.length && !stop; i++) {
        const fsLogical = logical + i;
        const dirBlock = Math.floor(fsLogical / perDirBlock);
        let assembly = pending.get(dirBlock);
        if (!assembly) {
          const base = this.reader.byteOffset(extentBlock(chosen, fsLogical), 1, `directory block of inode ${dir.ino}`);
          assembly = { bytes: new Uint8Array(dirBlockSize), filled: 0, base };
          pending.set(dirBlock, assembly);
        }
        assembly.bytes.set(bytes.subarray(i * blockSize, (i + 1) * blockSize), (fsLogical % perDirBlock) * blockSize);
        if (++assembly.filled < perDirBlock) continue;
        pending.delete(dirBlock);
        // A block read again for a lookup was checked when the directory was indexed.
        if (hasCrc && only === undefined && !crcMatches(assembly.bytes, DIR3_CRC_OFFSET)) this.warn(`xfs inode ${dir.ino}: directory block at ${hex(assembly.base)} has a bad CRC`);
        if (visit(parseDataBlock(assembly.bytes, assembly.base, hasCrc, hasFtype, dir.ino), assembly.base, dirBlock) === true) stop = true;
      }
      return stop;
    });
  }
}

/** A block-based directory's data extents (sorted by logical offset) and its count of directory blocks. */
interface DirBlocks {
  extents: Extent[];
  count: number;
}

/** ASCII-only case folding (XFS ascii-ci): A-Z to a-z, every other byte as is. */
function asciiLower(raw: Uint8Array): Uint8Array {
  return raw.map((c) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c));
}

/** The fsblock holding logical block `logical`, from extents that are known to cover it. */
function extentBlock(extents: Extent[], logical: number): number {
  const extent = extents.find((e) => logical >= e.startoff && logical < e.startoff + e.blockcount);
  return extent ? extent.startblock + (logical - extent.startoff) : -1;
}
