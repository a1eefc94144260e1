import type { FileCursor } from './cursor.js';

/**
 * What a decoder of one compressed stream works with. It takes the stream's bytes from `input`
 * (positioned at the stream's first byte), passes every piece of output to `output` as soon as
 * it has it (never the whole), and returns with `input` positioned just after the stream, so
 * the next archive of the initramfs starts there.
 */
export interface DecodeContext {
  input: FileCursor;
  /** Takes each piece of decompressed output in order; it may throw (a budget, corrupt cpio), which ends decoding. */
  output: (bytes: Uint8Array) => void;
  /** Builds the typed error for corrupt compressed data: `message` says what was wrong, `offset` is in the initramfs file. */
  corrupt: (message: string, offset: number) => Error;
  /** Largest history window (bytes) a stream may ask for: the decoder allocates it whole. */
  windowLimit: (bytes: number, offset: number) => void;
}

/** Decodes one compressed stream (see DecodeContext). */
export type Decoder = (context: DecodeContext) => Promise<void>;
