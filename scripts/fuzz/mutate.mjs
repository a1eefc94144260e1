// Seeded mutants of an image's metadata, applied in place to a working copy and undone after
// each run (copying a 64 MiB image per mutant would cost more than the run itself). A mutant is
// fully determined by its seed and the image's regions, so a failing seed can be replayed.
import { readSync, writeSync } from 'node:fs';
import { sealRegion } from './seal.mjs';

/** @typedef {import('./layout.mjs').Region} Region */
/** @typedef {{ offset: number, bytes: number[] }} Edit  One write: these bytes at this file offset. */
/** @typedef {{ seed: number, region: string, edits: Edit[], seal?: Region }} Mutant  seal: the region whose checksum is recomputed after the edits. */

/**
 * mulberry32: a small, fast, well-mixed 32-bit PRNG; the same seed gives the same sequence
 * on every machine, which is all replaying needs.
 * @param {number} seed @returns {() => number} uniform in [0, 1)
 */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values that tend to break length/offset/count arithmetic, written as 32-bit fields. */
const INTERESTING_U32 = [0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

/**
 * The mutant for `seed` over `regions` of one image: 1 to 4 edits inside one region, each a
 * bit flip, a random byte, an "interesting" 16/32-bit value in either byte order, or a run of
 * 4-64 equal bytes.
 * @param {number} seed @param {Region[]} regions @returns {Mutant}
 */
export function mutantFor(seed, regions) {
  const random = prng(seed);
  const pick = (/** @type {number} */ n) => Math.floor(random() * n);
  const region = regions[pick(regions.length)];
  /** @type {Edit[]} */
  const edits = [];
  const count = 1 + pick(4);
  for (let i = 0; i < count; i++) {
    const op = pick(4);
    if (op === 3 && region.length >= 4) {
      // A wiped or smeared run: 4 to 64 bytes of 0x00, 0xff or one random byte (a torn write, a zeroed field group).
      const length = Math.min(region.length, 4 + pick(61));
      const fill = [0, 0xff, pick(256)][pick(3)];
      edits.push({ offset: region.offset + pick(region.length - length + 1), bytes: new Array(length).fill(fill) });
    } else if (op === 0 || region.length < 4) {
      const offset = region.offset + pick(region.length);
      edits.push({ offset, bytes: [-1 - pick(8)] }); // negative: flip bit (-1 - n) of the current byte
    } else if (op === 1) {
      edits.push({ offset: region.offset + pick(region.length), bytes: [pick(256)] });
    } else {
      const width = pick(2) ? 4 : 2;
      const offset = region.offset + Math.floor(pick(region.length - width + 1) / width) * width;
      const value = INTERESTING_U32[pick(INTERESTING_U32.length)];
      const le = [0, 1, 2, 3].slice(0, width).map((k) => (value >>> (8 * k)) & 0xff);
      edits.push({ offset, bytes: pick(2) ? le : le.reverse() });
    }
  }
  // Three mutants in four get the region's checksum recomputed, so they reach the parser behind
  // the CRC check; the rest test the check itself. Drawn last: earlier draws, and so every seed's
  // edits, stay what they were before checksums were resealed.
  const reseal = region.seal !== undefined && random() < 0.75;
  return { seed, region: region.name, edits, ...(reseal ? { seal: region } : {}) };
}

/**
 * Applies a mutant to the file open (read-write) as `fd`; returns the undo function, which
 * restores every byte it changed, last edit first so that overlapping edits unwind correctly.
 * @param {number} fd @param {Mutant} mutant @returns {() => void}
 */
export function applyMutant(fd, mutant) {
  /** @type {{ offset: number, original: Buffer }[]} */
  const undo = [];
  for (const edit of mutant.edits) {
    const original = Buffer.alloc(edit.bytes.length);
    readSync(fd, original, 0, original.length, edit.offset);
    const next = Buffer.from(edit.bytes.map((b, i) => (b < 0 ? original[i] ^ (1 << (-1 - b)) : b)));
    writeSync(fd, next, 0, next.length, edit.offset);
    undo.push({ offset: edit.offset, original });
  }
  const unseal = mutant.seal ? sealRegion(fd, mutant.seal) : () => {};
  return () => {
    unseal();
    for (const { offset, original } of undo.reverse()) writeSync(fd, original, 0, original.length, offset);
  };
}

/** One line that names the mutant well enough to replay it by hand or with --seed. */
export function describeMutant(/** @type {Mutant} */ mutant) {
  const hexBytes = (/** @type {number[]} */ bytes) =>
    bytes.length > 4 && bytes.every((b) => b === bytes[0]) ? `${bytes[0].toString(16).padStart(2, "0")}*${bytes.length}` : bytes.map((b) => (b < 0 ? `^bit${-1 - b}` : b.toString(16).padStart(2, '0'))).join('');
  const edits = mutant.edits.map((e) => `0x${e.offset.toString(16)}:${hexBytes(e.bytes)}`);
  return `seed ${mutant.seed} (${mutant.region}) ${edits.join(' ')}${mutant.seal ? ', checksum recomputed' : ''}`;
}
