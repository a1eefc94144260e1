import { describe, expect, it } from '@jest/globals';
import { GateError } from '../../src/errors.js';
import { readInitramfs } from '../../src/initramfs/read-initramfs.js';
import { guestWithInitramfs, initramfsFixture } from './fixtures.js';

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One seeded mutant: byte flips, a stretch overwritten, a cut, or bytes repeated, anywhere in the file. */
function mutant(bytes: Uint8Array, seed: number): Uint8Array {
  const random = prng(seed);
  const at = (n = bytes.length) => Math.floor(random() * n);
  const out = bytes.slice();
  switch (seed % 4) {
    case 0:
      for (let i = 0, n = 1 + at(8); i < n; i++) out[at()] ^= 1 << at(8);
      return out;
    case 1: {
      const start = at();
      for (let i = start; i < Math.min(out.length, start + 1 + at(64)); i++) out[i] = at(256);
      return out;
    }
    case 2:
      return out.subarray(0, at());
    default: {
      const start = at();
      const length = 1 + at(4096);
      return new Uint8Array(Buffer.concat([out.subarray(0, start + length), out.subarray(start)]));
    }
  }
}

describe('readInitramfs over seeded mutants of the real fixtures: a listing or a typed error, every time', () => {
  const fixtures = ['initrd-gzip.img', 'initrd-zstd.img', 'initrd-xz.img', 'initrd-lz4.img', 'initrd-lz4-frame.img', 'initrd-none.img.gz', 'initrd-two-early.img'];

  it.each(fixtures)('%s: 150 mutants', async (fixture) => {
    const bytes = initramfsFixture(fixture);
    const outcomes = new Map<string, number>();
    for (let seed = 1; seed <= 150; seed++) {
      const started = Date.now();
      const outcome = await readInitramfs(guestWithInitramfs(mutant(bytes, seed)), '/boot/initrd.img', { keep: () => true }).then(
        () => 'listing',
        (error: unknown) => {
          if (!(error instanceof GateError)) throw new Error(`${fixture} seed ${seed}: untyped ${String(error)}`, { cause: error });
          return `${error.layer}/${error.kind}`;
        },
      );
      if (Date.now() - started > 5000) throw new Error(`${fixture} seed ${seed}: took ${Date.now() - started} ms`);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // Damage is found, and it is the initramfs layer that reports it.
    expect([...outcomes.keys()].every((k) => k === 'listing' || k.startsWith('initramfs/'))).toBe(true);
    expect(outcomes.get('initramfs/corrupt') ?? 0).toBeGreaterThan(10);
  });
});
