/**
 * A compact lookup index of one large directory, for readers whose on-disk lookup structure we
 * do not walk: 8 bytes per entry (a 32-bit hash of the name and the directory block holding
 * it), sorted. A lookup hashes the name, finds the few blocks whose entries share the hash and
 * reads just those, comparing names exactly, so a hash collision costs a block read, never a
 * wrong answer. A guest walk that looks up many names in a directory of 250,000 entries thus
 * reads the directory once instead of once per name, without holding its names in memory.
 */
export class DirNameIndex {
  private constructor(
    /** hash * SLOTS + slot, ascending. */
    private readonly keys: Float64Array,
  ) {}

  /** Entries indexed, which is also the index's cost in 8-byte units. */
  get size(): number {
    return this.keys.length;
  }

  /** Directory blocks (slots, ascending, once each) that may hold an entry whose key is `name`. */
  slots(name: Uint8Array): number[] {
    const low = nameHash(name) * SLOTS;
    const found: number[] = [];
    for (let i = lowerBound(this.keys, low); i < this.keys.length && this.keys[i]! < low + SLOTS; i++) {
      const slot = this.keys[i]! - low;
      if (found[found.length - 1] !== slot) found.push(slot);
    }
    return found;
  }

  /** Collects (name, slot) pairs in any order; `build` sorts them once. */
  static builder(): { add(name: Uint8Array, slot: number): void; build(): DirNameIndex } {
    const keys: number[] = [];
    return {
      add(name, slot) {
        if (!Number.isInteger(slot) || slot < 0 || slot >= SLOTS) throw new RangeError(`directory block slot ${slot} is outside 0..${SLOTS - 1}`);
        keys.push(nameHash(name) * SLOTS + slot);
      },
      build: () => new DirNameIndex(Float64Array.from(keys).sort()),
    };
  }
}

/** Slots (directory blocks) one index tells apart: 2^21, and 2^32 hashes times 2^21 stays an exact double. */
const SLOTS = 2 ** 21;

/** FNV-1a, 32 bits: cheap, and spreads the near-identical names of generated directories. */
function nameHash(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Indexes of recently looked-up directories, by inode number, so a walk that looks up many
 * names in one large directory indexes it once. Bounded by a total entry budget (8 bytes
 * each); the oldest directories are dropped first.
 */
export class DirIndexCache {
  private readonly dirs = new Map<number, DirNameIndex>();
  private entries = 0;

  constructor(
    /** Most entries held across all cached directories: 4M entries, 32 MiB. */
    private readonly budget = 4_000_000,
  ) {}

  get(ino: number): DirNameIndex | undefined {
    return this.dirs.get(ino);
  }

  /** Caches an index unless it alone exceeds the budget. */
  set(ino: number, index: DirNameIndex): void {
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

/** Whether two names are the same bytes. */
export function sameName(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
