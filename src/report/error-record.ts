import { GateError, type ErrorKind, type Layer } from '../errors.js';

/** Why the gate could not inspect the image, as every report states it. */
export interface ErrorRecord {
  /** Pipeline layer that failed, or "internal" for a bug in vhd-gate itself. */
  layer: Layer | 'internal';
  kind: ErrorKind | 'bug';
  /** Byte offset in that layer's source, when known. */
  offset: number | null;
  message: string;
}

/** The record for anything thrown while inspecting. */
export function errorRecord(error: unknown): ErrorRecord {
  if (error instanceof GateError) {
    return { layer: error.layer, kind: error.kind, offset: error.offset ?? null, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { layer: 'internal', kind: 'bug', offset: null, message };
}

/**
 * The record for a `describe()` string carried in a result (InspectResult.guestError):
 * "guest (corrupt) at offset 0x400: ..." is split back into its parts.
 */
export function errorRecordFromDescription(description: string, fallbackLayer: Layer): ErrorRecord {
  const parsed = /^(io|container|volume|filesystem|guest|intent) \((io|unsupported|corrupt)\)(?: at offset 0x([0-9a-f]+))?: ([\s\S]*)$/.exec(description);
  if (!parsed) return { layer: fallbackLayer, kind: 'io', offset: null, message: description };
  return {
    layer: parsed[1] as Layer,
    kind: parsed[2] as ErrorKind,
    offset: parsed[3] === undefined ? null : parseInt(parsed[3], 16),
    message: parsed[4]!,
  };
}

/** One line for a terminal, the same shape as GateError.describe(). */
export function describeRecord(record: ErrorRecord): string {
  const at = record.offset === null ? '' : ` at offset 0x${record.offset.toString(16)}`;
  return `${record.layer} (${record.kind})${at}: ${record.message}`;
}
