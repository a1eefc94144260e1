import { createHash } from 'node:crypto';
import type { Filesystem, FsNode } from '../../../src/fs/types.js';

/** One path as the fixture manifest lists it: path, type, size, SHA-256 (files) or target (symlinks). */
export type WalkRow = string;

/** Limits for walking untrusted images. */
export interface WalkLimits {
  /** Bytes read per file at most. */
  maxFileBytes: number;
  /** Stop after this many entries. */
  maxEntries: number;
  /** Skip /lost+found (the manifest does, it is mkfs's own). */
  skipLostFound?: boolean;
  /** Date.now() after which the walk fails: a reader that keeps going this long is looping. */
  deadline?: number;
}

/**
 * Walks a whole filesystem depth-first, in the manifest's format (see
 * scripts/fixtures/ext4.sh): `path \t type \t size \t sha256|target`, dirs and others with
 * empty size. Directories are entered once per inode, so a corrupt cycle cannot loop.
 */
export async function walkFilesystem(fs: Filesystem, limits: WalkLimits): Promise<WalkRow[]> {
  const rows: WalkRow[] = [];
  const seenDirs = new Set<number>();
  const visit = async (dir: FsNode, prefix: string): Promise<void> => {
    if (seenDirs.has(dir.ino)) return;
    seenDirs.add(dir.ino);
    for (const entry of await fs.readdir(dir)) {
      if (rows.length >= limits.maxEntries) return;
      if (limits.deadline !== undefined && Date.now() > limits.deadline) throw new Error(`walk still running at its deadline, at ${prefix}/${entry.name}`);
      if (limits.skipLostFound && prefix === '' && entry.name === 'lost+found') continue;
      const node = await fs.lookup(dir, entry.name);
      const full = `${prefix}/${entry.name}`;
      if (!node) {
        rows.push(`${full}\tmissing\t\t`);
        continue;
      }
      if (node.type === 'file') {
        const data = await fs.readFile(node, limits.maxFileBytes);
        rows.push(`${full}\tfile\t${node.size}\t${createHash('sha256').update(data).digest('hex')}`);
      } else if (node.type === 'symlink') {
        rows.push(`${full}\tsymlink\t${node.size}\t${await fs.readlink(node)}`);
      } else if (node.type === 'dir') {
        rows.push(`${full}\tdir\t\t`);
        await visit(node, full);
      } else {
        rows.push(`${full}\tother\t\t`);
      }
    }
  };
  await visit(await fs.root(), '');
  return rows.sort();
}
