import { FilesystemError, hex } from '../../errors.js';
import type { ByteSource } from '../../io/byte-source.js';
import { checkFileRange, readLength } from '../read-length.js';
import type { DirEntry, Filesystem, FsIdentity, FsNode } from '../types.js';
import { BOOT_SECTOR_SIZE, DIR_ENTRY_SIZE, fatGeometry, parseBpb, volumeIdString, type Bpb, type FatGeometry } from './bpb.js';
import { ATTR, parseDirectory, type FatDirEntry } from './dir-entries.js';
import { FatTable } from './fat-table.js';

/** The spec allows 65536 entries per directory (2 MiB); a longer chain is refused as corrupt. */
export const MAX_DIR_BYTES = 65536 * DIR_ENTRY_SIZE;
export { MAX_FILE_READ } from '../read-length.js';
/** Contiguous clusters are read together up to this many bytes per read. */
const MAX_RUN_BYTES = 16 * 1024 * 1024;
/** Parsed directories kept in memory; the cache is dropped when full. */
const DIR_CACHE = 256;
/** The root directory's node number (no directory entry describes it). */
const ROOT_INO = 1;
/** st_mode of every directory and file: FAT has no permissions (Linux's default umask 022). */
export const DIR_MODE = 0o40755;
/** See DIR_MODE. */
export const FILE_MODE = 0o100644;
/** blkid reports an unset label this way; it means "no label". */
const NO_NAME = 'NO NAME';

/** A FAT file or directory, carrying where its data and its directory entry are. */
export interface FatNode extends FsNode {
  /** First data cluster (0: empty file, or the FAT12/16 root). */
  readonly firstCluster: number;
  /** Byte offset of its 32-byte directory entry in the volume (0 for the root). */
  readonly entryOffset: number;
}

/** A parsed directory with each entry's byte offset in the volume, and a case-folded name index. */
interface LoadedDirectory {
  entries: (FatDirEntry & { offset: number })[];
  volumeLabel?: string;
  /** Lower-cased long and short names to the entry. */
  byName: Map<string, FatDirEntry & { offset: number }>;
}

/** Name comparison the way the guest sees FAT: case-insensitive (ASCII and simple Unicode lower-casing). */
export function foldName(name: string): string {
  return name.toLowerCase();
}

/**
 * A read-only FAT12/FAT16/FAT32 filesystem with long file names. Reads the boot sector and
 * the root directory at open, then the FAT pieces, directories and file clusters a call needs.
 */
export class FatFilesystem implements Filesystem {
  readonly type = 'vfat';
  readonly identity: FsIdentity;
  private readonly fat: FatTable;
  private readonly dirs = new Map<number, LoadedDirectory>();

  private constructor(
    private readonly source: ByteSource,
    /** The parsed boot sector. */
    readonly bpb: Bpb,
    /** Derived layout (FAT type by cluster count). */
    readonly geometry: FatGeometry,
    rootLabel: string | undefined,
  ) {
    this.fat = new FatTable(source, geometry);
    // As blkid: BS_VolID counts with signature 0x28 or 0x29. LABEL (what fstab's LABEL= matches) is
    // the root directory's volume-label entry only; BS_VolLab is blkid's separate LABEL_FATBOOT.
    const hasSerial = bpb.BS_BootSig === 0x29 || bpb.BS_BootSig === 0x28;
    const label = rootLabel !== undefined && rootLabel !== '' && rootLabel !== NO_NAME ? rootLabel : undefined;
    this.identity = { uuid: hasSerial ? volumeIdString(bpb.BS_VolID) : undefined, label };
  }

  /** Reads and validates the boot sector and root directory; throws FilesystemError when unreadable. */
  static async open(source: ByteSource): Promise<FatFilesystem> {
    if (source.size < BOOT_SECTOR_SIZE) {
      throw new FilesystemError('corrupt', `fat: ${source.name} is ${source.size} bytes, too small to hold a boot sector`, { offset: 0 });
    }
    const bpb = parseBpb(await source.read(0, BOOT_SECTOR_SIZE));
    const geometry = fatGeometry(bpb, source.size);
    const fs = new FatFilesystem(source, bpb, geometry, undefined);
    const root = await fs.directory(await fs.root());
    return root.volumeLabel === undefined ? fs : new FatFilesystem(source, bpb, geometry, root.volumeLabel);
  }

