import { FilesystemError, hex } from '../../errors.js';
import type { ByteSource } from '../../io/byte-source.js';
import { enforceBudget } from '../../limits.js';
import { DirIndexCache, DirNameIndex, sameName } from '../dir-name-index.js';
import { fileTypeFromDirent } from '../file-type.js';
import { checkFileRange, copyOverlap, readLength } from '../read-length.js';
import type { DirEntry, Filesystem, FsIdentity, FsNode } from '../types.js';
import { BlockReader, MAX_RUN_BYTES } from './block-reader.js';
import { mapBlockMap } from './block-map.js';
import type { BlockRun } from './block-run.js';
import { le16 } from './bytes.js';
import { isDotEntry, parseDirRegion, type DirFormat, type RawDirEntry } from './dir-linear.js';
import { EXTENT_MAGIC, mapExtents } from './extent-tree.js';
import { groupDescriptorOffset, parseGroupDescriptor, type GroupDescriptor } from './group-descriptors.js';
import { inlineData, inlineFileBytes } from './inline-data.js';
import { I_BLOCK_SIZE, INODE_FLAGS, hasFlag, inodeType, parseInode, type Inode } from './inode.js';
import { INCOMPAT, SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE, checkGeometry, extType, parseSuperblock, type Geometry, type Superblock } from './superblock.js';

/** The root directory's inode number. */
const ROOT_INO = 2;
/** Directory blocks are read this much at a time, so a lookup that stops early reads little. */
const DIR_CHUNK_BYTES = 64 * 1024;
/** Directories up to this size are scanned per lookup (one read); larger ones are indexed once. */
export const SCANNED_DIR_BYTES = DIR_CHUNK_BYTES;
export { MAX_FILE_READ } from '../read-length.js';
/** Linux PATH_MAX: no symlink target is longer. */
const MAX_SYMLINK = 4096;
/** Descriptors kept in memory; the cache is dropped when full. */
const DESCRIPTOR_CACHE = 4096;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** An ext inode as the guest layer sees it, carrying the parsed record for later calls. */
export interface ExtNode extends FsNode {
  /** The parsed inode record. */
  readonly inode: Inode;
}


/**
 * A read-only ext2/ext3/ext4 filesystem over a ByteSource. Reads only the blocks a call needs:
 * the superblock at open, then one group descriptor and one inode record per inode, the
 * directory blocks of the directories walked and the data blocks of the files read.
 * The journal is not replayed (an unclean filesystem reads as last checkpointed).
 */
export class ExtFilesystem implements Filesystem {
  readonly type: string;
  readonly identity: FsIdentity;
  private readonly reader: BlockReader;
  private readonly dirFormat: DirFormat;
  private readonly descriptors = new Map<number, GroupDescriptor>();
  private readonly dirCache = new DirIndexCache();
  /** The entries of the directory block read last for a lookup. */
  private lastDirBlock?: { ino: number; slot: number; entries: RawDirEntry[] };

  private constructor(
    private readonly source: ByteSource,
    /** The parsed superblock. */
    readonly superblock: Superblock,
    /** Derived layout. */
    readonly geometry: Geometry,
  ) {
    this.type = extType(superblock);
    this.identity = { uuid: superblock.s_uuid, label: superblock.s_volume_name };
    this.reader = new BlockReader(source, geometry.blockSize, superblock.s_blocks_count);
    this.dirFormat = {
      hasFileType: (superblock.s_feature_incompat & INCOMPAT.FILETYPE) !== 0,
      inodesCount: superblock.s_inodes_count,
      blockSize: geometry.blockSize,
    };
  }

