import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FatFilesystem } from '../../../src/fs/fat/fat-fs.js';
import { gzBytes, gzImage, repoRoot } from '../helpers/images.js';

/** Images made by scripts/fixtures/fat.sh (mkfs.vfat + mtools), each with an mtools/blkid manifest. */
export const fatFixtureDir = path.join(repoRoot, '__tests__/fixtures/fat');

/** Names of the fixture images, without .img.gz. */
export const fatImages = readdirSync(fatFixtureDir)
  .filter((f) => f.endsWith('.img.gz'))
  .map((f) => f.replace(/\.img\.gz$/, ''))
  .sort();

/** A fixture's manifest: blkid header (TYPE, UUID, LABEL, VERSION) and sorted path rows. */
export function readFatManifest(name: string): { header: Record<string, string>; rows: string[] } {
  const lines = gunzipSync(readFileSync(path.join(fatFixtureDir, `${name}.manifest.tsv.gz`))).toString('utf8').split('\n').filter(Boolean);
  const header: Record<string, string> = {};
  for (const line of lines.filter((l) => l.startsWith('#'))) {
    const [key, value] = line.slice(1).split('=', 2) as [string, string];
    header[key] = value;
  }
  return { header, rows: lines.filter((l) => !l.startsWith('#')).sort() };
}

/** Opens a fixture image with the FAT reader. */
export function openFatFixture(name: string): Promise<FatFilesystem> {
  return FatFilesystem.open(gzImage(path.join(fatFixtureDir, `${name}.img.gz`)));
}

/** A private copy of a fixture's bytes, for tests that damage fields. */
export function fatFixtureBytes(name: string): Uint8Array {
  return gzBytes(path.join(fatFixtureDir, `${name}.img.gz`));
}
