import type { ByteSource } from '../io/byte-source.js';

/** Bytes read from the initramfs file at a time: large enough for few reads, small enough to bound memory. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * Sequential reading of a guest file in chunks, with the unconsumed tail of a chunk handed
 * back: a decoder takes chunks until its stream ends, gives back what follows the stream, and
 * the next archive starts exactly there. Holds at most one chunk and what was handed back.
 */
export class FileCursor {
  /** Chunks handed back, to be returned again before reading on. */
  private readonly pending: Uint8Array[] = [];
  /** File offset of the next byte `next` returns. */
  position = 0;
  private readPosition = 0;

  constructor(
    private readonly file: ByteSource,
    private readonly chunkBytes = CHUNK_BYTES,
  ) {}

  /** The file's size in bytes. */
  get size(): number {
    return this.file.size;
  }

  /** The next bytes of the file (at most one chunk), or undefined at its end. */
  async next(): Promise<Uint8Array | undefined> {
    const bytes = this.pending.shift() ?? (this.readPosition < this.file.size ? await this.readChunk() : undefined);
    if (bytes) this.position += bytes.length;
    return bytes;
  }

  /** Returns the unconsumed end of what `next` gave: it comes back, in order, before anything else. */
  giveBack(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.pending.unshift(bytes);
    this.position -= bytes.length;
  }

  /** Up to `length` bytes at the current position, without consuming them (fewer at the end of the file). */
  async peek(length: number): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let have = 0;
    while (have < length) {
      const bytes = await this.next();
      if (!bytes) break;
      parts.push(bytes);
      have += bytes.length;
    }
    for (let i = parts.length - 1; i >= 0; i--) this.giveBack(parts[i]!);
    const out = new Uint8Array(Math.min(have, length));
    let at = 0;
    for (const part of parts) {
      if (at >= out.length) break;
      const take = part.subarray(0, out.length - at);
      out.set(take, at);
      at += take.length;
    }
    return out;
  }

  /** Consumes exactly `length` bytes (fewer only at the end of the file; returns how many). */
  async skip(length: number): Promise<number> {
    let skipped = 0;
    while (skipped < length) {
      const bytes = await this.next();
      if (!bytes) break;
      const take = Math.min(bytes.length, length - skipped);
      this.giveBack(bytes.subarray(take));
      skipped += take;
    }
    return skipped;
  }

  /** The next chunk from the file (ByteSource reads are exact or throw; an empty one ends the file here). */
  private async readChunk(): Promise<Uint8Array | undefined> {
    const bytes = await this.file.read(this.readPosition, Math.min(this.chunkBytes, this.file.size - this.readPosition));
    if (bytes.length === 0) {
      this.readPosition = this.file.size;
      return undefined;
    }
    this.readPosition += bytes.length;
    return bytes;
  }
}
