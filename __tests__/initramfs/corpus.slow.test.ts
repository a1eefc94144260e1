import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { GateError } from '../../src/errors.js';
import { readInitramfs } from '../../src/initramfs/read-initramfs.js';
import { corpusDir } from '../helpers/corpus.js';
import { guestWithInitramfs } from './fixtures.js';

/**
 * Every third-party file of __tests__/corpus read as if it were an initramfs: the gzipped
 * e2fsprogs/XFS/blkid images (gzip streams whose output is not cpio) and the text samples (no
 * magic at all). Each must end in a listing or a typed initramfs error, quickly.
 */
function corpusFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(corpusDir);
  return files;
}

describe('readInitramfs over the third-party corpus', () => {
  const files = corpusFiles();

  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(200);
  });

  it('gives every file a listing or a typed initramfs error within 10 s', async () => {
    const layers = new Map<string, number>();
    for (const file of files) {
      const started = Date.now();
      const outcome = await readInitramfs(guestWithInitramfs(new Uint8Array(readFileSync(file))), '/boot/initrd.img', { keep: () => true }).then(
        () => 'listing',
        (error: unknown) => {
          if (!(error instanceof GateError)) throw new Error(`${path.relative(corpusDir, file)}: untyped ${String(error)}`, { cause: error });
          return `${error.layer}/${error.kind}`;
        },
      );
      if (Date.now() - started > 10_000) throw new Error(`${path.relative(corpusDir, file)} took ${Date.now() - started} ms`);
      layers.set(outcome, (layers.get(outcome) ?? 0) + 1);
    }
    expect([...layers.keys()].every((k) => k === 'listing' || k.startsWith('initramfs/'))).toBe(true);
    expect(layers.get('initramfs/corrupt') ?? 0).toBeGreaterThan(200);
  });
});
