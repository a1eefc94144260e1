import { GateError, LimitError, describeError, type ErrorKind, type Layer } from './errors.js';

/**
 * An error as data: what the model carries (a volume that could not be opened, a guest root
 * that could not be read, a fact subject that could not be collected) and what every report
 * formats. GateError becomes a record here and nowhere else, so no layer ever passes an error
 * on as a sentence that a reporter would have to parse back.
 */
export interface ErrorRecord {
  /** Pipeline layer that failed, or "internal" for a bug in vhd-gate itself. */
  layer: Layer | 'internal';
  kind: ErrorKind | 'bug';
  /** Byte offset in that layer's source, when known. */
  offset: number | null;
  /** Guest path (or volume-relative path) being read, when known. */
  path: string | null;
  /** For kind "limit": the budget's name in src/limits.ts and its value. */
  budget?: { name: string; limit: number };
  message: string;
}

/** The record for anything thrown while inspecting. */
export function errorRecord(error: unknown): ErrorRecord {
  if (error instanceof GateError) {
    return {
      layer: error.layer,
      kind: error.kind,
      offset: error.offset ?? null,
      path: error.path ?? null,
      ...(error instanceof LimitError ? { budget: { name: error.budget, limit: error.limit } } : {}),
      message: error.message,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { layer: 'internal', kind: 'bug', offset: null, path: null, message };
}

/**
 * Whether the medium itself failed (an IoError of kind "io": a blob 5xx after every retry, a
 * short read, EIO). Nothing about the image can be concluded from that, so no layer may
 * degrade around it: it ends the run (exit 2). An IoError of kind "corrupt" (a read past the
 * end of a partition, a hostile length) is the image's own content and is tolerated like any
 * other corrupt structure.
 */
export function isMediumFailure(error: unknown): boolean {
  return error instanceof GateError && error.layer === 'io' && error.kind === 'io';
}

/**
 * For a layer that degrades per item (a volume, a fact subject, a partition table): the
 * record of an error it may tolerate. Rethrows a medium failure and anything that is not a
 * GateError (a bug), so neither can ever be turned into "unavailable" and a pass.
 */
export function toleratedError(error: unknown): ErrorRecord {
  if (!(error instanceof GateError) || isMediumFailure(error)) throw error;
  return errorRecord(error);
}

/** One line for a terminal, the shape of GateError.describe(): "filesystem (corrupt) at offset 0x400 in /etc/passwd: ...". */
export function describeRecord(record: ErrorRecord): string {
  return describeError(record);
}