  /** 12, 16 or 32. */
  get fatType(): 12 | 16 | 32 {
    return this.geometry.type;
  }

  async root(): Promise<FsNode> {
    const node: FatNode = { ino: ROOT_INO, type: 'dir', size: 0, mode: DIR_MODE, uid: 0, gid: 0, mtime: 0, firstCluster: this.geometry.rootCluster, entryOffset: 0 };
    return node;
  }

  async lookup(dir: FsNode, name: string): Promise<FsNode | undefined> {
    const entry = (await this.directory(dir)).byName.get(foldName(name));
    return entry && this.nodeOf(entry);
  }

  async readdir(dir: FsNode): Promise<DirEntry[]> {
    return (await this.directory(dir)).entries.map((e) => ({ name: e.name, type: e.DIR_Attr & ATTR.DIRECTORY ? 'dir' : 'file' }));
  }

  async readFile(node: FsNode, maxBytes: number): Promise<Uint8Array> {
    const fat = this.fatNode(node);
    if (fat.type !== 'file') throw new FilesystemError('corrupt', `fat: node ${fat.ino} is not a regular file`, { offset: fat.entryOffset });
    const length = readLength(fat.size, maxBytes, 'fat', fat.entryOffset + 0x1c);
    if (length === 0) return new Uint8Array(0);
    if (fat.firstCluster === 0) {
      throw new FilesystemError('corrupt', `fat: file of ${fat.size} bytes (DIR_FileSize) has no first cluster`, { offset: fat.entryOffset + 0x1a });
    }
    return this.readChain(fat.firstCluster, length, `file entry at ${hex(fat.entryOffset)}`, fat.entryOffset);
  }

  async readRange(node: FsNode, offset: number, length: number): Promise<Uint8Array> {
    const fat = this.fatNode(node);
    if (fat.type !== 'file') throw new FilesystemError('corrupt', `fat: node ${fat.ino} is not a regular file`, { offset: fat.entryOffset });
    checkFileRange(fat.size, offset, length, 'fat', fat.entryOffset + 0x1c);
    if (length === 0) return new Uint8Array(0);
    if (fat.firstCluster === 0) {
      throw new FilesystemError('corrupt', `fat: file of ${fat.size} bytes (DIR_FileSize) has no first cluster`, { offset: fat.entryOffset + 0x1a });
    }
    // A FAT chain is a linked list: the clusters before the range are walked (FAT entries only), not read.
    const g = this.geometry;
    const what = `file entry at ${hex(fat.entryOffset)}`;
    const needed = Math.ceil((offset + length) / g.clusterSize);
    const clusters = await this.fat.chain(fat.firstCluster, needed, what);
    if (clusters.length < needed) {
      throw new FilesystemError('corrupt', `fat: ${what}: ${offset + length} bytes need ${needed} clusters, but the chain from cluster ${fat.firstCluster} has ${clusters.length}`, {
        offset: fat.entryOffset + 0x1c,
      });
    }
    const skipped = Math.floor(offset / g.clusterSize);
    const within = offset - skipped * g.clusterSize;
    return (await this.readClusters(clusters.slice(skipped), within + length)).subarray(within);
  }

  async readlink(node: FsNode): Promise<string> {
    throw new FilesystemError('corrupt', `fat: node ${node.ino} is not a symbolic link (FAT has none)`, { offset: this.fatNode(node).entryOffset });
  }

  private nodeOf(entry: FatDirEntry & { offset: number }): FatNode {
    const isDir = (entry.DIR_Attr & ATTR.DIRECTORY) !== 0;
    return {
      ino: entry.offset / DIR_ENTRY_SIZE,
      type: isDir ? 'dir' : 'file',
      size: isDir ? 0 : entry.DIR_FileSize,
      mode: isDir ? DIR_MODE : FILE_MODE,
      uid: 0,
      gid: 0,
      mtime: entry.mtime,
      firstCluster: entry.firstCluster,
      entryOffset: entry.offset,
    };
  }

  private fatNode(node: FsNode): FatNode {
    const fat = node as Partial<FatNode>;
    if (fat.firstCluster === undefined || fat.entryOffset === undefined) throw new FilesystemError('corrupt', `fat: node ${node.ino} was not produced by this filesystem`);
    return node as FatNode;
  }

