import { createReadStream, createWriteStream, existsSync, readdirSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { corpusDir } from '../helpers/corpus.js';

/** The corpus folders holding disk/filesystem images (the others hold config text). */
export const IMAGE_DIRS = ['ext', 'xfs', 'blkid-misc'] as const;

/** One corpus image: "ext/f_badroot.img.gz" and where it lives. */
export interface CorpusImage {
  /** Folder/name as a test title. */
  name: string;
  /** The compressed file. */
  gz: string;
}

/** Every *.img.gz of the image folders, sorted for a stable order. */
export function corpusImages(): CorpusImage[] {
  return IMAGE_DIRS.flatMap((dir) =>
    readdirSync(path.join(corpusDir, dir))
      .filter((f) => f.endsWith('.img.gz'))
      .sort()
      .map((f) => ({ name: `${dir}/${f}`, gz: path.join(corpusDir, dir, f) })),
  );
}

/**
 * Decompresses a corpus image into os.tmpdir()/vhd-gate-corpus and returns the path. Streams
 * (some images are 140 MiB of mostly zeros) and renames a finished file into place, so a run
 * that was stopped half-way never leaves a short image to be mistaken for a complete one.
 */
export async function decompressed(image: CorpusImage): Promise<string> {
  const dir = path.join(os.tmpdir(), 'vhd-gate-corpus');
  const target = path.join(dir, image.name.replace('/', '__').replace(/\.gz$/, ''));
  if (existsSync(target)) return target;
  await mkdir(dir, { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  await pipeline(createReadStream(image.gz), createGunzip(), createWriteStream(partial));
  await rename(partial, target);
  return target;
}
