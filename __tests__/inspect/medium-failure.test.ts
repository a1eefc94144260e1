import { describe, expect, it } from '@jest/globals';
import { IoError } from '../../src/errors.js';
import { inspectSource, judge } from '../../src/inspect.js';
import { CachedSource, DEFAULT_BLOCK_CACHE } from '../../src/io/block-cache.js';
import type { ByteSource } from '../../src/io/byte-source.js';
import { FileSource } from '../../src/io/file-source.js';
import type { ImageSource } from '../../src/io/open-source.js';
import { fixtureEntry, fixtureImage, fixtureIntent } from '../helpers/fixtures.js';

/**
 * A pass means judged: when the medium fails (EIO, a short read, a blob 5xx after every retry)
 * at any point of the inspection, the run ends with that IoError, never with a subject turned
 * "unavailable", its rules "not run" and the verdict "pass". Shown on real fixture images by
 * failing, in turn, every read that reaches the medium below the block cache: the reads of the
 * container, the partition table, the filesystems' superblocks, and the guest's directories and
 * file data.
 */

/** A medium that records what it is asked for, and fails every read that touches a chosen byte. */
class FailingMedium implements ByteSource {
  readonly reads: { offset: number; length: number }[] = [];
  constructor(
    private readonly inner: FileSource,
    private readonly badByte?: number,
  ) {}
  get name(): string {
    return this.inner.name;
  }
  get size(): number {
    return this.inner.size;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    this.reads.push({ offset, length });
    if (this.badByte !== undefined && offset <= this.badByte && this.badByte < offset + length) {
      throw new IoError('io', `${this.name}: EIO reading ${length} bytes at 0x${offset.toString(16)}`, { offset });
    }
    return this.inner.read(offset, length);
  }
}

/** The image the way openImageSource opens a local file, with the failing medium under the cache. */
async function opened(image: string, badByte?: number): Promise<{ file: ImageSource; medium: FailingMedium }> {
  const inner = await FileSource.open(image);
  const medium = new FailingMedium(inner, badByte);
  const cached = new CachedSource(medium, DEFAULT_BLOCK_CACHE);
  const file: ImageSource = { source: cached, name: image, stats: () => ({ ...inner.stats.snapshot(), cacheHits: cached.hits }), close: () => inner.close() };
  return { file, medium };
}

const name = 'generalized-with-traces.vhd';
const expectation = fixtureEntry(name).expectations[0]!;
const settings = { intent: fixtureIntent(expectation), failOn: 'error' as const };

describe('a failing medium ends the run', () => {
  it.each(['generalized-with-traces.vhd', 'generalized-good-split-boot.vhd', 'generalized-good.vhd'])(
    '%s: whichever read fails, inspection throws the IoError',
    async (image) => {
      const path = await fixtureImage(image);
      const clean = await opened(path);
      const result = await inspectSource(clean.file).finally(() => clean.file.close());
      // The clean run reads the guest: the failures below land in a real guest's metadata and files.
      expect(result.facts?.unavailable).toEqual([]);
      expect(result.io.layers!.find((l) => l.layer === 'facts')!.reads).toBeGreaterThan(0);
      for (const read of clean.medium.reads) {
        const faulty = await opened(path, read.offset);
        const outcome = await inspectSource(faulty.file).then(
          (r) => ({ verdict: judge(r, settings).verdict }),
          (e: unknown) => e,
        ).finally(() => faulty.file.close());
        expect(outcome).toBeInstanceOf(IoError);
        expect(outcome).toMatchObject({ kind: 'io', offset: read.offset });
      }
    },
    120_000,
  );
});
