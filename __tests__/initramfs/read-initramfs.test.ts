import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { decoders } from '../../src/initramfs/decoders.js';
import { readInitramfs } from '../../src/initramfs/read-initramfs.js';
import type { Compression } from '../../src/initramfs/types.js';
import { concat, fixtureLines, guestWithInitramfs, initramfsFixture, newcArchive, newcEntry } from './fixtures.js';
import { memoryGuest } from '../helpers/memory-guest.js';

const KVER = '6.1.0-57-cloud-amd64';
const MODULES = `usr/lib/modules/${KVER}`;

/** What `cpio -t` listed and `stat` saw in the main archive's tree (scripts/fixtures/initramfs.sh). */
const mainNames = fixtureLines('main.cpio-t.txt').map((n) => (n === '.' ? '.' : n.replace(/^\.\//, '')));
const earlyNames = fixtureLines('early.cpio-t.txt').map((n) => (n === '.' ? '.' : n.replace(/^\.\//, '')));
const mainStat = fixtureLines('main.stat.tsv').map((line) => {
  const [name, mode, size] = line.split('\t') as [string, string, string];
  return { name: name === '.' ? '.' : name.replace(/^\.\//, ''), mode: parseInt(mode, 8), size: Number(size) };
});

/** Keep what the drivers facts will ask for. */
const keep = (name: string) => /(^|\/)modules\.(dep|builtin)$/.test(name) || name.startsWith('etc/modprobe.d/') || name.startsWith('conf/');

/** The methods read (the bzip2 fixture exists and is refused as unsupported, below). */
const methods = ['gzip', 'zstd', 'xz', 'lz4', 'lz4-frame'] as const satisfies readonly Compression[];

describe('readInitramfs over real initramfs layouts (early microcode cpio + compressed main archive)', () => {
  it('has a decoder for every method read', () => {
    expect(methods.filter((m) => decoders[m] === undefined)).toEqual([]);
  });

  it.each(methods)('initrd-%s.img: two archives, every entry cpio -t lists, modes and sizes as stat saw them', async (method) => {
    const bytes = initramfsFixture(`initrd-${method}.img`);
    const listing = (await readInitramfs(guestWithInitramfs(bytes), '/boot/initrd.img', { keep }))!;
    expect(listing.archives.map((a) => ({ compression: a.compression, entries: a.entries }))).toEqual([
      { compression: 'none', entries: earlyNames.length },
      { compression: method, entries: mainNames.length },
    ]);
    const [early, main] = listing.archives as [(typeof listing.archives)[0], (typeof listing.archives)[0]];
    // The early cpio is padded to 512 bytes by cpio; the compressed archive starts right after it and runs to the end of the file.
    expect(early.offset).toBe(0);
    expect(main.offset % 512).toBe(0);
    expect(main.offset).toBeGreaterThanOrEqual(early.storedBytes);
    expect(main.offset + main.storedBytes).toBe(bytes.length);
    expect(main.cpioBytes).toBe(initramfsFixture('initrd-none.img.gz').length);

    expect(listing.entries.filter((e) => e.archive === 0).map((e) => e.name)).toEqual(earlyNames);
    expect(listing.entries.filter((e) => e.archive === 1).map((e) => ({ name: e.name, mode: e.mode, size: e.size }))).toEqual(mainStat);
    expect(listing.entries.find((e) => e.name === 'usr/bin/sh')?.target).toBe('busybox');
    expect(listing.entries.find((e) => e.name === 'lib')?.target).toBe('usr/lib');

    const text = (name: string) => new TextDecoder().decode(listing.files.get(name));
    expect(text(`${MODULES}/modules.dep`)).toContain('kernel/drivers/scsi/hv_storvsc.ko:');
    expect(text(`${MODULES}/modules.builtin`)).toContain('kernel/drivers/nvme/host/nvme.ko');
    expect(text('etc/modprobe.d/fixture.conf')).toContain('install udf /bin/false');
    expect([...listing.files.keys()].sort()).toEqual(['conf/conf.d/root', 'conf/initramfs.conf', 'etc/modprobe.d/fixture.conf', `${MODULES}/modules.builtin`, `${MODULES}/modules.dep`]);
  });

  it('initrd-two-early.img: two early archives then zstd, three archives', async () => {
    const listing = (await readInitramfs(guestWithInitramfs(initramfsFixture('initrd-two-early.img')), '/boot/initrd.img'))!;
    expect(listing.archives.map((a) => [a.compression, a.entries])).toEqual([
      ['none', earlyNames.length],
      ['none', earlyNames.length],
      ['zstd', mainNames.length],
    ]);
    expect(listing.archives[1]!.offset).toBe(512 * Math.ceil(listing.archives[0]!.storedBytes / 512));
  });

  it.each(['gzip', 'zstd', 'lz4', 'lz4-frame'])('initrd-%s.img followed by zero padding and another uncompressed archive: each stream ends exactly where it does', async (method) => {
    const first = initramfsFixture(`initrd-${method}.img`);
    const pad = new Uint8Array(((4 - (first.length % 4)) % 4) + 512);
    const bytes = concat(first, pad, newcArchive(newcEntry('etc/late.conf', { body: 'late\n' })));
    const listing = (await readInitramfs(guestWithInitramfs(bytes), '/boot/initrd.img'))!;
    expect(listing.archives.map((a) => [a.compression, a.offset])).toEqual([
      ['none', 0],
      [method, listing.archives[1]!.offset],
      ['none', first.length + pad.length],
    ]);
    expect(listing.archives[1]!.offset + listing.archives[1]!.storedBytes).toBe(first.length);
    expect(listing.entries.at(-1)).toMatchObject({ name: 'etc/late.conf', archive: 2 });
  });

  it('initrd-xz.img followed by zero padding alone is read whole; followed by another archive it is a typed error (the xz decoder fails on what follows its stream)', async () => {
    const first = initramfsFixture('initrd-xz.img');
    const padded = (await readInitramfs(guestWithInitramfs(concat(first, new Uint8Array(512))), '/boot/initrd.img'))!;
    expect(padded.archives.map((a) => [a.compression, a.entries])).toEqual([
      ['none', earlyNames.length],
      ['xz', mainNames.length],
    ]);
    const error = await readInitramfs(guestWithInitramfs(concat(first, new Uint8Array(512), newcArchive(newcEntry('x')))), '/boot/initrd.img').catch((e: unknown) => e);
    expect(error).toMatchObject({ layer: 'initramfs', kind: 'corrupt' });
  });

  it.each(['bzip2'])('initrd-%s.img: the early archive is read, the main archive is refused as unsupported, naming the method', async (method) => {
    const error = await readInitramfs(guestWithInitramfs(initramfsFixture(`initrd-${method}.img`)), '/boot/initrd.img').catch((e: unknown) => e);
    // The main archive starts after the early cpio (4096 bytes as cpio wrote it).
    expect(error).toMatchObject({ layer: 'initramfs', kind: 'unsupported', offset: 4096 });
    expect((error as Error).message).toContain(`${method}-compressed`);
  });

  it('initrd-none: an uncompressed main archive alone, its kept file bytes exact', async () => {
    const bytes = initramfsFixture('initrd-none.img.gz');
    const listing = (await readInitramfs(guestWithInitramfs(bytes), '/boot/initrd.img', { keep: (name) => name.endsWith('hv_storvsc.ko') }))!;
    expect(listing.archives).toEqual([{ offset: 0, compression: 'none', storedBytes: listing.archives[0]!.storedBytes, cpioBytes: listing.archives[0]!.storedBytes, entries: mainNames.length }]);
    const ko = listing.files.get(`${MODULES}/kernel/drivers/scsi/hv_storvsc.ko`)!;
    expect(ko.length).toBe(77441);
    // An ELF relocatable object: what the module is.
    expect([...ko.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    // The same bytes through each decoder.
    for (const method of methods) {
      const viaDecoder = (await readInitramfs(guestWithInitramfs(initramfsFixture(`initrd-${method}.img`)), '/boot/initrd.img', { keep: (name) => name.endsWith('hv_storvsc.ko') }))!;
      expect({ method, sha256: sha256(viaDecoder.files.get(`${MODULES}/kernel/drivers/scsi/hv_storvsc.ko`)!) }).toEqual({ method, sha256: sha256(ko) });
    }
  });

  it('gives undefined for a missing file or one that is not a regular file', async () => {
    const guest = memoryGuest({ '/boot/grub/grub.cfg': '' });
    expect(await readInitramfs(guest, '/boot/initrd.img')).toBeUndefined();
    expect(await readInitramfs(guest, '/boot/grub')).toBeUndefined();
  });
});

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
