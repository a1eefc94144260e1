import { CachedSource, DEFAULT_BLOCK_CACHE, type BlockCacheOptions } from './block-cache.js';
import type { ByteSource } from './byte-source.js';
import type { BlobFacts, BlobSourceOptions } from './blob/blob-source.js';
import { isBlobUrl, redactBlobUrl } from './blob/blob-url.js';
import { FileSource } from './file-source.js';
import type { IoStats } from './io-stats.js';

/** How to reach a remote image; ignored for local files. */
export type ImageSourceOptions = BlobSourceOptions;

/** An opened image, whatever it lives on. */
export interface ImageSource {
  /** What parsers read: the medium behind one block cache. */
  source: ByteSource;
  /** IMAGE as it may be printed (a blob URL with its SAS masked). */
  name: string;
  /** Blob facts, when IMAGE is a blob. */
  blob?: BlobFacts;
  /** What reading cost so far: bytes, requests, cache hits, retries. */
  stats(): IoStats;
  /** Releases the medium (file handle). */
  close(): Promise<void>;
}

/**
 * Opens IMAGE as a blob when it is an http(s) URL, else as a local file, and puts the one
 * block cache in front: parsers ask for many small, nearby pieces, which the cache turns into
 * few aligned reads (few HTTP requests, for a blob).
 */
/**
 * The cache geometry: the measured default (docs/benchmarks.md, "Cache block size"), or
 * VHD_GATE_CACHE_BLOCK_KIB (a power of two from 4 to 4096) for re-running that measurement.
 */
export function cacheOptions(env: NodeJS.ProcessEnv = process.env): BlockCacheOptions {
  const kib = Number(env.VHD_GATE_CACHE_BLOCK_KIB);
  if (!Number.isInteger(kib) || kib < 4 || kib > 4096 || (kib & (kib - 1)) !== 0) return DEFAULT_BLOCK_CACHE;
  return { ...DEFAULT_BLOCK_CACHE, blockSize: kib * 1024 };
}

export async function openImageSource(image: string, options: ImageSourceOptions = {}): Promise<ImageSource> {
  if (isBlobUrl(image)) {
    // Loaded only for blobs: the Azure SDK is most of the bundle, and a local check should not parse it.
    const { BlobSource } = await import('./blob/blob-source.js');
    const blob = await BlobSource.open(image, options);
    const cached = new CachedSource(blob, cacheOptions());
    return {
      source: cached,
      name: redactBlobUrl(image),
      blob: blob.facts,
      stats: () => ({ ...blob.stats.snapshot(), cacheHits: cached.hits, retries: blob.retries }),
      close: () => blob.close(),
    };
  }
  const file = await FileSource.open(image);
  const cached = new CachedSource(file, cacheOptions());
  return {
    source: cached,
    name: image,
    stats: () => ({ ...file.stats.snapshot(), cacheHits: cached.hits }),
    close: () => file.close(),
  };
}
