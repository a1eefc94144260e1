import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { GateError } from '../../../src/errors.js';
import { probeFat } from '../../../src/fs/fat/driver.js';
import { FatFilesystem } from '../../../src/fs/fat/fat-fs.js';
import { gzImage } from '../helpers/images.js';
import { corpusDir } from '../../helpers/corpus.js';
import { walkFilesystem } from '../helpers/walk.js';

/**
 * __tests__/corpus holds ext, XFS, LVM2, LUKS, swap, partition-table and junk images. `blkid -p`
 * identifies exactly one as vfat: e2fsprogs' f_crashdisk, whose first sector is an IBM DOS 3.3
 * FAT12 floppy boot sector (TYPE="vfat" VERSION="FAT12", no UUID) cut to 2048 bytes. The FAT
 * probe must claim exactly the images blkid calls vfat, and each claimed one must open or
 * fail with a GateError.
 */
const BLKID_VFAT = new Set(['ext/f_crashdisk.img.gz']);
const images = ['ext', 'xfs', 'blkid-misc'].flatMap((dir) =>
  readdirSync(path.join(corpusDir, dir))
    .filter((f) => f.endsWith('.img.gz'))
    .map((f) => `${dir}/${f}`),
);

describe('FAT probe over the corpus (no vfat images there)', () => {
  it('has the corpus images', () => {
    expect(images.length).toBeGreaterThan(200);
  });

  it.each(images)('%s is not claimed as FAT, and would open or fail typed', async (name) => {
    const source = gzImage(path.join(corpusDir, name));
    const claimed = await probeFat(source);
    if (claimed) {
      const result = await FatFilesystem.open(source)
        .then((fs) => walkFilesystem(fs, { maxFileBytes: 1 << 20, maxEntries: 10_000, deadline: Date.now() + 5000 }))
        .catch((e: unknown) => e);
      if (result instanceof Error) expect(result).toBeInstanceOf(GateError);
    }
    expect(claimed).toBe(BLKID_VFAT.has(name));
  });

  it('f_crashdisk (a truncated DOS 3.3 floppy) fails typed: BPB_TotSec16 says 2880 sectors (a 1.44 MB floppy), the image has 4', async () => {
    const error = await FatFilesystem.open(gzImage(path.join(corpusDir, 'ext/f_crashdisk.img.gz'))).catch((e: unknown) => e);
    expect(error).toMatchObject({ layer: 'filesystem', kind: 'corrupt', offset: 0x13 });
    expect((error as Error).message).toMatch(/the BPB says 2880 sectors \(1474560 bytes\) but the volume has 2048 bytes/);
  });
});
