import type { Decoder } from './decoder.js';
import { decodeGzip } from './gzip.js';
import { decodeLz4Frame, decodeLz4Legacy } from './lz4.js';
import type { Compression } from './types.js';
import { decodeXz } from './xz.js';
import { decodeZstd } from './zstd.js';

/** The decoder of each compression method read (see docs/architecture.md, Dependencies). */
export const decoders: Partial<Record<Compression, Decoder>> = {
  gzip: decodeGzip,
  zstd: decodeZstd,
  lz4: decodeLz4Legacy,
  'lz4-frame': decodeLz4Frame,
  xz: decodeXz,
};
