import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { MemorySource } from '../../../src/io/byte-source.js';

/** The repository root (tests run from anywhere). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
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

/**
 * The members of a gzipped ustar archive (the e2fsprogs corpus ships two image + external
 * journal pairs this way). Test-only: plain files, sizes from the octal header field.
 */
export function gzTarMembers(file: string): { name: string; bytes: Uint8Array }[] {
  const tar = new Uint8Array(gunzipSync(readFileSync(file)));
  const members: { name: string; bytes: Uint8Array }[] = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const text = (start: number, length: number) => Buffer.from(header.subarray(start, start + length)).toString('latin1').replace(/\0.*$/s, '');
    const size = parseInt(text(124, 12).trim(), 8);
    if (!Number.isSafeInteger(size) || at + 512 + size > tar.length) throw new Error(`${file}: bad tar member size at ${at}`);
    if (header[156] === 0x30 || header[156] === 0) members.push({ name: text(0, 100), bytes: tar.subarray(at + 512, at + 512 + size) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return members;
}
