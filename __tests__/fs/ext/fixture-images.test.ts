import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ExtFilesystem } from '../../../src/fs/ext/ext-fs.js';
import { ext4FixtureDir, gzImage } from '../helpers/images.js';
import { walkFilesystem } from '../helpers/walk.js';

/** Images from scripts/fixtures/ext4.sh, each with a manifest the kernel's ext4 driver produced. */
const images = readdirSync(ext4FixtureDir)
  .filter((f) => f.endsWith('.img.gz'))
  .map((f) => f.replace(/\.img\.gz$/, ''))
  .sort();

function readManifest(name: string): { header: Record<string, string>; rows: string[] } {
  const lines = gunzipSync(readFileSync(path.join(ext4FixtureDir, `${name}.manifest.tsv.gz`))).toString('utf8').split('\n').filter(Boolean);
  const header: Record<string, string> = {};
  for (const line of lines.filter((l) => l.startsWith('#'))) {
    const [key, value] = line.slice(1).split('=', 2) as [string, string];
    header[key] = value;
  }
  return { header, rows: lines.filter((l) => !l.startsWith('#')).sort() };
}

describe('ext reader over mke2fs -d images, compared with the kernel-mounted manifest', () => {
  it('has the eight images the script makes', () => {
    expect(images).toEqual(['ext2-1k', 'ext3-4k', 'ext4-1k', 'ext4-1k-blockmap', 'ext4-1k-metabg', 'ext4-4k-debian12', 'ext4-64k', 'ext4-inline']);
  });

  it.each(images)('%s: type, UUID and label match blkid', async (name) => {
    const { header } = readManifest(name);
    const fs = await ExtFilesystem.open(gzImage(path.join(ext4FixtureDir, `${name}.img.gz`)));
    expect({ type: fs.type, uuid: fs.identity.uuid, label: fs.identity.label }).toEqual({ type: header.TYPE, uuid: header.UUID, label: header.LABEL });
  });

  it.each(images)('%s: every path, type, size, SHA-256 and symlink target matches', async (name) => {
    const { rows } = readManifest(name);
    const fs = await ExtFilesystem.open(gzImage(path.join(ext4FixtureDir, `${name}.img.gz`)));
    const walked = await walkFilesystem(fs, { maxFileBytes: 64 * 1024 * 1024, maxEntries: 100_000, skipLostFound: true });
    expect(walked).toEqual(rows);
  });
});
