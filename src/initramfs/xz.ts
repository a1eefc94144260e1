import { XzReadableStream } from 'xz-decompress';
import { GateError } from '../errors.js';
import type { DecodeContext } from './decoder.js';

/** xz stream header magic (6 bytes), the footer's "YZ", and the header/footer sizes. */
const HEADER_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const HEADER_SIZE = 12;
const FOOTER_SIZE = 12;

/** CRC-32 (IEEE) of a few bytes: the footer's own check, to find where the stream ends. */
function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function le32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/**
 * The LZMA2 dictionary size of the stream's first block (block header: size byte, flags,
 * optional sizes as varints, then filter flags; LZMA2's one property byte encodes the size),
 * checked against decompressWindowBytes before the decoder allocates it; undefined when the
 * header cannot be read that way (the decoder then judges it).
 */
function firstDictionary(head: Uint8Array): number | undefined {
  let at = HEADER_SIZE;
  if (head.length < at + 2 || head[at] === 0) return undefined;
  const flags = head[at + 1]!;
  at += 2;
  const varint = () => {
    let value = 0;
    for (let shift = 0; shift < 63 && at < head.length; shift += 7) {
      const byte = head[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (!(byte & 0x80)) return value;
    }
    return undefined;
  };
  if (flags & 0x40) varint();
  if (flags & 0x80) varint();
  const filters = (flags & 3) + 1;
  for (let i = 0; i < filters; i++) {
    const id = varint();
    const size = varint();
    if (id === undefined || size === undefined) return undefined;
    if (id === 0x21 && size === 1 && at < head.length) {
      const bits = head[at]! & 0x3f;
      return bits >= 40 ? 0xffffffff : (2 | (bits & 1)) * 2 ** (Math.floor(bits / 2) + 11);
    }
    at += size;
  }
  return undefined;
}

/**
 * One xz stream (what `xz --check=crc32` writes for mkinitramfs and dracut), decoded by
 * xz-decompress (MIT: xz-embedded, the kernel's own xz decoder, compiled to WebAssembly, with a
 * streaming API). It is fed the file a chunk at a time and its output goes on as it comes. It
 * does not say where the stream ended, so the end is found here: the first stream footer
 * (12 bytes ending in "YZ", 4-byte aligned from the stream start, whose CRC32 and stream flags
 * match) in what the decoder took; the rest is given back to the input. An xz archive followed
 * by another archive (not zero padding) is an error: the decoder fails on what follows it.
 */
export async function decodeXz(context: DecodeContext): Promise<void> {
  const { input, corrupt } = context;
  const start = input.position;
  const head = await input.peek(64);
  if (!HEADER_MAGIC.every((b, i) => head[i] === b)) throw corrupt(`no xz stream header at offset ${start}`, start);
  const dictionary = firstDictionary(head);
  if (dictionary !== undefined) context.windowLimit(dictionary, start + HEADER_SIZE);
  const streamFlags = head.subarray(6, 8);

  /** The chunks handed to the decoder, last two kept (the footer ends in the last one). */
  const supplied: { at: number; bytes: Uint8Array }[] = [];
  let exhausted = false;
  const source = new ReadableStream<Uint8Array>({
    pull: async (controller) => {
      const at = input.position;
      const bytes = await input.next();
      if (!bytes) {
        exhausted = true;
        controller.close();
        return;
      }
      supplied.push({ at, bytes });
      if (supplied.length > 2) supplied.shift();
      controller.enqueue(bytes);
    },
  });
  const reader = new XzReadableStream(source).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.length > 0) context.output(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (error instanceof GateError) throw error;
    // xz-embedded reads on past the footer (stream padding, a next stream) and fails on anything
    // else there, losing output it had not handed on: an xz archive must be the file's last, as
    // mkinitramfs and dracut write it; one followed by another archive is reported, not guessed.
    if (exhausted) throw corrupt(`xz stream at offset ${start} is truncated: the file ends inside it`, input.position);
    throw corrupt(`xz stream at offset ${start} is corrupt (${error instanceof Error ? error.message : String(error)})`, start);
  }
  if (!endAtFooter()) throw corrupt(`xz stream at offset ${start}: its end (the stream footer) was not found where the decoder stopped`, input.position);

  /** Finds the footer in the last two chunks taken and gives back what follows it; false when there is none. */
  function endAtFooter(): boolean {
  const tailStart = supplied[0]?.at ?? start;
  const tail = new Uint8Array(Buffer.concat(supplied.map((s) => s.bytes)));
  for (let end = Math.max(HEADER_SIZE + FOOTER_SIZE, 0); end <= tail.length; end++) {
    const absoluteEnd = tailStart + end;
    if (absoluteEnd - start < HEADER_SIZE + FOOTER_SIZE || (absoluteEnd - start) % 4 !== 0) continue;
    const footer = absoluteEnd - FOOTER_SIZE - tailStart;
    if (footer < 0 || tail[end - 2] !== 0x59 || tail[end - 1] !== 0x5a) continue;
    if (tail[end - 4] !== streamFlags[0] || tail[end - 3] !== streamFlags[1]) continue;
    if (crc32(tail.subarray(footer + 4, footer + 10)) !== le32(tail, footer)) continue;
    // Everything after absoluteEnd was taken from the input but is not the stream's.
    const consumed = input.position;
    let rest = consumed - absoluteEnd;
    for (let i = supplied.length - 1; i >= 0 && rest > 0; i--) {
      const piece = supplied[i]!.bytes;
      const back = Math.min(rest, piece.length);
      input.giveBack(piece.subarray(piece.length - back));
      rest -= back;
    }
    return true;
  }
  return false;
  }
}
