import type { Region, Seal } from './layout.mjs';

export type { Seal };

/** Recomputes the checksum(s) of `region` in the file, in place; returns the undo function. */
export function sealRegion(fd: number, region: Region): () => void;
