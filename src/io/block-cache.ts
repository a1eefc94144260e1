import { checkRange, type ByteSource } from './byte-source.js';

/** Cache geometry. */
export interface BlockCacheOptions {
  /** Bytes per cached block; reads are widened to whole aligned blocks. */
  blockSize: number;
  /** Memory cap for cached blocks; least recently used blocks are dropped beyond it. */
  maxBytes: number;
  /** Most reads of the inner source in flight at once (HTTP requests, for a blob). */
  maxParallel?: number;
}

/** Defaults measured on the fixture images: 64 KiB blocks hold a whole ext4 inode-table run or directory. */
export const DEFAULT_BLOCK_CACHE: BlockCacheOptions = { blockSize: 64 * 1024, maxBytes: 32 * 1024 * 1024, maxParallel: 8 };

/**
 * A read-through cache of aligned blocks in front of a slower source. Filesystem readers ask
 * for many small pieces (inodes, directory blocks, extent nodes) close to each other; this
 * turns them into few aligned reads. Adjacent missing blocks are fetched with one read,
 * concurrent requests for a block share one fetch, and memory stays under `maxBytes`
 * whatever the size of the disk. Reads larger than half the cache bypass it.
 */
export class CachedSource implements ByteSource {
  readonly name: string;
  readonly size: number;
  /** Blocks served from memory. */
  hits = 0;
  /** Blocks fetched from the inner source. */
  misses = 0;
  private readonly blocks = new Map<number, Uint8Array>();
  private readonly inflight = new Map<number, Promise<Uint8Array>>();
  /** Inner reads running now, and the ones waiting for a slot. */
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Highest number of inner reads seen in flight at once (for tests and the report). */
  peakParallel = 0;

  constructor(
    private readonly inner: ByteSource,
    private readonly options: BlockCacheOptions = DEFAULT_BLOCK_CACHE,
  ) {
    this.name = inner.name;
    this.size = inner.size;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRange(this, offset, length);
    if (length === 0) return new Uint8Array(0);
    if (length > this.options.maxBytes / 2) return this.inner.read(offset, length);
    const bs = this.options.blockSize;
    const first = Math.floor(offset / bs);
    const last = Math.floor((offset + length - 1) / bs);

    const pending = new Map<number, Promise<Uint8Array>>();
    let runStart = -1;
    const flushRun = (end: number) => {
      if (runStart < 0) return;
      this.fetchRun(runStart, end).forEach((p, i) => pending.set(runStart + i, p));
      runStart = -1;
    };
    for (let b = first; b <= last; b++) {
      const cached = this.blocks.get(b);
      if (cached) {
        this.touch(b, cached);
        this.hits++;
        flushRun(b);
        continue;
      }
      const shared = this.inflight.get(b);
      if (shared) {
        pending.set(b, shared);
        flushRun(b);
        continue;
      }
      if (runStart < 0) runStart = b;
    }
    flushRun(last + 1);

    const out = new Uint8Array(length);
    for (let b = first; b <= last; b++) {
      const block = this.blocks.get(b) ?? (await pending.get(b)!);
      const blockStart = b * bs;
      const from = Math.max(offset, blockStart);
      const to = Math.min(offset + length, blockStart + block.length);
      out.set(block.subarray(from - blockStart, to - blockStart), from - offset);
    }
    return out;
  }

  /** Fetches blocks [start, end) with one inner read; returns one promise per block. */
  private fetchRun(start: number, end: number): Promise<Uint8Array>[] {
    const bs = this.options.blockSize;
    const byteStart = start * bs;
    const byteEnd = Math.min(end * bs, this.size);
    this.misses += end - start;
    const whole = this.limited(() => this.inner.read(byteStart, byteEnd - byteStart));
    const promises: Promise<Uint8Array>[] = [];
    for (let b = start; b < end; b++) {
      const p = whole.then(
        (bytes) => {
          const block = bytes.slice((b - start) * bs, Math.min((b - start + 1) * bs, bytes.length));
          this.inflight.delete(b);
          this.touch(b, block);
          return block;
        },
        (error: unknown) => {
          this.inflight.delete(b);
          throw error;
        },
      );
      this.inflight.set(b, p);
      promises.push(p);
    }
    return promises;
  }

  /** Runs an inner read when fewer than maxParallel are in flight; the others queue in order. */
  private async limited<T>(read: () => Promise<T>): Promise<T> {
    const limit = this.options.maxParallel ?? Number.POSITIVE_INFINITY;
    if (this.running >= limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    this.peakParallel = Math.max(this.peakParallel, this.running);
    try {
      return await read();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** Marks a block most recently used, evicting the least recently used beyond the cap. */
  private touch(index: number, block: Uint8Array): void {
    this.blocks.delete(index);
    this.blocks.set(index, block);
    const limit = Math.max(1, Math.floor(this.options.maxBytes / this.options.blockSize));
    while (this.blocks.size > limit) this.blocks.delete(this.blocks.keys().next().value!);
  }
}
