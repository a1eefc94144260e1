import { IoError, hex } from '../errors.js';

/**
 * The one interface every parser reads through. `read` returns exactly `length` bytes or
 * throws: a parser never has to check for short reads. Offsets are plain numbers (exact up
 * to 2^53 bytes, far beyond any Azure disk).
 */
export interface ByteSource {
  /** Human-readable name used in error messages (a path, "partition 2", a redacted URL). */
  readonly name: string;
  /** Total size in bytes. */
  readonly size: number;
  /** Reads exactly `length` bytes at `offset`; throws IoError past the end or on failure. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Largest single read any parser may ask for; anything larger is a bug or a hostile length. */
export const MAX_SINGLE_READ = 64 * 1024 * 1024;

/** Validates a read request against a source's bounds; shared by every implementation. */
export function checkRange(source: { name: string; size: number }, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new IoError('corrupt', `${source.name}: invalid read of ${length} bytes at ${offset}`, { offset: Math.max(0, offset || 0) });
  }
  if (length > MAX_SINGLE_READ) {
    throw new IoError('corrupt', `${source.name}: refusing a ${length}-byte read at ${hex(offset)} (limit ${MAX_SINGLE_READ})`, { offset });
  }
  if (offset + length > source.size) {
    throw new IoError(
      'corrupt',
      `${source.name}: read of ${length} bytes at ${hex(offset)} runs past the end (size ${source.size})`,
      { offset },
    );
  }
}

/** A window [offset, offset+size) of a parent source: a partition, a logical-volume segment. */
export function slice(parent: ByteSource, offset: number, size: number, name: string): ByteSource {
  if (offset < 0 || size < 0 || offset + size > parent.size) {
    throw new IoError(
      'corrupt',
      `${name}: slice ${hex(offset)}+${size} lies outside ${parent.name} (size ${parent.size})`,
      { offset },
    );
  }
  return {
    name,
    size,
    async read(o: number, length: number): Promise<Uint8Array> {
      checkRange({ name, size }, o, length);
      return parent.read(offset + o, length);
    },
  };
}

/** A source over bytes already in memory (tests, decompressed metadata). */
export class MemorySource implements ByteSource {
  readonly size: number;
  constructor(
    private readonly bytes: Uint8Array,
    readonly name = 'memory',
  ) {
    this.size = bytes.length;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRange(this, offset, length);
    return this.bytes.subarray(offset, offset + length);
  }
}

/** A source of `size` zero bytes (unallocated dynamic-VHD blocks, holes). */
export function zeroSource(size: number, name = 'zeros'): ByteSource {
  return {
    name,
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      checkRange({ name, size }, offset, length);
      return new Uint8Array(length);
    },
  };
}
