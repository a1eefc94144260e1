/** What a source has cost so far; the report's `io` section. */
export interface IoStats {
  /** Bytes actually fetched from the underlying medium. */
  bytesRead: number;
  /** Number of read calls (or HTTP requests) that reached the medium. */
  reads: number;
  /** Blocks served from the block cache instead of the medium. */
  cacheHits?: number;
  /** Failed requests that were tried again (blobs). */
  retries?: number;
}

/** Mutable counter shared by a source and whoever reports on it. */
export class IoCounter implements IoStats {
  bytesRead = 0;
  reads = 0;
  add(bytes: number): void {
    this.bytesRead += bytes;
    this.reads += 1;
  }
  snapshot(): IoStats {
    return { bytesRead: this.bytesRead, reads: this.reads };
  }
}
