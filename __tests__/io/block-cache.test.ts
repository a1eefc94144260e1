import { describe, expect, it } from '@jest/globals';
import { CachedSource } from '../../src/io/block-cache.js';
import { MemorySource, type ByteSource } from '../../src/io/byte-source.js';
import { IoError } from '../../src/errors.js';

/** A source that records every read it serves. */
function recording(bytes: Uint8Array): ByteSource & { calls: [number, number][] } {
  const inner = new MemorySource(bytes, 'disk');
  const calls: [number, number][] = [];
  return {
    name: inner.name,
    size: inner.size,
    calls,
    async read(offset: number, length: number) {
      calls.push([offset, length]);
      return inner.read(offset, length);
    },
  };
}

const data = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7 + 3) & 0xff);

describe('CachedSource', () => {
  it('returns exactly the bytes of the inner source for every offset and length', async () => {
    const cache = new CachedSource(recording(data), { blockSize: 512, maxBytes: 4096 });
    for (const [offset, length] of [[0, 1], [511, 2], [100, 3000], [9_999, 1], [9_000, 1_000], [0, 0], [4_000, 1_500]] as const) {
      expect(Buffer.from(await cache.read(offset, length))).toEqual(Buffer.from(data.subarray(offset, offset + length)));
    }
  });

  it('widens to aligned blocks, coalesces adjacent misses, and serves repeats from memory', async () => {
    const inner = recording(data);
    const cache = new CachedSource(inner, { blockSize: 1024, maxBytes: 64 * 1024 });
    await cache.read(100, 10);
    await cache.read(200, 10);
    await cache.read(1000, 3000); // blocks 0..3: block 0 cached, blocks 1..3 fetched in one read
    expect(inner.calls).toEqual([[0, 1024], [1024, 3072]]);
    expect(cache.hits).toBe(2);
    expect(cache.misses).toBe(4);
  });

  it('clamps the last block at the end of the source', async () => {
    const inner = recording(data);
    const cache = new CachedSource(inner, { blockSize: 4096, maxBytes: 64 * 1024 });
    await cache.read(9_990, 10);
    expect(inner.calls).toEqual([[8192, 10_000 - 8192]]);
  });

  it('shares one fetch between concurrent readers of the same block', async () => {
    const inner = recording(data);
    const cache = new CachedSource(inner, { blockSize: 1024, maxBytes: 64 * 1024 });
    await Promise.all([cache.read(0, 10), cache.read(20, 10), cache.read(1000, 30)]);
    expect(inner.calls).toEqual([[0, 1024], [1024, 1024]]);
  });

  it('keeps memory under its cap by dropping the least recently used block', async () => {
    const inner = recording(data);
    const cache = new CachedSource(inner, { blockSize: 1024, maxBytes: 2048 });
    await cache.read(0, 1); // block 0
    await cache.read(1024, 1); // block 1
    await cache.read(0, 1); // block 0 again: now most recent
    await cache.read(2048, 1); // block 2 evicts block 1
    await cache.read(0, 1); // still cached
    await cache.read(1024, 1); // fetched again
    expect(inner.calls.map(([o]) => o)).toEqual([0, 1024, 2048, 1024]);
  });

  it('passes errors through and does not cache them', async () => {
    let fail = true;
    const inner: ByteSource = {
      name: 'flaky',
      size: 4096,
      async read(offset, length) {
        if (fail) throw new IoError('io', 'flaky: timeout');
        return new Uint8Array(length).fill(offset & 0xff);
      },
    };
    const cache = new CachedSource(inner, { blockSize: 1024, maxBytes: 8192 });
    await expect(cache.read(0, 10)).rejects.toThrow('flaky: timeout');
    fail = false;
    expect((await cache.read(0, 10)).length).toBe(10);
  });

  it('refuses reads past the end like every source', async () => {
    const cache = new CachedSource(recording(data), { blockSize: 1024, maxBytes: 8192 });
    await expect(cache.read(9_999, 2)).rejects.toBeInstanceOf(IoError);
  });
});

describe('CachedSource parallelism', () => {
  it('keeps at most maxParallel inner reads in flight, and serves every request', async () => {
    let running = 0;
    let peak = 0;
    const inner: ByteSource = {
      name: 'slow',
      size: 64 * 1024,
      async read(offset, length) {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return new Uint8Array(length).fill((offset / 1024) & 0xff);
      },
    };
    const cache = new CachedSource(inner, { blockSize: 1024, maxBytes: 64 * 1024, maxParallel: 3 });
    // 20 scattered reads of distinct, non-adjacent blocks: 20 inner reads wanted at once.
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => cache.read(i * 2 * 1024, 10)));
    expect(peak).toBe(3);
    expect(cache.peakParallel).toBe(3);
    results.forEach((bytes, i) => expect(bytes[0]).toBe((i * 2) & 0xff));
  });
});
