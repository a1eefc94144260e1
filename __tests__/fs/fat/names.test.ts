import { describe, expect, it } from '@jest/globals';
import type { FatNode } from '../../../src/fs/fat/fat-fs.js';
import { FatFilesystem } from '../../../src/fs/fat/fat-fs.js';
import { probeFat } from '../../../src/fs/fat/driver.js';
import { shortNameChecksum, shortNameString } from '../../../src/fs/fat/short-name.js';
import { MemorySource } from '../../../src/io/byte-source.js';
import { ext4FixtureDir, gzImage } from '../helpers/images.js';
import { fatFixtureBytes, fatImages, openFatFixture } from './fat-images.js';
import path from 'node:path';

/** Looks a path up component by component; undefined when any component is absent. */
async function resolve(fs: FatFilesystem, p: string): Promise<FatNode | undefined> {
  let node = await fs.root();
  for (const name of p.split('/').filter(Boolean)) {
    const next = await fs.lookup(node, name);
    if (!next) return undefined;
    node = next;
  }
  return node as FatNode;
}

describe('FAT names: case-insensitive lookup, long names, 8.3 aliases', () => {
  it.each([
    ['EFI/BOOT/BOOTX64.EFI', 'file'],
    ['efi/boot/bootx64.efi', 'file'],
    ['Efi/Boot/BootX64.Efi', 'file'],
    ['MIXED/a LONG name WITH spaces.TXT', 'file'],
    ['mixed/CAFÉ-LONG-NAME.TXT', 'file'],
    ['Mixed/名前のファイル.TXT', 'file'],
    ['lower.txt', 'file'],
    ['LOWER.TXT', 'file'],
    ['mixed/deeper/STILL', 'dir'],
    ['Mixed/ALONGN~1.TXT', 'file'],
  ])('fat16: %s resolves to a %s', async (p, type) => {
    const fs = await openFatFixture('fat16');
    expect((await resolve(fs, p))?.type).toBe(type);
  });

  it('lookup inside a file is a corrupt-structure error, as for ext', async () => {
    const fs = await openFatFixture('fat16');
    await expect(fs.lookup((await resolve(fs, 'EFI/BOOT/BOOTX64.EFI'))!, 'x')).rejects.toMatchObject({ kind: 'corrupt' });
  });

  it.each(['EFI/BOOT/BOOTX64.EF', 'Mixed/A long name', 'nothing'])('fat16: %s is absent', async (p) => {
    const fs = await openFatFixture('fat16');
    expect(await resolve(fs, p)).toBeUndefined();
  });

  it('readdir shows long names as stored and 8.3-only names with their DIR_NTRes case', async () => {
    const fs = await openFatFixture('fat12');
    const names = (await fs.readdir(await fs.root())).map((e) => `${e.name}:${e.type}`);
    expect(names).toEqual(expect.arrayContaining(['lower.txt:file', 'UPPER.TXT:file', 'MiXed.Txt:file', 'Mixed:dir', 'EFI:dir', 'Fragmented File.bin:file']));
    expect(names.some((n) => n.startsWith('.'))).toBe(false);
  });

  it('a long-name entry with a wrong checksum falls back to the 8.3 name, which still resolves', async () => {
    const bytes = fatFixtureBytes('fat12');
    const clean = await FatFilesystem.open(new MemorySource(bytes.slice(), 'clean'));
    const entry = (await resolve(clean, 'MiXed.Txt'))!;
    bytes[entry.entryOffset - 32 + 0x0d]! ^= 0xff; // LDIR_Chksum of the LFN entry just before the short entry
    const fs = await FatFilesystem.open(new MemorySource(bytes, 'damaged'));
    const names = (await fs.readdir(await fs.root())).map((e) => e.name);
    expect(names).toContain('MIXED.TXT');
    expect(names).not.toContain('MiXed.Txt');
    expect((await resolve(fs, 'mixed.txt'))?.entryOffset).toBe(entry.entryOffset);
  });

  it('a long name missing its middle entry falls back to the 8.3 name', async () => {
    const bytes = fatFixtureBytes('fat12');
    const clean = await FatFilesystem.open(new MemorySource(bytes.slice(), 'clean'));
    const entry = (await resolve(clean, 'Mixed/A long name with spaces.txt'))!;
    // 27 characters: three LFN entries (ord 0x43, 0x02, 0x01) precede the short entry; mark ord 2 deleted.
    expect(bytes[entry.entryOffset - 64]).toBe(0x02);
    bytes[entry.entryOffset - 64] = 0xe5;
    const fs = await FatFilesystem.open(new MemorySource(bytes, 'damaged'));
    const names = (await fs.readdir((await resolve(fs, 'Mixed'))!)).map((e) => e.name);
    expect(names).toContain('ALONGN~1.TXT');
    expect(names).not.toContain('A long name with spaces.txt');
  });

  it('decodes 8.3 names: 0x05 lead byte, code page 437, NT lower-case flags', () => {
    const name = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
    expect(shortNameString(name('BOOTX64 EFI'), 0)).toBe('BOOTX64.EFI');
    expect(shortNameString(name('BOOTX64 EFI'), 0x08)).toBe('bootx64.EFI');
    expect(shortNameString(name('BOOTX64 EFI'), 0x18)).toBe('bootx64.efi');
    expect(shortNameString(name('README     '), 0x18)).toBe('readme');
    expect(shortNameString(name('\x05BC     TXT'), 0)).toBe('σBC.TXT'); // 0xE5 in code page 437
    expect(shortNameString(name('CAF\x90    EFI'), 0x18)).toBe('café.efi'); // 0x90 is É
    // The spec's ChkSum routine (rotate right, add), worked by hand for "A          ".
    expect(shortNameChecksum(name('A          '))).toBe(0x80);
  });
});

describe('probeFat', () => {
  it.each(fatImages)('recognises %s', async (name) => {
    expect(await probeFat(new MemorySource(fatFixtureBytes(name), name))).toBe(true);
  });

  it.each([
    ['an ext4 image', () => gzImage(path.join(ext4FixtureDir, 'ext4-1k.img.gz'))],
    ['zeros', () => new MemorySource(new Uint8Array(4096))],
    ['a FAT boot sector with BPB_BytsPerSec 0', () => {
      const b = fatFixtureBytes('fat12');
      b[0x0b] = 0;
      b[0x0c] = 0;
      return new MemorySource(b);
    }],
    ['an exFAT-like sector (zero BPB)', () => {
      const b = new Uint8Array(512);
      b.set([0xeb, 0x76, 0x90, ...Buffer.from('EXFAT   ')]);
      b[510] = 0x55;
      b[511] = 0xaa;
      return new MemorySource(b);
    }],
    ['a 100-byte volume', () => new MemorySource(new Uint8Array(100))],
  ])('rejects %s', async (_name, source) => {
    expect(await probeFat(source())).toBe(false);
  });
});
