import { FilesystemError, hex } from '../../errors.js';
import type { ByteSource } from '../../io/byte-source.js';
import type { FatGeometry } from './bpb.js';

/** The FAT is read in pieces of this size, so a small walk of a large FAT32 reads little. */
const FAT_CHUNK_BYTES = 64 * 1024;
/** FAT pieces kept in memory (16 MiB); the cache is dropped when full. */
const FAT_CHUNK_CACHE = 256;

/** Entry values at or above these end a chain (FAT12/16/32); the value just below marks a bad cluster. */
const END_OF_CHAIN: Record<12 | 16 | 32, number> = { 12: 0xff8, 16: 0xfff8, 32: 0x0ffffff8 };

/**
 * The first FAT of a volume: entry lookups and bounded cluster chains. Every chain is checked
 * cluster by cluster (in range, not free, not bad, not seen before), so a corrupt FAT gives
 * a 'corrupt' FilesystemError naming the entry's byte offset, never a loop.
 */
export class FatTable {
  private readonly chunks = new Map<number, Uint8Array>();

  constructor(
    private readonly source: ByteSource,
    private readonly geometry: FatGeometry,
  ) {}

  /** Byte offset (in the volume) of cluster n's FAT entry; FAT12 entries are 1.5 bytes. */
  entryOffset(cluster: number): number {
    const g = this.geometry;
    return g.fatOffset + (g.type === 12 ? cluster + (cluster >> 1) : (cluster * g.type) / 8);
  }

  /** The FAT entry of `cluster` (FAT32: the low 28 bits; the top 4 are reserved). */
  async entry(cluster: number): Promise<number> {
    const at = this.entryOffset(cluster) - this.geometry.fatOffset;
    const width = this.geometry.type === 32 ? 4 : 2;
    const b = await this.bytes(at, width);
    switch (this.geometry.type) {
      case 12: {
        const pair = b[0]! | (b[1]! << 8);
        return cluster & 1 ? pair >> 4 : pair & 0xfff;
      }
      case 16:
        return b[0]! | (b[1]! << 8);
      case 32:
        return ((b[0]! | (b[1]! << 8) | (b[2]! << 16)) + b[3]! * 0x100_0000) & 0x0fffffff;
    }
  }

  /** Whether `cluster` is a data cluster number (2 .. clusterCount + 1). */
  inRange(cluster: number): boolean {
    return Number.isSafeInteger(cluster) && cluster >= 2 && cluster <= this.geometry.clusterCount + 1;
  }

  /**
   * The clusters of the chain starting at `first`, at most `limit` of them (the chain may be
   * longer; callers that need the whole chain pass Infinity). `what` names the owner in errors.
   */
  async chain(first: number, limit: number, what: string): Promise<number[]> {
    const g = this.geometry;
    if (!this.inRange(first)) {
      throw new FilesystemError('corrupt', `fat: ${what} starts at cluster ${first}, outside the data clusters 2..${g.clusterCount + 1}`);
    }
    const clusters: number[] = [];
    const seen = new Set<number>();
    const max = Math.min(limit, g.clusterCount);
    let cluster = first;
    for (;;) {
      seen.add(cluster);
      clusters.push(cluster);
      if (clusters.length >= max) return clusters;
      const next = await this.entry(cluster);
      if (next >= END_OF_CHAIN[g.type]) return clusters;
      const at = this.entryOffset(cluster);
      if (next === END_OF_CHAIN[g.type] - 1) throw new FilesystemError('corrupt', `fat: ${what}: cluster ${cluster} links to a cluster marked bad`, { offset: at });
      if (next === 0) throw new FilesystemError('corrupt', `fat: ${what}: cluster ${cluster} links to a free cluster (FAT entry 0)`, { offset: at });
      if (!this.inRange(next)) {
        throw new FilesystemError('corrupt', `fat: ${what}: cluster ${cluster} links to cluster ${next}, beyond the data clusters 2..${g.clusterCount + 1}`, { offset: at });
      }
      if (seen.has(next)) throw new FilesystemError('corrupt', `fat: ${what}: cluster chain loops back to cluster ${next} at cluster ${cluster}`, { offset: at });
      cluster = next;
    }
  }

  /** `length` bytes at `at` (relative to the first FAT), from cached chunks. */
  private async bytes(at: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const pos = at + i;
      if (pos >= this.geometry.fatBytes) {
        throw new FilesystemError('corrupt', `fat: FAT entry at ${hex(this.geometry.fatOffset + pos)} lies past the end of the FAT`, { offset: this.geometry.fatOffset + pos });
      }
      const index = Math.floor(pos / FAT_CHUNK_BYTES);
      out[i] = (await this.chunk(index))[pos - index * FAT_CHUNK_BYTES]!;
    }
    return out;
  }

  private async chunk(index: number): Promise<Uint8Array> {
    const cached = this.chunks.get(index);
    if (cached) return cached;
    const start = index * FAT_CHUNK_BYTES;
    const bytes = await this.source.read(this.geometry.fatOffset + start, Math.min(FAT_CHUNK_BYTES, this.geometry.fatBytes - start));
    if (this.chunks.size >= FAT_CHUNK_CACHE) this.chunks.clear();
    this.chunks.set(index, bytes);
    return bytes;
  }
}
