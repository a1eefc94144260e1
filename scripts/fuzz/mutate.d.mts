import type { Region } from './layout.mjs';

/** One write: these bytes at this file offset (a negative byte -1-n flips bit n of the current byte). */
export interface Edit {
  offset: number;
  bytes: number[];
}

/** A seeded mutant: which region it damages and how. */
export interface Mutant {
  seed: number;
  region: string;
  edits: Edit[];
  /** The region whose checksum is recomputed after the edits (three mutants in four, where it has one). */
  seal?: Region;
}

/** mulberry32: a seeded PRNG, uniform in [0, 1). */
export function prng(seed: number): () => number;

/** The mutant for `seed` over `regions` of one image. */
export function mutantFor(seed: number, regions: Region[]): Mutant;

/** Applies a mutant to the file open read-write as `fd`; returns the function that undoes it. */
export function applyMutant(fd: number, mutant: Mutant): () => void;

/** One line naming the mutant well enough to replay it. */
export function describeMutant(mutant: Mutant): string;
