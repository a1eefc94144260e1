/** A run of logical file blocks stored in consecutive physical blocks. Unlisted blocks read as zeros. */
export interface BlockRun {
  /** First logical block of the file. */
  logical: number;
  /** First physical block on the volume. */
  physical: number;
  /** Number of blocks. */
  length: number;
}

/** Appends a run, merging it into the previous one when both are contiguous. */
export function pushRun(runs: BlockRun[], logical: number, physical: number, length: number): void {
  const last = runs[runs.length - 1];
  if (last && last.logical + last.length === logical && last.physical + last.length === physical) {
    last.length += length;
  } else {
    runs.push({ logical, physical, length });
  }
}
