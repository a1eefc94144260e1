import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { ByteSource } from '../../src/io/byte-source.js';
import { FileSource } from '../../src/io/file-source.js';

/**
 * Access to the images made by scripts/fixtures/layouts.sh: each NAME.gz is decompressed into a
 * temp folder on first use, and NAME.json (what qemu-img, sfdisk and sgdisk said) is parsed.
 */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const layoutsDir = path.join(repoRoot, '__tests__/fixtures/layouts');

let tempDir: string | undefined;
const opened: FileSource[] = [];

/** Path of a decompressed copy of `<name>.gz` (from `dir`, the layouts fixtures by default). */
export function fixturePath(name: string, dir = layoutsDir): string {
  tempDir ??= mkdtempSync(path.join(tmpdir(), 'vhd-gate-layouts-'));
  const target = path.join(tempDir, name);
  if (!existsSync(target)) writeFileSync(target, gunzipSync(readFileSync(path.join(dir, `${name}.gz`))));
  return target;
}

/** Opens a decompressed fixture read-only; closed by `cleanupFixtures`. */
export async function openFixture(name: string, dir = layoutsDir): Promise<FileSource> {
  const source = await FileSource.open(fixturePath(name, dir));
  opened.push(source);
  return source;
}

/** The tools' record written beside an image (`<name>.json`). */
export function toolRecord(name: string): ToolRecord {
  return JSON.parse(readFileSync(path.join(layoutsDir, `${name}.json`), 'utf8')) as ToolRecord;
}

/** Closes every opened fixture and removes the temp folder (call from afterAll). */
export async function cleanupFixtures(): Promise<void> {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

/** SHA-256 of a whole source, read in deliberately odd-sized chunks so reads straddle block boundaries. */
export async function sha256Of(source: ByteSource, chunk = 3 * 1024 * 1024 + 4097): Promise<string> {
  const hash = createHash('sha256');
  for (let offset = 0; offset < source.size; offset += chunk) {
    hash.update(await source.read(offset, Math.min(chunk, source.size - offset)));
  }
  return hash.digest('hex');
}

/** What scripts/fixtures/layouts.sh recorded for one image. */
export interface ToolRecord {
  raw: string;
  rawSize: number;
  rawSha256: string;
  sfdisk: null | {
    partitiontable: {
      label: 'dos' | 'gpt';
      id: string;
      partitions: { node: string; start: number; size: number; type: string; uuid?: string; name?: string; bootable?: boolean }[];
    };
  };
  sgdiskPrint: string;
  sgdiskMbr: string;
  sgdiskVerify: string;
  containers: Record<string, { 'virtual-size': number; format: string; 'file-size': number; 'cluster-size'?: number }>;
}

/** A private, mutable copy of a fixture's bytes, for corrupt-input tests. */
export function fixtureBytes(name: string, dir = layoutsDir): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(name, dir)));
}
