import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { LimitError } from '../../src/errors.js';
import { readInitramfs } from '../../src/initramfs/read-initramfs.js';
import { guestWithInitramfs, initramfsFixture, newcArchive, newcEntry } from './fixtures.js';

const read = (bytes: Uint8Array, lowered = {}) => readInitramfs(guestWithInitramfs(bytes, lowered), '/boot/initrd.img', { keep: (name) => name.endsWith('.conf') });

async function failure(bytes: Uint8Array, lowered = {}): Promise<unknown> {
  return read(bytes, lowered).then(
    () => 'no error',
    (e: unknown) => e,
  );
}

describe('readInitramfs on large hostile shapes: bounded time and memory (slow tier)', () => {
  it('100,000 entries are listed; one more than initramfsEntries is a LimitError', async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => newcEntry(`lib/modules/m${i}.ko`));
    const bytes = newcArchive(...entries);
    const listing = (await read(bytes))!;
    expect(listing.entries.length).toBe(100_000);
    const error = await failure(bytes, { initramfsEntries: 99_999 });
    expect(error).toBeInstanceOf(LimitError);
    expect(error).toMatchObject({ layer: 'initramfs', budget: 'initramfsEntries', limit: 99_999 });
  });

  it('a gzip bomb stops at initramfsExpandedBytes with a LimitError (64 MiB of zeros in a 64 KiB stream, budget lowered to 16 MiB)', async () => {
    const bomb = gzipSync(newcArchive(newcEntry('zeros', { body: new Uint8Array(64 * 1024 * 1024) })));
    expect(bomb.length).toBeLessThan(128 * 1024);
    const before = process.memoryUsage().rss;
    const error = await failure(bomb, { initramfsExpandedBytes: 16 * 1024 * 1024 });
    expect(error).toMatchObject({ layer: 'initramfs', kind: 'limit', budget: 'initramfsExpandedBytes' });
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('a zstd bomb made by zstd (1.5 GiB of zeros in one cpio entry, a few KiB) ends at the default initramfsExpandedBytes, RSS bounded', async () => {
    const bomb = initramfsFixture('bomb-zstd.img');
    expect(bomb.length).toBeLessThan(256 * 1024);
    const before = process.memoryUsage().rss;
    const error = await failure(bomb);
    expect(error).toBeInstanceOf(LimitError);
    expect(error).toMatchObject({ layer: 'initramfs', budget: 'initramfsExpandedBytes', limit: 1024 * 1024 * 1024 });
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });
});
