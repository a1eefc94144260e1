import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspectImage } from '../../../src/inspect.js';
import { gzBytes, repoRoot } from '../helpers/images.js';

/**
 * End to end over a raw disk image that is one whole-disk XFS filesystem (the fixture
 * xfs-v5): the pipeline identifies it, the registry opens it with the XFS reader, the guest
 * layer finds the root by content and the facts come from its files.
 */
describe('inspectImage over an XFS root', () => {
  it('reports the XFS filesystem as the mounted root and reads the guest from it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xfs-root-'));
    try {
      const image = path.join(dir, 'xfs-v5.raw');
      writeFileSync(image, gzBytes(path.join(repoRoot, '__tests__/fixtures/xfs/xfs-v5.img.gz')));
      const result = await inspectImage({ image });
      expect(result.image.filesystems).toEqual([
        { volume: 'disk', type: 'xfs', uuid: 'fdde1506-c51b-44d6-8848-51c2a6f26d53', label: 'xfs-v5', size: 64 * 1024 * 1024, mountPoint: '/' },
      ]);
      expect(result.image.mounts).toEqual([{ mountPoint: '/', volume: 'disk', fsType: 'xfs' }]);
      expect(result.facts?.osRelease).toMatchObject({ source: '/etc/os-release', id: 'debian', versionId: '12' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a bad CRC as a problem of the volume and still reads the guest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xfs-root-'));
    try {
      const image = path.join(dir, 'xfs-v5-badcrc.raw');
      const bytes = gzBytes(path.join(repoRoot, '__tests__/fixtures/xfs/xfs-v5.img.gz'));
      bytes[0x100] = bytes[0x100]! ^ 0xff; // sb_meta_uuid: covered by sb_crc, not read
      writeFileSync(image, bytes);
      const result = await inspectImage({ image });
      expect(result.image.problems).toContain("disk (xfs): xfs superblock: sb_crc at 0xe0 does not match the superblock sector");
      expect(result.facts?.osRelease).toMatchObject({ id: 'debian' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