  /** Reads and validates the superblock; throws FilesystemError when it is not a readable ext filesystem. */
  static async open(source: ByteSource): Promise<ExtFilesystem> {
    if (source.size < SUPERBLOCK_OFFSET + SUPERBLOCK_SIZE) {
      throw new FilesystemError('corrupt', `ext: ${source.name} is ${source.size} bytes, too small to hold a superblock`, { offset: SUPERBLOCK_OFFSET });
    }
    const sb = parseSuperblock(await source.read(SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE));
    const geometry = checkGeometry(sb);
    if (extType(sb) === 'jbd') {
      throw new FilesystemError('unsupported', 'ext: this is an external journal device (journal_dev), not a filesystem', { offset: SUPERBLOCK_OFFSET + 0x60 });
    }
    return new ExtFilesystem(source, sb, geometry);
  }

  async root(): Promise<FsNode> {
    return this.node(ROOT_INO);
  }

  async lookup(dir: FsNode, name: string): Promise<FsNode | undefined> {
    const inode = this.dirInode(dir);
    const keyOf = nameKeyOf(inode);
    const key = keyOf(encoder.encode(name));
    const matches = (entry: RawDirEntry) => sameName(keyOf(entry.name), key);
    if (hasFlag(inode, INODE_FLAGS.INLINE_DATA_FL) || inode.i_size <= SCANNED_DIR_BYTES) {
      // Small: one read, stopping at the first match.
      let found: number | undefined;
      await this.forEachDirEntry(inode, (entry) => {
        if (matches(entry)) found = entry.inode;
        return found !== undefined;
      });
      return found === undefined ? undefined : this.node(found);
    }
    // Large (htree or linear alike): index once, then read only the blocks the name may be in.
    const index = this.dirCache.get(inode.ino) ?? (await this.indexDir(inode, keyOf));
    for (const slot of index.slots(key)) {
      const found = (await this.dirBlockEntries(inode, slot)).find(matches);
      if (found) return this.node(found.inode);
    }
    return undefined;
  }

  /**
   * The entries of logical block `slot` of a directory (none in a hole). The last one read is
   * kept: a walk looks up the names of a listing in order, and consecutive names share a block.
   */
  private async dirBlockEntries(inode: Inode, slot: number): Promise<RawDirEntry[]> {
    const last = this.lastDirBlock;
    if (last?.ino === inode.ino && last.slot === slot) return last.entries;
    const [run] = await this.mapBlocks(inode, slot, slot + 1);
    let entries: RawDirEntry[] = [];
    if (run !== undefined) {
      const block = await this.reader.read(run.physical, 1, `directory block ${slot} of inode ${inode.ino}`, inode.offset + 0x28);
      entries = parseDirRegion(block, run.physical * this.geometry.blockSize, this.dirFormat);
    }
    this.lastDirBlock = { ino: inode.ino, slot, entries };
    return entries;
  }

  /** Reads a whole directory once into a DirNameIndex (slot = logical block), and caches it. */
  private async indexDir(inode: Inode, keyOf: (raw: Uint8Array) => Uint8Array): Promise<DirNameIndex> {
    const builder = DirNameIndex.builder();
    let count = 0;
    await this.forEachDirEntry(inode, (entry, logical, physical) => {
      enforceBudget('filesystem', 'dirLookupEntries', ++count, (limit) => `ext inode ${inode.ino}: directory has more than ${limit} entries to look names up in`, {
        offset: physical * this.geometry.blockSize,
      });
      builder.add(keyOf(entry.name), logical);
      return false;
    });
    const index = builder.build();
    this.dirCache.set(inode.ino, index);
    return index;
  }

