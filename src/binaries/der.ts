import { BinaryError, hex } from '../errors.js';
import { enforceBudget } from '../limits.js';

/**
 * A small DER (X.690) walker for the Authenticode signature: enough to find certificates and
 * names, nothing more. It decodes tag-length-value headers and checks that every element fits
 * inside its parent; it never interprets a signature or verifies anything. Offsets in errors
 * are file offsets (`base` is where the DER starts in the file).
 */

/** One DER element: its tag, where its header and contents are within the buffer. */
export interface DerNode {
  /** The identifier octet (0x30 SEQUENCE, 0x31 SET, 0x06 OID, 0xa0 [0] constructed ...). */
  tag: number;
  /** Offset of the identifier octet within the buffer. */
  start: number;
  /** Offset of the first content octet. */
  contentStart: number;
  /** Offset just past the last content octet. */
  end: number;
}

export const TAG = {
  INTEGER: 0x02,
  OID: 0x06,
  UTF8String: 0x0c,
  PrintableString: 0x13,
  T61String: 0x14,
  IA5String: 0x16,
  BMPString: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
  CONTEXT_0: 0xa0,
  CONTEXT_1: 0xa1,
} as const;

/** Reads DER from one buffer, counting elements against the derNodes budget. */
export class DerReader {
  private nodes = 0;

  constructor(
    readonly bytes: Uint8Array,
    /** File offset of bytes[0], for error messages. */
    readonly base: number,
    /** Names the file in errors. */
    readonly name: string,
  ) {}

  /** The element whose identifier octet is at `at`; it must end at or before `limit`. */
  node(at: number, limit = this.bytes.length): DerNode {
    enforceBudget('binary', 'derNodes', ++this.nodes, (l) => `${this.name}: the signature has more than ${l} DER elements`, { offset: this.base + at });
    if (at + 2 > limit) this.fail(at, `a DER element header needs 2 bytes but only ${Math.max(0, limit - at)} remain`);
    const tag = this.bytes[at]!;
    if ((tag & 0x1f) === 0x1f) this.fail(at, `high-tag-number form (identifier ${hex(tag)}) is not used by PKCS #7 or X.509`);
    const first = this.bytes[at + 1]!;
    let length: number;
    let contentStart: number;
    if (first < 0x80) {
      length = first;
      contentStart = at + 2;
    } else {
      const count = first & 0x7f;
      if (count === 0) this.fail(at + 1, 'indefinite length (0x80) is not allowed in DER');
      if (count > 4) this.fail(at + 1, `a ${count}-byte length field exceeds 4 bytes`);
      if (at + 2 + count > limit) this.fail(at + 1, `the ${count}-byte length field runs past its parent`);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + this.bytes[at + 2 + i]!;
      contentStart = at + 2 + count;
    }
    const end = contentStart + length;
    if (end > limit) this.fail(at, `element ${hex(tag)} of ${length} bytes runs past its parent (${limit - contentStart} bytes remain)`);
    return { tag, start: at, contentStart, end };
  }

  /** The element at `at`, which must have tag `tag`. */
  expect(at: number, tag: number, what: string, limit?: number): DerNode {
    const n = this.node(at, limit);
    if (n.tag !== tag) this.fail(at, `${what}: expected tag ${hex(tag)}, found ${hex(n.tag)}`);
    return n;
  }

  /** The elements inside a constructed element, in order. */
  children(parent: DerNode): DerNode[] {
    const out: DerNode[] = [];
    for (let at = parent.contentStart; at < parent.end; ) {
      const child = this.node(at, parent.end);
      out.push(child);
      at = child.end;
    }
    return out;
  }

  /** Content octets of an element. */
  content(n: DerNode): Uint8Array {
    return this.bytes.subarray(n.contentStart, n.end);
  }

  /** The whole encoding of an element (header and content), for comparing names byte for byte. */
  raw(n: DerNode): Uint8Array {
    return this.bytes.subarray(n.start, n.end);
  }

  fail(at: number, message: string): never {
    throw new BinaryError('corrupt', `${this.name}: DER at ${hex(this.base + at)}: ${message}`, { offset: this.base + at });
  }
}

/** Dotted form of an OBJECT IDENTIFIER's content ("2.5.4.3"). */
export function oidText(content: Uint8Array): string {
  if (content.length === 0) return '';
  const parts: number[] = [];
  let value = 0;
  for (const b of content) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

/** Text of a directory string (UTF8String, PrintableString, IA5String, T61String as Latin-1, BMPString as UTF-16BE). */
export function stringValue(tag: number, content: Uint8Array): string | undefined {
  switch (tag) {
    case TAG.UTF8String:
      return new TextDecoder('utf-8', { fatal: false }).decode(content);
    case TAG.PrintableString:
    case TAG.IA5String:
    case TAG.T61String:
      return new TextDecoder('latin1').decode(content);
    case TAG.BMPString: {
      let s = '';
      for (let i = 0; i + 1 < content.length; i += 2) s += String.fromCharCode((content[i]! << 8) | content[i + 1]!);
      return s;
    }
    default:
      return undefined;
  }
}
