import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Intent } from '../../src/intent/types.js';

/** The repository root (this file is __tests__/helpers/fixtures.ts). */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where scripts/make-fixtures.sh puts the end-to-end images (<name>.gz) and manifest.json. */
export const FIXTURE_IMAGES_DIR = path.join(repoRoot, '__tests__/fixtures/images');

/** Azure image-definition osState values, as the manifest spells them. */
export type FixtureOsState = 'Generalized' | 'Specialized';

/** One intent an image is checked under, and what the gate must say. */
export interface FixtureExpectation {
  /** Intended OS state. */
  osState: FixtureOsState;
  /** Intended Hyper-V generation. */
  hyperVGeneration: 'V1' | 'V2';
  /** The gate exits 0 with --fail-on error: no error-level finding. */
  pass: boolean;
  /** Every rule of checkedRules that must report a finding; the others must not (except `tolerates`). */
  trips: string[];
  /** Rules of checkedRules that may report a warning or info finding here, never an error. */
  tolerates: string[];
}

/** blkid -p of one partition, and where the partition is (sfdisk). */
export interface FixturePartitionFacts {
  /** Partition number (GPT entry index + 1, or MBR slot). */
  number: number;
  /** First sector (512 bytes) and length in sectors. */
  start: number;
  size: number;
  /** blkid -p -o export tags: UUID, TYPE, LABEL, VERSION, BLOCK_SIZE, USAGE... (absent when blkid found nothing). */
  blkid: Record<string, string>;
}

/** What independent tools saw in the image when it was built. */
export interface FixtureFacts {
  /** Length of the decompressed image file in bytes. */
  fileSize: number;
  /** SHA-256 of the decompressed image file. */
  sha256: string;
  /** qemu-img info --output=json: "format" (vpc or raw) and "virtual-size". */
  qemuImg: { format: 'vpc' | 'raw'; virtualSize: number };
  /** sfdisk --json "partitiontable" of the virtual disk (device name dropped). */
  sfdisk: {
    label: 'gpt' | 'dos';
    id: string;
    unit: string;
    firstlba?: number;
    lastlba?: number;
    sectorsize: number;
    partitions: { node: string; start: number; size: number; type: string; uuid?: string; name?: string; bootable?: boolean }[];
  } | null;
  /** Each partition, with blkid -p's view of its content. */
  partitions: FixturePartitionFacts[];
}

/** One end-to-end image: what it stands for and what the gate must find in it. */
export interface FixtureImage {
  /** Image file name, e.g. "generalized-good.vhd"; the committed file is <name>.gz. */
  name: string;
  /** The committed file name, <name>.gz. */
  file: string;
  /** The scenario in words. */
  description: string;
  /** os-release ID and VERSION_ID of the guest. */
  os: { id: string; versionId: string };
  /** Container the image is in. */
  container: 'vhd-fixed' | 'vhd-dynamic' | 'raw';
  /** Partition table scheme. */
  partitionScheme: 'gpt' | 'mbr';
  /** What can boot it: UEFI and BIOS ("hybrid"), BIOS only, or nothing. */
  bootMode: 'hybrid' | 'bios' | 'none';
  /** Intents under which the gate must pass (the expectations with pass: true). */
  passesFor: { osState: FixtureOsState; hyperVGeneration: 'V1' | 'V2' }[];
  /** Every intent the image is meant to be checked under. */
  expectations: FixtureExpectation[];
  /** Facts from qemu-img, sfdisk and blkid. */
  facts: FixtureFacts;
}

/** __tests__/fixtures/images/manifest.json. */
export interface FixtureManifest {
  /** How to read the manifest. */
  comment: string;
  /** Rule IDs whose outcome every expectation pins down. */
  checkedRules: string[];
  /** What the images deliberately leave out or only approximate. */
  knownGaps: string[];
  /** The images. */
  images: FixtureImage[];
}

/** Where scripts/fixtures/rhel.sh puts the RHEL-family end-to-end images and their manifest.json (same shape). */
export const RHEL_FIXTURE_IMAGES_DIR = path.join(repoRoot, '__tests__/fixtures/rhel');

const manifestCache = new Map<string, { text: string; manifest: FixtureManifest }>();

function loadManifest(dir: string): { text: string; manifest: FixtureManifest } {
  let cached = manifestCache.get(dir);
  if (!cached) {
    const text = readFileSync(path.join(dir, 'manifest.json'), 'utf8');
    cached = { text, manifest: JSON.parse(text) as FixtureManifest };
    manifestCache.set(dir, cached);
  }
  return cached;
}

/** The parsed manifest of the end-to-end images in `dir` (default: FIXTURE_IMAGES_DIR). */
export function fixtureManifest(dir: string = FIXTURE_IMAGES_DIR): FixtureManifest {
  return loadManifest(dir).manifest;
}

/** Names of all end-to-end images, e.g. "generalized-good.vhd". */
export function fixtureNames(): string[] {
  return fixtureManifest().images.map((image) => image.name);
}

/** The manifest entry of one image; throws for an unknown name. */
export function fixtureEntry(name: string, dir: string = FIXTURE_IMAGES_DIR): FixtureImage {
  const entry = fixtureManifest(dir).images.find((image) => image.name === name);
  if (!entry) throw new Error(`no fixture image named ${name} in ${dir}/manifest.json`);
  return entry;
}

/**
 * Decompresses <dir>/<name>.gz (default __tests__/fixtures/images) into os.tmpdir()/vhd-gate-fixtures-<hash of
 * the manifest> and returns the path. Each image is decompressed once per manifest version: test
 * files run in separate workers, so the file itself is the cache (written to a temporary name and
 * renamed, so that a worker never sees a half-written image).
 */
export async function fixtureImage(name: string, dir: string = FIXTURE_IMAGES_DIR): Promise<string> {
  const entry = fixtureEntry(name, dir);
  const hash = createHash('sha256').update(loadManifest(dir).text).digest('hex').slice(0, 12);
  const cacheDir = path.join(os.tmpdir(), `vhd-gate-fixtures-${hash}`);
  const target = path.join(cacheDir, name);
  if (existsSync(target) && statSync(target).size === entry.facts.fileSize) return target;
  await mkdir(cacheDir, { recursive: true });
  const image = gunzipSync(await readFile(path.join(dir, entry.file)));
  const partial = `${target}.${process.pid}.${Date.now()}.partial`;
  await writeFile(partial, image);
  await rename(partial, target);
  return target;
}

/** The gate's intent for one manifest expectation (osState in the gate's lower-case spelling). */
export function fixtureIntent(expectation: FixtureExpectation): Intent {
  return {
    osState: expectation.osState === 'Generalized' ? 'generalized' : 'specialized',
    hyperVGeneration: expectation.hyperVGeneration,
    sources: { osState: 'fixture manifest', hyperVGeneration: 'fixture manifest' },
  };
}
