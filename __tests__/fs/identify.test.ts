import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MemorySource, type ByteSource } from '../../src/io/byte-source.js';
import { identifyVolume, type VolumeIdentity } from '../../src/fs/identify.js';
import { ext4FixtureDir, gzImage } from './helpers/images.js';
import { corpusDir } from '../helpers/corpus.js';

/** TYPE/UUID/LABEL from a blkid expected-output file (ID_FS_* lines). */
function blkidExpected(file: string): VolumeIdentity {
  const fields = Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.split('=', 2) as [string, string])
      .filter(([k]) => k !== undefined),
  );
  const id: VolumeIdentity = { type: fields.ID_FS_TYPE! };
  if (fields.ID_FS_UUID) id.uuid = fields.ID_FS_UUID;
  if (fields.ID_FS_LABEL) id.label = fields.ID_FS_LABEL;
  return id;
}

const blkidDir = path.join(corpusDir, 'blkid-misc');
const xfsDir = path.join(corpusDir, 'xfs');

/** util-linux images whose expected output names a filesystem-level TYPE. */
const withExpected: [string, string][] = [
  ...['ext2', 'ext3', 'ext4', 'swap1', 'lvm2'].map((n) => [path.join(blkidDir, `${n}.img.gz`), path.join(blkidDir, `${n}.blkid-expected.txt`)] as [string, string]),
  ...['xfs', 'xfs-v5'].map((n) => [path.join(xfsDir, `${n}.img.gz`), path.join(xfsDir, `${n}.blkid-expected.txt`)] as [string, string]),
];

describe('identifyVolume', () => {
  it.each(withExpected)('%s matches its blkid expected output', async (image, expected) => {
    expect(await identifyVolume(gzImage(image))).toEqual(blkidExpected(expected));
  });

  it.each([
    // No expected file upstream; values from `blkid -p -o export` (util-linux 2.38) on the same image.
    ['blkid-misc/swap-luks.img.gz', { type: 'crypto_LUKS', uuid: '50ffda46-521f-4463-a4a8-3c85bd250a25' }],
    ['blkid-misc/pt-dos+bsd.img.gz', { type: 'ext3', uuid: '47c6f88b-696d-434e-9682-370bb78c67a1' }],
    ['xfs/e2fsprogs-f_detect_xfs.img.gz', { type: 'xfs', uuid: '18570619-04e6-440a-b7e9-7836a5c9f7b9', label: 'test_filsys' }],
  ])('%s is %j as blkid -p says', async (image, expected) => {
    expect(await identifyVolume(gzImage(path.join(corpusDir, image)))).toEqual(expected);
  });

  it.each([
    ['a GPT disk (partition table, no filesystem signature)', 'blkid-misc/pt-gpt.img.gz'],
    ['an XFS external log device (not a filesystem)', 'xfs/xfs-log.img.gz'],
    ['random-looking junk (e2fsprogs f_detect_junk)', 'ext/f_detect_junk.img.gz'],
  ])('%s is not identified', async (_what, image) => {
    expect(await identifyVolume(gzImage(path.join(corpusDir, image)))).toBeUndefined();
  });

  it.each([
    ['vfat16-head.img.gz', { type: 'vfat', uuid: '1234-ABCD', label: 'ESP16' }],
    ['vfat32-head.img.gz', { type: 'vfat', uuid: 'DEAD-BEEF', label: 'EFI' }],
    ['btrfs-head.img.gz', { type: 'btrfs', uuid: '5a1b2c3d-0000-4000-8000-00000000b7f5', label: 'guestroot' }],
  ])('mkfs %s is %j', async (file, expected) => {
    expect(await identifyVolume(gzImage(path.join(__dirname_, 'data/identify', file)))).toEqual(expected);
  });

  it.each(readdirSync(ext4FixtureDir).filter((f) => f.endsWith('.img.gz')))('fixture %s matches the blkid line of its manifest', async (file) => {
    const manifest = gunzipSync(readFileSync(path.join(ext4FixtureDir, file.replace('.img.gz', '.manifest.tsv.gz')))).toString('utf8');
    const header = Object.fromEntries([...manifest.matchAll(/^#(\w+)=(.*)$/gm)].map((m) => [m[1]!.toLowerCase(), m[2]!]));
    expect(await identifyVolume(gzImage(path.join(ext4FixtureDir, file)))).toEqual(header);
  });

  it.each([0, 100, 1024, 1080, 4095])('a %i-byte volume is undefined, without throwing', async (size) => {
    expect(await identifyVolume(new MemorySource(new Uint8Array(size)))).toBeUndefined();
  });

  it('a failing source is undefined, without throwing', async () => {
    const broken: ByteSource = { name: 'broken', size: 1 << 20, read: () => Promise.reject(new Error('EIO')) };
    expect(await identifyVolume(broken)).toBeUndefined();
  });
});

const __dirname_ = path.dirname(new URL(import.meta.url).pathname);
