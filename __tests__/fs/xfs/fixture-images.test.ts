import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openFilesystem } from '../../../src/fs/registry.js';
import { INCOMPAT } from '../../../src/fs/xfs/superblock.js';
import { XfsFilesystem, type XfsNode } from '../../../src/fs/xfs/xfs-fs.js';
import { gzImage, repoRoot } from '../helpers/images.js';
import { walkFilesystem } from '../helpers/walk.js';

/** Images from scripts/fixtures/xfs.sh, each with a manifest of the tree as the kernel (v5) or the mkfs source tree (v4) holds it. */
const fixtureDir = path.join(repoRoot, '__tests__/fixtures/xfs');
const images = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.img.gz'))
  .map((f) => f.replace(/\.img\.gz$/, ''))
  .sort();

function readManifest(name: string): { header: Record<string, string>; rows: string[] } {
  const lines = gunzipSync(readFileSync(path.join(fixtureDir, `${name}.manifest.tsv.gz`))).toString('utf8').split('\n').filter(Boolean);
  const header: Record<string, string> = {};
  for (const line of lines.filter((l) => l.startsWith('#'))) {
    const [key, value] = line.slice(1).split('=', 2) as [string, string];
    header[key] = value;
  }
  return { header, rows: lines.filter((l) => !l.startsWith('#')).sort() };
}

describe('XFS reader over mkfs.xfs images, compared with the independently made manifest', () => {
  it('has the images the script makes', () => {
    expect(images).toEqual(['xfs-v4', 'xfs-v5', 'xfs-v5-1k', 'xfs-v5-ci']);
  });

  it('the default driver registry opens them as xfs', async () => {
    const fs = await openFilesystem(gzImage(path.join(fixtureDir, 'xfs-v5.img.gz')));
    expect(fs).toBeInstanceOf(XfsFilesystem);
    expect((await fs!.readdir(await fs!.root())).map((e) => e.name).sort()).toEqual(['dirs', 'etc', 'home', 'usr', 'var']);
  });

  it.each(['xfs-v5', 'xfs-v5-1k'])('%s: covers B+tree data forks and unwritten extents (so the manifest comparison exercises them)', async (name) => {
    const fs = await XfsFilesystem.open(gzImage(path.join(fixtureDir, `${name}.img.gz`)));
    const at = async (p: string) => {
      let node = await fs.root();
      for (const part of p.split('/').filter(Boolean)) node = (await fs.lookup(node, part))!;
      return node as XfsNode;
    };
    for (const p of ['/var/fragmented', '/var/interleaved-a', '/var/interleaved-b']) {
      expect((await at(p)).inode.di_format).toBe(3);
      expect((await fs.dataExtents(await at(p))).length).toBeGreaterThan(100);
    }
    const prealloc = await fs.dataExtents(await at('/var/prealloc'));
    expect(prealloc.map((e) => e.unwritten)).toEqual([true, false, true]);
    expect((await at('/etc/remote-link')).inode.di_format).toBe(2);
    expect((await at('/etc/inline-link')).inode.di_format).toBe(1);
  });

  it('xfs-v5-1k has large extent counters (nrext64), so extent counts come from the 64-bit field', async () => {
    const fs = await XfsFilesystem.open(gzImage(path.join(fixtureDir, 'xfs-v5-1k.img.gz')));
    expect(fs.superblock.sb_features_incompat & INCOMPAT.NREXT64!).not.toBe(0);
    expect(fs.geometry.dirBlockSize).toBe(8 * fs.geometry.blockSize);
  });

  it.each(images)('%s: type, UUID and label match blkid', async (name) => {
    const { header } = readManifest(name);
    const fs = await XfsFilesystem.open(gzImage(path.join(fixtureDir, `${name}.img.gz`)));
    expect({ type: fs.type, uuid: fs.identity.uuid, label: fs.identity.label }).toEqual({ type: header.TYPE, uuid: header.UUID, label: header.LABEL });
  });

  it.each(images)('%s: every path, type, size, SHA-256 and symlink target matches, with no CRC warnings', async (name) => {
    const { rows } = readManifest(name);
    const fs = await XfsFilesystem.open(gzImage(path.join(fixtureDir, `${name}.img.gz`)));
    const walked = await walkFilesystem(fs, { maxFileBytes: 64 * 1024 * 1024, maxEntries: 100_000 });
    expect(walked).toEqual(rows);
    expect(fs.warnings).toEqual([]);
  });

  it('xfs-v5-ci: names compare ASCII case-insensitively, as the format says, and readdir keeps the stored case', async () => {
    const fs = await XfsFilesystem.open(gzImage(path.join(fixtureDir, 'xfs-v5-ci.img.gz')));
    expect(fs.geometry.asciiCi).toBe(true);
    const root = await fs.root();
    const etc = await fs.lookup(root, 'etc');
    expect(etc?.type).toBe('dir');
    const release = await fs.lookup(etc!, 'os-release');
    expect(new TextDecoder().decode(await fs.readFile(release!, 100))).toBe('NAME="Case Test"\n');
    expect(await fs.lookup(await (await fs.lookup(root, 'MIXED'))!, 'entry-07')).toBeDefined();
    expect((await fs.readdir(root)).map((e) => e.name).sort()).toEqual(['Etc', 'Mixed']);
  });

  it('a case-sensitive filesystem does not match a name in another case', async () => {
    const fs = await XfsFilesystem.open(gzImage(path.join(fixtureDir, 'xfs-v5.img.gz')));
    expect(await fs.lookup(await fs.root(), 'ETC')).toBeUndefined();
    expect(await fs.lookup(await fs.root(), 'etc')).toBeDefined();
  });
});
