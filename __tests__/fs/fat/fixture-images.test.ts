import { describe, expect, it } from '@jest/globals';
import { walkFilesystem } from '../helpers/walk.js';
import { fatImages, openFatFixture, readFatManifest } from './fat-images.js';

describe('FAT reader over mkfs.vfat + mtools images, compared with what mtools and blkid read', () => {
  it('has the images the script makes', () => {
    expect(fatImages).toEqual([
      'esp-arm64-fat12',
      'esp-lowercase-fat12',
      'esp-nofallback-fat16',
      'esp-x64-fat32',
      'fat12',
      'fat16',
      'fat16-4k-sectors',
      'fat32',
      'label-boot-only-fat12',
      'label-root-differs-fat12',
    ]);
  });

  it.each(fatImages)('%s: type, FAT type, UUID and label match blkid', async (name) => {
    const { header } = readFatManifest(name);
    const fs = await openFatFixture(name);
    expect({ type: fs.type, version: `FAT${fs.fatType}`, uuid: fs.identity.uuid, label: fs.identity.label }).toEqual({
      type: header.TYPE,
      version: header.VERSION,
      uuid: header.UUID,
      label: header.LABEL,
    });
  });

  it.each(fatImages)('%s: every path, type, size and SHA-256 matches', async (name) => {
    const { rows } = readFatManifest(name);
    const fs = await openFatFixture(name);
    const walked = await walkFilesystem(fs, { maxFileBytes: 64 * 1024 * 1024, maxEntries: 100_000 });
    expect(walked).toEqual(rows);
  });
});
