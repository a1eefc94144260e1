import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openContainer } from '../../src/disk/index.js';
import { GateError } from '../../src/errors.js';
import { MemorySource } from '../../src/io/byte-source.js';
import { readPartitionTable } from '../../src/volumes/index.js';
import { corpusDir } from '../helpers/corpus.js';

/**
 * Every image of the shared third-party corpus (e2fsprogs' corrupted ext images, util-linux's
 * blkid images, XFS images) through the container and volume layers: a result or a typed error,
 * never a crash. These are filesystems written to whole devices, so none should look like a
 * partitioned disk, except the two partition-table images.
 */
const images = ['ext', 'xfs', 'blkid-misc'].flatMap((dir) =>
  readdirSync(path.join(corpusDir, dir))
    .filter((f) => f.endsWith('.img.gz'))
    .map((f) => [`${dir}/${f}`] as const),
);

describe('container and partition-table layers over __tests__/corpus', () => {
  it('finds the corpus', () => {
    expect(images.length).toBeGreaterThan(200);
  });

  it.each(images)('%s: a result or a typed error', async (file) => {
    const bytes = new Uint8Array(gunzipSync(readFileSync(path.join(corpusDir, file))));
    let outcome: string;
    try {
      const { disk, info } = await openContainer(new MemorySource(bytes, file));
      expect(info.format).toBe('raw');
      outcome = (await readPartitionTable(disk)).scheme;
    } catch (error) {
      if (!(error instanceof GateError)) throw error;
      outcome = `error: ${error.kind}`;
    }
    const isPartitioned = /blkid-misc\/pt-/.test(file);
    expect(outcome).toBe(isPartitioned ? (file.includes('gpt') ? 'gpt' : 'mbr') : 'none');
  });
});