  /**
   * The first `length` bytes of the chain at `first`. The chain must hold them: a chain that
   * ends early (DIR_FileSize larger than its clusters) is corrupt, checked before allocating.
   */
  private async readChain(first: number, length: number, what: string, entryOffset: number): Promise<Uint8Array> {
    const g = this.geometry;
    const needed = Math.ceil(length / g.clusterSize);
    const clusters = await this.fat.chain(first, needed, what);
    if (clusters.length < needed) {
      throw new FilesystemError('corrupt', `fat: ${what}: ${length} bytes need ${needed} clusters, but the chain from cluster ${first} has ${clusters.length}`, {
        offset: entryOffset + 0x1c,
      });
    }
    return this.readClusters(clusters, length);
  }

  /** The first `length` bytes stored in `clusters` (which must hold them); contiguous clusters are read in one go. */
  private async readClusters(clusters: number[], length: number): Promise<Uint8Array> {
    const g = this.geometry;
    const out = new Uint8Array(length);
    for (let i = 0; i < clusters.length && i * g.clusterSize < length; ) {
      let run = 1;
      while (i + run < clusters.length && clusters[i + run] === clusters[i]! + run && run * g.clusterSize < MAX_RUN_BYTES) run++;
      const start = i * g.clusterSize;
      const bytes = Math.min(run * g.clusterSize, length - start);
      out.set(await this.source.read(g.dataOffset + (clusters[i]! - 2) * g.clusterSize, bytes), start);
      i += run;
    }
    return out;
  }

  /** Byte offset of entry `index` of a directory stored in `clusters` (or the fixed root when empty). */
  private entryOffset(clusters: number[], index: number): number {
    const g = this.geometry;
    const at = index * DIR_ENTRY_SIZE;
    if (clusters.length === 0) return g.rootDirOffset + at;
    return g.dataOffset + (clusters[Math.floor(at / g.clusterSize)]! - 2) * g.clusterSize + (at % g.clusterSize);
  }

  /** Reads, parses and caches a directory: the fixed FAT12/16 root area or a cluster chain. */
  private async directory(node: FsNode): Promise<LoadedDirectory> {
    const dir = this.fatNode(node);
    if (dir.type !== 'dir') throw new FilesystemError('corrupt', `fat: node ${dir.ino} is not a directory`, { offset: dir.entryOffset });
    const cached = this.dirs.get(dir.ino);
    if (cached) return cached;
    const g = this.geometry;
    let bytes: Uint8Array;
    let clusters: number[] = [];
    if (dir.ino === ROOT_INO && g.type !== 32) {
      bytes = await this.source.read(g.rootDirOffset, g.rootDirBytes);
    } else {
      const what = dir.ino === ROOT_INO ? 'root directory (BPB_RootClus)' : `directory entry at ${hex(dir.entryOffset)}`;
      if (dir.firstCluster === 0) throw new FilesystemError('corrupt', `fat: ${what} has no first cluster`, { offset: dir.entryOffset + 0x1a });
      const limit = Math.ceil(MAX_DIR_BYTES / g.clusterSize);
      clusters = await this.fat.chain(dir.firstCluster, limit + 1, what);
      if (clusters.length > limit) {
        throw new FilesystemError('corrupt', `fat: ${what} spans more than ${MAX_DIR_BYTES} bytes (65536 entries)`, { offset: this.fat.entryOffset(clusters[limit - 1]!) });
      }
      bytes = await this.readClusters(clusters, clusters.length * g.clusterSize);
    }
    const parsed = parseDirectory(bytes, g.type === 32);
    const entries = parsed.entries.map((e) => ({ ...e, offset: this.entryOffset(clusters, e.index) }));
    const byName = new Map<string, FatDirEntry & { offset: number }>();
    for (const e of entries) {
      for (const key of [foldName(e.name), foldName(e.shortName)]) if (!byName.has(key)) byName.set(key, e);
    }
    const loaded: LoadedDirectory = { entries, volumeLabel: parsed.volumeLabel, byName };
    if (this.dirs.size >= DIR_CACHE) this.dirs.clear();
    this.dirs.set(dir.ino, loaded);
    return loaded;
  }
}
