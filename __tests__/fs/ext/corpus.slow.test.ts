import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { GateError } from '../../../src/errors.js';
import { MemorySource, type ByteSource } from '../../../src/io/byte-source.js';
import { extDriver } from '../../../src/fs/ext/driver.js';
import type { Filesystem } from '../../../src/fs/types.js';
import { gzImage, gzTarMembers } from '../helpers/images.js';
import { corpusDir } from '../../helpers/corpus.js';
import { walkFilesystem } from '../helpers/walk.js';

/**
 * Every ext image of __tests__/corpus (e2fsprogs' test images, mostly deliberately corrupt,
 * and util-linux's blkid images) goes through open + a whole bounded walk. Each must end in a
 * result or a GateError: never another exception, never a hang.
 */
const PER_IMAGE_MS = 5000;
const extDir = path.join(corpusDir, 'ext');
const blkidDir = path.join(corpusDir, 'blkid-misc');

interface CorpusImage {
  name: string;
  source: () => ByteSource;
}

const images: CorpusImage[] = [
  ...readdirSync(extDir)
    .filter((f) => f.endsWith('.img.gz'))
    .map((f) => ({ name: `ext/${f}`, source: () => gzImage(path.join(extDir, f)) })),
  // The two .tar.gz hold a filesystem image and its external journal device: both are walked.
  ...readdirSync(extDir)
    .filter((f) => f.endsWith('.tar.gz'))
    .flatMap((f) =>
      gzTarMembers(path.join(extDir, f)).map((m) => ({ name: `ext/${f}:${m.name}`, source: () => new MemorySource(m.bytes, m.name) })),
    ),
  ...['ext2', 'ext3', 'ext4'].map((t) => ({ name: `blkid-misc/${t}.img.gz`, source: () => gzImage(path.join(blkidDir, `${t}.img.gz`)) })),
].sort((a, b) => a.name.localeCompare(b.name));

/** index.tsv's fs_kind column: "no-ext-magic" marks the images without an ext superblock. */
const noMagic = new Set(
  readFileSync(path.join(extDir, 'index.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l.split('\t')[4]?.startsWith('no-ext-magic'))
    .map((l) => `ext/${l.split('\t')[0]}`),
);

type Outcome = { kind: 'walked'; entries: number } | { kind: 'not-ext' } | { kind: 'gate-error'; error: GateError };

/** The ext driver alone (not the registry, where XFS and FAT now claim their own images). */
async function openExt(source: ByteSource): Promise<Filesystem | undefined> {
  return (await extDriver.probe(source)) ? extDriver.open(source) : undefined;
}

async function walkImage(source: ByteSource): Promise<Outcome> {
  const fs = await openExt(source).catch((e: unknown) => e);
  if (fs === undefined) return { kind: 'not-ext' };
  if (fs instanceof GateError) return { kind: 'gate-error', error: fs };
  if (fs instanceof Error) throw fs;
  try {
    const rows = await walkFilesystem(fs as Filesystem, {
      maxFileBytes: 64 * 1024,
      maxEntries: 20_000,
      deadline: Date.now() + PER_IMAGE_MS,
    });
    return { kind: 'walked', entries: rows.length };
  } catch (error) {
    if (error instanceof GateError) return { kind: 'gate-error', error };
    throw error;
  }
}

describe('ext reader identity on util-linux blkid images', () => {
  it.each(['ext2', 'ext3', 'ext4'])('%s: type, UUID and label equal blkid expected output', async (name) => {
    const expected = Object.fromEntries(
      readFileSync(path.join(blkidDir, `${name}.blkid-expected.txt`), 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => l.split('=', 2) as [string, string]),
    );
    const fs = await openExt(gzImage(path.join(blkidDir, `${name}.img.gz`)));
    expect({ type: fs?.type, ...fs?.identity }).toEqual({ type: expected.ID_FS_TYPE, uuid: expected.ID_FS_UUID, label: expected.ID_FS_LABEL });
  });
});

describe('ext reader over the e2fsprogs and util-linux corpus', () => {
  const outcomes = new Map<string, Outcome>();

  it('finds the corpus', () => {
    expect(images.length).toBeGreaterThan(230);
  });

  it.each(images.map((i) => [i.name, i] as const))('%s: result or GateError within the time bound', async (_name, image) => {
    const source = image.source(); // decompression is not the reader's time
    const started = Date.now();
    const outcome = await walkImage(source);
    outcomes.set(image.name, outcome);
    expect(Date.now() - started).toBeLessThan(PER_IMAGE_MS);
    // Exactly the images the index lists without an ext magic are left to other drivers.
    expect(outcome.kind === 'not-ext').toBe(noMagic.has(image.name));
    if (outcome.kind === 'gate-error') {
      expect(outcome.error.layer).toBe('filesystem');
      expect(['corrupt', 'unsupported', 'io', 'limit']).toContain(outcome.error.kind);
    }
  });

  it('summary: most images open and walk cleanly', () => {
    const counts = { walked: 0, 'not-ext': 0, 'gate-error': 0 };
    const byKind: Record<string, number> = {};
    for (const o of outcomes.values()) {
      counts[o.kind]++;
      if (o.kind === 'gate-error') byKind[o.error.kind] = (byKind[o.error.kind] ?? 0) + 1;
    }
    console.log(`ext corpus: ${outcomes.size} images, ${counts.walked} walked cleanly, ${counts['gate-error']} typed errors ${JSON.stringify(byKind)}, ${counts['not-ext']} not ext`);
    expect(outcomes.size).toBe(images.length);
    expect(counts.walked).toBeGreaterThan(outcomes.size / 2);
  });
});
