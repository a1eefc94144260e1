import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { InitramfsError } from '../../src/errors.js';
import { readInitramfs } from '../../src/initramfs/read-initramfs.js';
import { concat, guestWithInitramfs, initramfsFixture, newcArchive, newcEntry } from './fixtures.js';

const read = (bytes: Uint8Array, lowered = {}) => readInitramfs(guestWithInitramfs(bytes, lowered), '/boot/initrd.img', { keep: (name) => name.endsWith('.conf') });

/** The typed error (or a failure to throw one) of reading `bytes`. */
async function failure(bytes: Uint8Array, lowered = {}): Promise<unknown> {
  return read(bytes, lowered).then(
    () => 'no error',
    (e: unknown) => e,
  );
}

describe('readInitramfs on hostile cpio: a typed error naming the offset, never a crash or a hang', () => {
  it('reads a hand-made archive the way cpio -t would', async () => {
    const listing = (await read(newcArchive(newcEntry('./etc/a.conf', { body: 'x=1\n' }), newcEntry('/bin/sh', { mode: 0o120777, body: 'busybox' }))))!;
    expect(listing.entries.map((e) => [e.name, e.size, e.target])).toEqual([
      ['etc/a.conf', 4, undefined],
      ['bin/sh', 7, 'busybox'],
    ]);
    expect(new TextDecoder().decode(listing.files.get('etc/a.conf'))).toBe('x=1\n');
  });

  it.each([
    ['a name without its NUL', newcArchive(newcEntry('etc/a', { nul: false, body: 'zz' })), /not NUL-terminated/, 0x6e],
    ['c_namesize 0', newcArchive(newcEntry('etc/a', { namesize: 0 })), /c_namesize 0 is outside 1\.\.4096/, 0x5e],
    ['c_namesize 0xFFFFFFFF', newcArchive(newcEntry('etc/a', { namesize: 0xffffffff })), /c_namesize 4294967295/, 0x5e],
    ['a body past the end of the file', newcEntry('etc/a', { filesize: 1_000_000, body: 'short' }), /ends inside entry "etc\/a"/, undefined],
    ['old portable (odc) magic', concat(new TextEncoder().encode('070707'), new Uint8Array(200)), /old portable format/, 0],
    ['a symlink target longer than PATH_MAX', newcArchive(newcEntry('l', { mode: 0o120777, body: 'a'.repeat(5000) })), /longer than PATH_MAX/, 0x36],
    ['non-hex digits in a field', newcArchive(newcEntry('etc/a')).map((b, i) => (i === 60 ? 0x5a : b)), /c_filesize is "0000Z000"|not 8 hex digits/, 0x36],
  ])('%s', async (_what, bytes, message, offset) => {
    const error = await failure(bytes);
    expect(error).toBeInstanceOf(InitramfsError);
    expect(error).toMatchObject({ layer: 'initramfs', kind: 'corrupt', path: '/boot/initrd.img' });
    expect((error as Error).message).toMatch(message);
    if (offset !== undefined) expect((error as InitramfsError).offset).toBe(offset);
  });

  it('bad magic in the middle of a stream (a second header that is not cpio) is corrupt at its offset', async () => {
    const good = newcEntry('etc/a.conf', { body: 'x\n' });
    const bytes = concat(good, new TextEncoder().encode('0xxxxx'), new Uint8Array(120));
    const error = (await failure(bytes)) as InitramfsError;
    expect(error).toBeInstanceOf(InitramfsError);
    expect(error.offset).toBe(good.length);
    expect(error.message).toMatch(/no cpio newc magic/);
  });

  it('junk after an archive that is neither zeros nor a known compression is corrupt, naming its bytes', async () => {
    const error = (await failure(concat(newcArchive(newcEntry('a')), new Uint8Array([0xde, 0xad, 0xbe, 0xef, 1, 2])))) as InitramfsError;
    expect(error.message).toMatch(/no known compression magic at offset 512 \(found de ad be ef 01 02\)/);
  });

  it('an archive nested inside a compressed one is junk within it, as the kernel says', async () => {
    const inner = gzipSync(newcArchive(newcEntry('x')));
    const error = (await failure(gzipSync(concat(newcArchive(newcEntry('a')), inner)))) as InitramfsError;
    expect(error).toBeInstanceOf(InitramfsError);
    expect(error.message).toMatch(/gzip archive at offset 0, 512 bytes into its decompressed data: junk within the compressed archive: byte 1f/);
  });

  it('a cpio file holding another initramfs is just a file', async () => {
    const listing = (await read(newcArchive(newcEntry('boot/inner.img', { body: gzipSync(newcArchive(newcEntry('x'))) }))))!;
    expect(listing.entries.map((e) => e.name)).toEqual(['boot/inner.img']);
  });

  it('kept contents beyond initramfsKeptBytes are a LimitError, not a cut', async () => {
    const error = await failure(newcArchive(newcEntry('etc/big.conf', { body: 'x'.repeat(5000) })), { initramfsKeptBytes: 4096 });
    expect(error).toMatchObject({ layer: 'initramfs', kind: 'limit', budget: 'initramfsKeptBytes' });
  });

  it('an initramfs larger than initramfsBytes is refused before reading', async () => {
    const error = await failure(initramfsFixture('initrd-gzip.img'), { initramfsBytes: 1000 });
    expect(error).toMatchObject({ kind: 'limit', budget: 'initramfsBytes' });
  });

});

describe('readInitramfs on truncated and garbage compressed streams', () => {
  const methods = ['gzip', 'zstd', 'xz', 'lz4', 'lz4-frame'] as const;

  it.each(methods)('%s: the main archive cut in half is a corrupt InitramfsError', async (method) => {
    const bytes = initramfsFixture(`initrd-${method}.img`);
    const error = await failure(bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(error).toBeInstanceOf(InitramfsError);
    expect(error).toMatchObject({ kind: 'corrupt' });
  });

  it.each(methods)('%s: garbage after the magic is a typed error', async (method) => {
    const bytes = initramfsFixture(`initrd-${method}.img`).slice();
    const listing = (await read(bytes))!;
    const main = listing.archives[1]!;
    // Overwrite the middle of the compressed data with a pattern.
    for (let i = main.offset + 64; i < main.offset + main.storedBytes - 64; i++) bytes[i] = (i * 131) & 0xff;
    const error = await failure(bytes);
    expect(error).toBeInstanceOf(InitramfsError);
  });
});
