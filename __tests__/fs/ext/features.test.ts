import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { FilesystemError } from '../../../src/errors.js';
import { MemorySource } from '../../../src/io/byte-source.js';
import { ExtFilesystem } from '../../../src/fs/ext/ext-fs.js';
import { extType, parseSuperblock } from '../../../src/fs/ext/superblock.js';
import { ext4FixtureDir, gzBytes, gzImage } from '../helpers/images.js';
import { corpusDir } from '../../helpers/corpus.js';

/** The ext2 fixture's superblock with feature words OR-ed in, to see how blkid would name it. */
function ext2With(compat: number, incompat: number, roCompat: number) {
  const sb = gzBytes(path.join(ext4FixtureDir, 'ext2-1k.img.gz')).slice(1024, 2048);
  const or32 = (at: number, bits: number) => new DataView(sb.buffer).setUint32(at, new DataView(sb.buffer).getUint32(at, true) | bits, true);
  or32(0x5c, compat);
  or32(0x60, incompat);
  or32(0x64, roCompat);
  return parseSuperblock(sb);
}

describe('ext type from features, as blkid names it', () => {
  it.each([
    ['nothing added', 0, 0, 0, 'ext2'],
    ['has_journal', 0x4, 0, 0, 'ext3'],
    ['has_journal + needs_recovery', 0x4, 0x4, 0, 'ext3'],
    ['extent', 0, 0x40, 0, 'ext4'],
    ['has_journal + 64bit', 0x4, 0x80, 0, 'ext4'],
    ['flex_bg', 0, 0x200, 0, 'ext4'],
    ['huge_file (ro_compat)', 0, 0, 0x8, 'ext4'],
    ['metadata_csum (ro_compat)', 0, 0, 0x400, 'ext4'],
    ['journal_dev', 0, 0x8, 0, 'jbd'],
  ])('%s (compat %i, incompat %i, ro_compat %i) → %s', (_what, compat, incompat, roCompat, type) => {
    expect(extType(ext2With(compat, incompat, roCompat))).toBe(type);
  });
});

describe('ext features we refuse by name', () => {
  it('an encrypted directory is unsupported when listed (e2fsprogs f_encrypted_lpf)', async () => {
    const fs = await ExtFilesystem.open(gzImage(path.join(corpusDir, 'ext/f_encrypted_lpf.img.gz')));
    const lpf = await fs.lookup(await fs.root(), 'lost+found');
    expect(lpf?.type).toBe('dir');
    const error = await fs.readdir(lpf!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FilesystemError);
    expect(error).toMatchObject({ kind: 'unsupported', message: expect.stringContaining('encrypted') });
  });

  it('an external journal device is unsupported (e2fsprogs j_ext_dumpe2fs)', async () => {
    await expect(ExtFilesystem.open(gzImage(path.join(corpusDir, 'ext/j_ext_dumpe2fs.img.gz')))).rejects.toMatchObject({
      kind: 'unsupported',
      message: expect.stringContaining('journal_dev'),
    });
  });

  it('dirdata is unsupported, named', async () => {
    const bytes = gzBytes(path.join(ext4FixtureDir, 'ext4-1k.img.gz'));
    bytes[0x461] = bytes[0x461]! | 0x10; // incompat 0x1000
    await expect(ExtFilesystem.open(new MemorySource(bytes))).rejects.toMatchObject({ kind: 'unsupported', message: expect.stringContaining('dirdata') });
  });
});