  async readdir(dir: FsNode): Promise<DirEntry[]> {
    const result: DirEntry[] = [];
    const untyped: { entry: DirEntry; ino: number }[] = [];
    const inode = this.dirInode(dir);
    // A walk looks up what it listed: index a large directory now rather than read it again.
    const indexed = !hasFlag(inode, INODE_FLAGS.INLINE_DATA_FL) && inode.i_size > SCANNED_DIR_BYTES && !this.dirCache.get(inode.ino);
    const builder = indexed ? DirNameIndex.builder() : undefined;
    const keyOf = nameKeyOf(inode);
    await this.forEachDirEntry(inode, (raw, logical, physical) => {
      builder?.add(keyOf(raw.name), logical);
      if (isDotEntry(raw.name)) return false;
      enforceBudget('filesystem', 'dirEntries', result.length + 1, (limit) => `ext inode ${inode.ino}: directory has more than ${limit} entries to list`, {
        offset: physical * this.geometry.blockSize,
      });
      const type = fileTypeFromDirent(raw.file_type);
      const entry: DirEntry = { name: decoder.decode(raw.name), type: type ?? 'other' };
      result.push(entry);
      if (type === undefined) untyped.push({ entry, ino: raw.inode });
      return false;
    });
    if (builder) this.dirCache.set(inode.ino, builder.build());
    // Without the filetype feature the entry does not say what it names: ask the inode.
    for (const { entry, ino } of untyped) entry.type = inodeType((await this.readInode(ino)).i_mode);
    return result;
  }

  async readFile(node: FsNode, maxBytes: number): Promise<Uint8Array> {
    const inode = this.extInode(node);
    const length = readLength(inode.i_size, maxBytes, `ext inode ${inode.ino}`, inode.offset + 0x4);
    if (hasFlag(inode, INODE_FLAGS.ENCRYPT_FL)) {
      throw new FilesystemError('unsupported', `ext inode ${inode.ino}: file contents are encrypted (fscrypt)`, { offset: inode.offset + 0x20 });
    }
    if (hasFlag(inode, INODE_FLAGS.INLINE_DATA_FL)) return inlineFileBytes(inode, length);
    return this.readData(inode, length);
  }

  async readRange(node: FsNode, offset: number, length: number): Promise<Uint8Array> {
    const inode = this.extInode(node);
    checkFileRange(inode.i_size, offset, length, `ext inode ${inode.ino}`, inode.offset + 0x4);
    if (hasFlag(inode, INODE_FLAGS.ENCRYPT_FL)) {
      throw new FilesystemError('unsupported', `ext inode ${inode.ino}: file contents are encrypted (fscrypt)`, { offset: inode.offset + 0x20 });
    }
    if (hasFlag(inode, INODE_FLAGS.INLINE_DATA_FL)) return inlineFileBytes(inode, offset + length).subarray(offset);
    const bs = this.geometry.blockSize;
    const out = new Uint8Array(length);
    if (length === 0) return out;
    const runs = await this.mapBlocks(inode, Math.floor(offset / bs), Math.ceil((offset + length) / bs));
    await this.forEachChunk(inode, runs, MAX_RUN_BYTES, (logical, _physical, bytes) => copyOverlap(out, offset, bytes, logical * bs));
    return out;
  }

  async readlink(node: FsNode): Promise<string> {
    const inode = this.extInode(node);
    if (inodeType(inode.i_mode) !== 'symlink') {
      throw new FilesystemError('corrupt', `ext inode ${inode.ino} is not a symbolic link (i_mode ${hex(inode.i_mode)})`, { offset: inode.offset });
    }
    if (hasFlag(inode, INODE_FLAGS.ENCRYPT_FL)) {
      throw new FilesystemError('unsupported', `ext inode ${inode.ino}: symlink target is encrypted (fscrypt)`, { offset: inode.offset + 0x20 });
    }
    if (inode.i_size > MAX_SYMLINK || inode.i_size > this.geometry.blockSize) {
      throw new FilesystemError('corrupt', `ext inode ${inode.ino}: symlink i_size ${inode.i_size} exceeds ${Math.min(MAX_SYMLINK, this.geometry.blockSize)}`, {
        offset: inode.offset + 0x4,
      });
    }
    let bytes: Uint8Array;
    if (hasFlag(inode, INODE_FLAGS.INLINE_DATA_FL)) bytes = inlineFileBytes(inode, inode.i_size);
    else if (this.isFastSymlink(inode)) bytes = inode.i_block.subarray(0, inode.i_size);
    else bytes = await this.readData(inode, inode.i_size);
    return decoder.decode(bytes);
  }

