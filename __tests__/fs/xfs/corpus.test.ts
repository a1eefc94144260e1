import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { GateError } from '../../../src/errors.js';
import { openFilesystem } from '../../../src/fs/registry.js';
import { xfsDriver } from '../../../src/fs/xfs/driver.js';
import type { XfsFilesystem } from '../../../src/fs/xfs/xfs-fs.js';
import { gzImage } from '../helpers/images.js';
import { corpusDir } from '../../helpers/corpus.js';
import { walkFilesystem } from '../helpers/walk.js';

/**
 * Every image of __tests__/corpus/xfs (util-linux's blkid test images, an external log
 * device, e2fsprogs' truncated "detect xfs" image) goes through open + a whole bounded walk:
 * each ends in a result or a GateError, never another exception, never a hang.
 */
const PER_IMAGE_MS = 5000;
const xfsDir = path.join(corpusDir, 'xfs');
const images = readdirSync(xfsDir)
  .filter((f) => f.endsWith('.img.gz'))
  .sort();

type Outcome = { kind: 'walked'; rows: string[]; fs: XfsFilesystem } | { kind: 'not-xfs' } | { kind: 'gate-error'; error: GateError };

async function walkImage(file: string): Promise<Outcome> {
  const source = gzImage(path.join(xfsDir, file));
  try {
    const fs = (await openFilesystem(source, [xfsDriver])) as XfsFilesystem | undefined;
    if (!fs) return { kind: 'not-xfs' };
    const rows = await walkFilesystem(fs, { maxFileBytes: 64 * 1024, maxEntries: 20_000, deadline: Date.now() + PER_IMAGE_MS });
    return { kind: 'walked', rows, fs };
  } catch (error) {
    if (error instanceof GateError) return { kind: 'gate-error', error };
    throw error;
  }
}

function blkidExpected(name: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path.join(xfsDir, `${name}.blkid-expected.txt`), 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => l.split('=', 2) as [string, string]),
  );
}

describe('XFS reader over the util-linux and e2fsprogs corpus', () => {
  it('finds the corpus', () => {
    expect(images).toEqual(['e2fsprogs-f_detect_xfs.img.gz', 'xfs-log.img.gz', 'xfs-v5.img.gz', 'xfs.img.gz']);
  });

  it.each(images)('%s: result or GateError within the time bound', async (file) => {
    const started = Date.now();
    const outcome = await walkImage(file);
    expect(Date.now() - started).toBeLessThan(PER_IMAGE_MS);
    // The external log device carries no XFS superblock (its magic is 0xFEEDBABE).
    expect(outcome.kind === 'not-xfs').toBe(file === 'xfs-log.img.gz');
    if (outcome.kind === 'gate-error') {
      expect(outcome.error.layer).toBe('filesystem');
      expect(['corrupt', 'unsupported', 'io']).toContain(outcome.error.kind);
    }
  });

  it.each([
    ['xfs', 'xfs.img.gz'],
    ['xfs-v5', 'xfs-v5.img.gz'],
  ])('%s: type, UUID and label equal blkid expected output, and the tree walks with sound CRCs', async (name, file) => {
    const expected = blkidExpected(name);
    const outcome = await walkImage(file);
    if (outcome.kind !== 'walked') throw new Error(`${file}: ${outcome.kind === 'gate-error' ? outcome.error.describe() : outcome.kind}`);
    expect({ type: outcome.fs.type, ...outcome.fs.identity }).toEqual({ type: expected.ID_FS_TYPE, uuid: expected.ID_FS_UUID, label: expected.ID_FS_LABEL });
    expect(outcome.fs.warnings).toEqual([]);
    // Both are freshly made, empty filesystems: `xfs_db -r -c 'ls /'` lists only "." and ".."
    // for xfs-v5 (it refuses xfs.img's v1 inodes, which this reader still reads).
    expect(outcome.rows).toEqual([]);
  });

  it("e2fsprogs' truncated image opens and its root lists empty, as xfs_db shows it", async () => {
    const outcome = await walkImage('e2fsprogs-f_detect_xfs.img.gz');
    expect(outcome.kind === 'walked' && outcome.rows).toEqual([]);
  });
});
