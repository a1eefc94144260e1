import type { IoStats } from './io-stats.js';

/** What one pipeline layer cost: wall time and what it fetched from the medium. */
export interface LayerCost {
  /** container, partition-table, filesystems, guest, facts. */
  layer: string;
  seconds: number;
  /** Bytes and reads that reached the medium (not the cache) while this layer ran. */
  bytesRead: number;
  reads: number;
}

/**
 * Splits a run's cost by layer: call `mark(layer)` when each layer finishes; the time and the
 * medium reads since the previous mark are charged to it. Reads are charged to the layer that
 * missed the cache, which is the one that made them.
 */
export class LayerMeter {
  private readonly costs: LayerCost[] = [];
  private last: { at: bigint; stats: IoStats };

  constructor(private readonly stats: () => IoStats) {
    this.last = { at: process.hrtime.bigint(), stats: stats() };
  }

  mark(layer: string): void {
    const now = { at: process.hrtime.bigint(), stats: this.stats() };
    this.costs.push({
      layer,
      seconds: Number(now.at - this.last.at) / 1e9,
      bytesRead: now.stats.bytesRead - this.last.stats.bytesRead,
      reads: now.stats.reads - this.last.stats.reads,
    });
    this.last = now;
  }

  layers(): LayerCost[] {
    return [...this.costs];
  }
}