  /**
   * A fast symlink keeps its target in i_block. Like e2fsprogs we decide by size (< 60 bytes),
   * except that an extent-mapped inode whose i_block holds an extent header is a slow one.
   */
  private isFastSymlink(inode: Inode): boolean {
    if (inode.i_size >= I_BLOCK_SIZE) return false;
    return !(hasFlag(inode, INODE_FLAGS.EXTENTS_FL) && le16(inode.i_block, 0) === EXTENT_MAGIC);
  }

  /** Reads and parses inode `ino`. */
  async readInode(ino: number): Promise<Inode> {
    const sb = this.superblock;
    if (!Number.isSafeInteger(ino) || ino < 1 || ino > sb.s_inodes_count) {
      throw new FilesystemError('corrupt', `ext: inode number ${ino} is outside 1..${sb.s_inodes_count} (s_inodes_count)`);
    }
    const group = Math.floor((ino - 1) / sb.s_inodes_per_group);
    const index = (ino - 1) % sb.s_inodes_per_group;
    const desc = await this.groupDescriptor(group);
    const tableBlocks = Math.ceil((sb.s_inodes_per_group * this.geometry.inodeSize) / this.geometry.blockSize);
    this.reader.check(desc.bg_inode_table, tableBlocks, `bg_inode_table of group ${group}`, groupDescriptorOffset(sb, this.geometry, group) + 0x8);
    const offset = desc.bg_inode_table * this.geometry.blockSize + index * this.geometry.inodeSize;
    const bytes = await this.reader.readBytes(offset, this.geometry.inodeSize, `inode ${ino}`);
    return parseInode(bytes, ino, offset);
  }

  private async groupDescriptor(group: number): Promise<GroupDescriptor> {
    const cached = this.descriptors.get(group);
    if (cached) return cached;
    const offset = groupDescriptorOffset(this.superblock, this.geometry, group);
    const desc = parseGroupDescriptor(await this.reader.readBytes(offset, this.geometry.descSize, `group descriptor ${group}`), this.geometry.descSize);
    if (this.descriptors.size >= DESCRIPTOR_CACHE) this.descriptors.clear();
    this.descriptors.set(group, desc);
    return desc;
  }

  private async node(ino: number): Promise<ExtNode> {
    const inode = await this.readInode(ino);
    return {
      ino,
      type: inodeType(inode.i_mode),
      size: inode.i_size,
      mode: inode.i_mode,
      uid: inode.i_uid,
      gid: inode.i_gid,
      mtime: inode.i_mtime,
      inode,
    };
  }

  private extInode(node: FsNode): Inode {
    const inode = (node as Partial<ExtNode>).inode;
    if (!inode) throw new FilesystemError('corrupt', `ext: node ${node.ino} was not produced by this filesystem`);
    return inode;
  }

  private dirInode(node: FsNode): Inode {
    const inode = this.extInode(node);
    if (inodeType(inode.i_mode) !== 'dir') {
      throw new FilesystemError('corrupt', `ext inode ${inode.ino} is not a directory (i_mode ${hex(inode.i_mode)})`, { offset: inode.offset });
    }
    return inode;
  }

  /** Physical runs for logical blocks [from, to), from the extent tree or the block map. */
  private mapBlocks(inode: Inode, from: number, to: number): Promise<BlockRun[]> {
    const at = inode.offset + 0x28;
    return hasFlag(inode, INODE_FLAGS.EXTENTS_FL)
      ? mapExtents(this.reader, inode.i_block, at, inode.ino, from, to)
      : mapBlockMap(this.reader, inode.i_block, at, inode.ino, from, to);
  }

