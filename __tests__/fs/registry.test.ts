import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { FilesystemError } from '../../src/errors.js';
import { MemorySource } from '../../src/io/byte-source.js';
import { fsDrivers, openFilesystem } from '../../src/fs/registry.js';
import { ext4FixtureDir, gzImage } from './helpers/images.js';
import { corpusDir } from '../helpers/corpus.js';

describe('openFilesystem', () => {
  it('lists the ext driver', () => {
    expect(fsDrivers.map((d) => d.type)).toContain('ext4');
  });

  it('opens an ext4 volume and reads its root', async () => {
    const fs = await openFilesystem(gzImage(path.join(ext4FixtureDir, 'ext4-1k.img.gz')));
    expect(fs?.type).toBe('ext4');
    expect((await fs!.readdir(await fs!.root())).map((e) => e.name).sort()).toEqual(['etc', 'home', 'lost+found', 'usr', 'var']);
  });

  it.each([
    ['a LUKS volume', path.join(corpusDir, 'blkid-misc/swap-luks.img.gz')],
    ['an LVM2 physical volume', path.join(corpusDir, 'blkid-misc/lvm2.img.gz')],
    ['a swap area', path.join(corpusDir, 'blkid-misc/swap1.img.gz')],
  ])('returns undefined for %s', async (_what, file) => {
    expect(await openFilesystem(gzImage(file))).toBeUndefined();
  });

  it('returns undefined for an empty volume', async () => {
    expect(await openFilesystem(new MemorySource(new Uint8Array(0)))).toBeUndefined();
  });

  it('throws the driver error for a recognised but broken ext superblock (e2fsprogs f_crashdisk)', async () => {
    const error = await openFilesystem(gzImage(path.join(corpusDir, 'ext/f_crashdisk.img.gz'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FilesystemError);
    expect(error).toMatchObject({ kind: 'corrupt', offset: 0x418 });
  });
});
