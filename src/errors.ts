/**
 * One error base class for everything the gate cannot read, one subclass per layer.
 * Each carries a `kind` so callers can tell an unreadable medium (`io`) from a format we
 * do not read (`unsupported`), from bytes that contradict their own format (`corrupt`), and
 * from content larger than a budget in src/limits.ts allows (`limit`: we stopped on purpose).
 * Messages name the layer, the byte offset and what was expected, so a user can act on them.
 */
export type ErrorKind = 'io' | 'unsupported' | 'corrupt' | 'limit';

/** Where an error was found, beyond the layer: byte offset in the layer's source, guest path. */
export interface ErrorPlace {
  offset?: number;
  /** Guest path (or volume-relative path) of the file or directory being read, when known. */
  path?: string;
  cause?: unknown;
}

/** Which layer of the pipeline (see docs/architecture.md) raised the error. */
export type Layer = 'io' | 'container' | 'volume' | 'filesystem' | 'guest' | 'binary' | 'initramfs' | 'intent';

export class GateError extends Error {
  /** Pipeline layer that failed. */
  readonly layer: Layer;
  /** io / unsupported / corrupt. */
  readonly kind: ErrorKind;
  /** Byte offset (in the layer's own source) where the problem was found, when known. */
  readonly offset?: number;
  /** Guest path being read when it failed, when known. */
  readonly path?: string;

  constructor(layer: Layer, kind: ErrorKind, message: string, options?: ErrorPlace) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.layer = layer;
    this.kind = kind;
    this.offset = options?.offset;
    this.path = options?.path;
  }

  /** One line for a terminal: "container (corrupt) at offset 0x1fe00: ...", "guest (limit) in /etc/passwd: ...". */
  describe(): string {
    return describeError(this);
  }
}

/**
 * The one-line form of an error, from a GateError or its record (src/error-record.ts):
 * "filesystem (corrupt) at offset 0x400 in /etc/passwd: ...".
 */
export function describeError(error: {
  layer: string;
  kind: string;
  offset?: number | null;
  path?: string | null;
  message: string;
}): string {
  const at = error.offset === undefined || error.offset === null ? '' : ` at offset 0x${error.offset.toString(16)}`;
  const path = error.path === undefined || error.path === null ? '' : ` in ${error.path}`;
  return `${error.layer} (${error.kind})${at}${path}: ${error.message}`;
}

/** The byte source itself failed: short read, I/O error, missing file or blob. */
export class IoError extends GateError {
  constructor(kind: ErrorKind, message: string, options?: ErrorPlace) {
    super('io', kind, message, options);
  }
}

/** The disk container (VHD, raw; VHDX/qcow2/VMDK recognised but not read). */
export class ContainerError extends GateError {
  constructor(kind: ErrorKind, message: string, options?: ErrorPlace) {
    super('container', kind, message, options);
  }
}

/** Partition tables and volume managers (MBR, GPT, LVM2). */
export class VolumeError extends GateError {
  constructor(kind: ErrorKind, message: string, options?: ErrorPlace) {
    super('volume', kind, message, options);
  }
}

/** A filesystem reader (ext4, XFS, FAT). */
export class FilesystemError extends GateError {
  constructor(kind: ErrorKind, message: string, options?: ErrorPlace) {
    super('filesystem', kind, message, options);
  }
}

/** Assembling the guest view: no root filesystem, symlink loops, unresolvable paths. */
export class GuestError extends GateError {
  constructor(kind: ErrorKind, message: string, options?: ErrorPlace) {
    super('guest', kind, message, options);
  }
}

/**
 * A binary's headers inside the guest or on the ESP (ELF, PE/COFF, the Authenticode certificate
 * table and its DER, a Linux kernel image header): offsets are within that file.
 */
export class BinaryError extends GateError {
  constructor(kind: ErrorKind, message: string, options?: ErrorPlace) {
    super('binary', kind, message, options);
  }
}

/**
 * An initramfs inside the guest (src/initramfs): its cpio archives or their compression. The
 * offset is in the initramfs file as stored (for content inside a compressed archive: where
 * that archive starts, the message says how far into its decompressed bytes).
 */
export class InitramfsError extends GateError {
  constructor(kind: ErrorKind, message: string, options?: ErrorPlace) {
    super('initramfs', kind, message, options);
  }
}

/**
 * The caller's mistake in the intended settings (flags, image-definition file). Not about the
 * image; `kind` is 'unsupported' for unknown values and 'corrupt' for unparseable files.
 */
export class IntentError extends GateError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('intent', 'unsupported', message, options);
  }
}

/**
 * A budget from src/limits.ts was exceeded: the content may be fine, but reading more would
 * cost unbounded time or memory. Whatever needed it is reported as not judged, never passed.
 */
export class LimitError extends GateError {
  /** Name of the budget in src/limits.ts, e.g. "dirEntries". */
  readonly budget: string;
  readonly limit: number;

  constructor(layer: Layer, budget: string, limit: number, message: string, options?: ErrorPlace) {
    super(layer, 'limit', message, options);
    this.budget = budget;
    this.limit = limit;
  }
}

/** Hex offset helper for messages: 0x1fe. */
export function hex(n: number | bigint): string {
  return `0x${n.toString(16)}`;
}