  /** Calls `visit` with each run's bytes, split into reads of at most `chunkBytes`; stops when it returns true. */
  private async forEachChunk(
    inode: Inode,
    runs: BlockRun[],
    chunkBytes: number,
    visit: (logical: number, physical: number, bytes: Uint8Array) => boolean | void,
  ): Promise<void> {
    const bs = this.geometry.blockSize;
    const chunkBlocks = Math.max(1, Math.floor(chunkBytes / bs));
    for (const run of runs) {
      for (let done = 0; done < run.length; done += chunkBlocks) {
        const count = Math.min(chunkBlocks, run.length - done);
        const bytes = await this.reader.read(run.physical + done, count, `data of inode ${inode.ino}`, inode.offset + 0x28);
        if (visit(run.logical + done, run.physical + done, bytes) === true) return;
      }
    }
  }

  /** The first `length` bytes of a block-backed inode; holes and unwritten extents are zeros. */
  private async readData(inode: Inode, length: number): Promise<Uint8Array> {
    const bs = this.geometry.blockSize;
    const out = new Uint8Array(length);
    if (length === 0) return out;
    const runs = await this.mapBlocks(inode, 0, Math.ceil(length / bs));
    await this.forEachChunk(inode, runs, MAX_RUN_BYTES, (logical, _physical, bytes) => {
      const start = logical * bs;
      out.set(bytes.subarray(0, Math.min(bytes.length, length - start)), start);
    });
    return out;
  }

  /**
   * Visits the live entries of a directory ("." and ".." included) with the logical and
   * physical block holding each (the inode's own, for inline data), until `visit` returns
   * true. Reads at most the directory's own blocks, and at most limits.dirBytes of them.
   */
  private async forEachDirEntry(dir: Inode, visit: (entry: RawDirEntry, logical: number, physical: number) => boolean): Promise<void> {
    if (hasFlag(dir, INODE_FLAGS.ENCRYPT_FL)) {
      throw new FilesystemError('unsupported', `ext inode ${dir.ino}: directory names are encrypted (fscrypt)`, { offset: dir.offset + 0x20 });
    }
    if (hasFlag(dir, INODE_FLAGS.INLINE_DATA_FL)) {
      // i_block: 4-byte parent inode, then entries; system.data continues the entries.
      const { head, tail, tailOffset } = inlineData(dir);
      const inodeBlock = Math.floor(dir.offset / this.geometry.blockSize);
      for (const entry of [...parseDirRegion(head.subarray(4), dir.offset + 0x2c, this.dirFormat), ...parseDirRegion(tail, tailOffset, this.dirFormat)]) {
        if (visit(entry, 0, inodeBlock)) return;
      }
      return;
    }
    const bs = this.geometry.blockSize;
    enforceBudget('filesystem', 'dirBytes', dir.i_size, (limit) => `ext inode ${dir.ino}: directory of ${dir.i_size} bytes is larger than the ${limit} bytes read from one directory`, {
      offset: dir.offset + 0x4,
    });
    let stop = false;
    await this.forEachChunk(dir, await this.mapBlocks(dir, 0, Math.ceil(dir.i_size / bs)), DIR_CHUNK_BYTES, (logical, physical, bytes) => {
      for (let b = 0; b * bs < bytes.length && !stop; b++) {
        for (const entry of parseDirRegion(bytes.subarray(b * bs, (b + 1) * bs), (physical + b) * bs, this.dirFormat)) {
          if (visit(entry, logical + b, physical + b)) {
            stop = true;
            break;
          }
        }
      }
      return stop;
    });
  }
}

/** The key names are compared by: case-folded directories compare lower-cased names (Unicode case folding, approximately). */
function nameKeyOf(inode: Inode): (raw: Uint8Array) => Uint8Array {
  return hasFlag(inode, INODE_FLAGS.CASEFOLD_FL) ? (raw) => encoder.encode(decoder.decode(raw).toLowerCase()) : (raw) => raw;
}
