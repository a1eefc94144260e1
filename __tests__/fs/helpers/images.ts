import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { MemorySource } from '../../../src/io/byte-source.js';

/** The repository root (tests run from anywhere). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Third-party corpus beside the clone (see ../shared/corpus/README.md). */
export const corpusDir = path.resolve(repoRoot, '../shared/corpus');
/** Fixture images made by scripts/fixtures/ext4.sh. */
export const ext4FixtureDir = path.join(repoRoot, '__tests__/fixtures/ext4');

/** A gzipped image decompressed into memory, named after its file. */
export function gzImage(file: string): MemorySource {
  return new MemorySource(new Uint8Array(gunzipSync(readFileSync(file))), path.basename(file));
}

/** The decompressed bytes of a gzipped image, for tests that flip fields. */
export function gzBytes(file: string): Uint8Array {
  return new Uint8Array(gunzipSync(readFileSync(file)));
}
