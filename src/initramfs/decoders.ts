import type { Decoder } from './decoder.js';
import { decodeGzip } from './gzip.js';
import type { Compression } from './types.js';

/** The decoder of each compression method read (see docs/architecture.md, Dependencies). */
export const decoders: Partial<Record<Compression, Decoder>> = {
  gzip: decodeGzip,
};
