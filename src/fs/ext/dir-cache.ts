/**
 * Name → inode maps of recently read directories, so a walk that looks up every entry of a
 * large (htree) directory reads the directory once instead of once per name. Bounded by a
 * total entry budget; the oldest directories are dropped first.
 */
export class DirIndexCache {
  private readonly dirs = new Map<number, Map<string, number>>();
  private entries = 0;

  constructor(
    /** Most entries held across all cached directories. */
    private readonly budget = 200_000,
  ) {}

  /** The cached index of directory `ino`, if any. */
  get(ino: number): Map<string, number> | undefined {
    return this.dirs.get(ino);
  }

  /** Caches an index unless it alone exceeds the budget. */
  set(ino: number, index: Map<string, number>): void {
    if (index.size > this.budget) return;
    for (const [oldIno, old] of this.dirs) {
      if (this.entries + index.size <= this.budget) break;
      this.dirs.delete(oldIno);
      this.entries -= old.size;
    }
    this.dirs.set(ino, index);
    this.entries += index.size;
  }
}

/** A one-to-one string key for raw name bytes (latin1), so invalid UTF-8 names never collide. */
export function nameKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
