import { FilesystemError } from '../../errors.js';
import { checkFileRange } from '../read-length.js';
import type { DirEntry, FileType, Filesystem, FsIdentity, FsNode } from '../types.js';

/** One entry of a tree spec: file content, or an explicit node. */
export type MemoryEntry =
  | string
  | Uint8Array
  | { symlink: string }
  | { dir: true; mode?: number }
  | {
      content: string | Uint8Array;
      mode?: number;
      uid?: number;
      gid?: number;
      /** Apparent size when larger than `content`: the rest reads as zeros, like a sparse file's hole. */
      size?: number;
    };

/** Absolute guest paths to entries; parent directories are created implicitly. */
export type MemoryTree = Record<string, MemoryEntry>;

interface MemNode extends FsNode {
  children?: Map<string, MemNode>;
  data?: Uint8Array;
  target?: string;
}

/**
 * A filesystem held in memory, built from a path → content map. Facts and rules tests use
 * it to describe a guest in a few lines; it behaves like the on-disk readers (lookup is
 * path-free, symlinks are not followed here).
 */
export class MemoryFilesystem implements Filesystem {
  readonly type = 'memory';
  private readonly rootNode: MemNode;
  private nextIno = 2;

  constructor(
    tree: MemoryTree,
    readonly identity: FsIdentity = {},
  ) {
    this.rootNode = this.makeNode('dir', 0o755);
    for (const [path, entry] of Object.entries(tree)) this.add(path, entry);
  }

  private makeNode(type: FileType, mode: number, extra: Partial<MemNode> = {}): MemNode {
    const typeBits = type === 'dir' ? 0o040000 : type === 'symlink' ? 0o120000 : 0o100000;
    return {
      ino: this.nextIno++,
      type,
      size: 0,
      mode: typeBits | mode,
      uid: 0,
      gid: 0,
      mtime: 0,
      ...(type === 'dir' ? { children: new Map() } : {}),
      ...extra,
    };
  }

  private add(path: string, entry: MemoryEntry): void {
    const parts = path.split('/').filter((p) => p.length > 0);
    let dir = this.rootNode;
    for (const part of parts.slice(0, -1)) {
      let next = dir.children!.get(part);
      if (!next) {
        next = this.makeNode('dir', 0o755);
        dir.children!.set(part, next);
      }
      dir = next;
    }
    const name = parts[parts.length - 1];
    if (name === undefined) return;
    dir.children!.set(name, this.toNode(entry));
  }

  private toNode(entry: MemoryEntry): MemNode {
    const bytes = (c: string | Uint8Array) => (typeof c === 'string' ? new TextEncoder().encode(c) : c);
    if (typeof entry === 'string' || entry instanceof Uint8Array) {
      const data = bytes(entry);
      return this.makeNode('file', 0o644, { data, size: data.length });
    }
    if ('symlink' in entry) return this.makeNode('symlink', 0o777, { target: entry.symlink, size: entry.symlink.length });
    if ('dir' in entry) return this.makeNode('dir', entry.mode ?? 0o755);
    const data = bytes(entry.content);
    const size = Math.max(data.length, entry.size ?? 0);
    return this.makeNode('file', entry.mode ?? 0o644, { data, size, uid: entry.uid ?? 0, gid: entry.gid ?? 0 });
  }

  async root(): Promise<FsNode> {
    return this.rootNode;
  }

  async lookup(dir: FsNode, name: string): Promise<FsNode | undefined> {
    const node = dir as MemNode;
    if (!node.children) throw new FilesystemError('corrupt', `memory: inode ${dir.ino} is not a directory`);
    return node.children.get(name);
  }

  async readdir(dir: FsNode): Promise<DirEntry[]> {
    const node = dir as MemNode;
    if (!node.children) throw new FilesystemError('corrupt', `memory: inode ${dir.ino} is not a directory`);
    return [...node.children.entries()].map(([name, child]) => ({ name, type: child.type }));
  }

  async readFile(node: FsNode, maxBytes: number): Promise<Uint8Array> {
    const data = (node as MemNode).data ?? new Uint8Array(0);
    const length = Math.min(node.size, maxBytes);
    if (length <= data.length) return data.subarray(0, length);
    const sparse = new Uint8Array(length);
    sparse.set(data);
    return sparse;
  }

  async readRange(node: FsNode, offset: number, length: number): Promise<Uint8Array> {
    checkFileRange(node.size, offset, length, `memory inode ${node.ino}`, 0);
    return (await this.readFile(node, offset + length)).subarray(offset);
  }

  async readlink(node: FsNode): Promise<string> {
    const target = (node as MemNode).target;
    if (target === undefined) throw new FilesystemError('corrupt', `memory: inode ${node.ino} is not a symlink`);
    return target;
  }
}
