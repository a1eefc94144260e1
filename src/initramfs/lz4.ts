import type { DecodeContext } from './decoder.js';

/**
 * LZ4, written here: the block format is a page of code (lz4_Block_format.md), and no npm
 * package both streams and reads the legacy format the kernel uses (`lz4 -l`, what mkinitramfs
 * writes); lz4js holds whole buffers. Two containers:
 *  - legacy (magic 0x184C2102, the kernel's unlz4): blocks of a 4-byte compressed size and
 *    data, each decompressing to at most 8 MiB, independent; the stream ends at the file's end,
 *    at zero padding, or where another archive's magic stands;
 *  - frame (magic 0x184D2204, lz4_Frame_format.md; the kernel does not read it, `lz4` writes
 *    it without -l): descriptor, blocks (high bit: stored), an end mark, optional checksums
 *    (skipped, not verified), blocks linked through a 64 KiB history unless independent.
 */

const LEGACY_MAGIC = 0x184c2102;
const FRAME_MAGIC = 0x184d2204;
/** A legacy block decompresses to at most 8 MiB (LEGACY_BLOCKSIZE). */
const LEGACY_BLOCK = 8 * 1024 * 1024;
/** LZ4_compressBound: the largest compressed form of `n` bytes. */
const compressBound = (n: number) => n + Math.floor(n / 255) + 16;
/** History a linked block may refer back into. */
const HISTORY = 64 * 1024;

function le32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/** Exactly `length` bytes from the input, or a corrupt error naming what was cut off. */
async function take(context: DecodeContext, length: number, what: string): Promise<Uint8Array> {
  const at = context.input.position;
  const bytes = await context.input.peek(length);
  if (bytes.length < length) throw context.corrupt(`lz4 stream is truncated: the file ends inside ${what} at offset ${at}`, at);
  await context.input.skip(length);
  return bytes;
}

/**
 * Decodes one LZ4 block `src` into `out` starting at `start` (bytes before `start` are the
 * history matches may reach); returns the end of the output. Every length and offset is
 * checked against the buffers: a corrupt block throws `fail`, never reads or writes outside.
 */
export function decodeBlock(src: Uint8Array, out: Uint8Array, start: number, fail: (message: string) => Error): number {
  let ip = 0;
  let op = start;
  const end = src.length;
  while (ip < end) {
    const token = src[ip++]!;
    let literals = token >> 4;
    if (literals === 15) {
      let b: number;
      do {
        if (ip >= end) throw fail('a literal length runs past the end of the block');
        b = src[ip++]!;
        literals += b;
      } while (b === 255);
    }
    if (ip + literals > end) throw fail(`${literals} literals run past the end of the block`);
    if (op + literals > out.length) throw fail(`the block decompresses to more than ${out.length - start} bytes`);
    out.set(src.subarray(ip, ip + literals), op);
    ip += literals;
    op += literals;
    if (ip === end) break; // the last sequence has literals only
    if (ip + 2 > end) throw fail('a match offset runs past the end of the block');
    const offset = src[ip]! | (src[ip + 1]! << 8);
    ip += 2;
    if (offset === 0 || offset > op) throw fail(`match offset ${offset} reaches before the start of the output`);
    let length = token & 15;
    if (length === 15) {
      let b: number;
      do {
        if (ip >= end) throw fail('a match length runs past the end of the block');
        b = src[ip++]!;
        length += b;
      } while (b === 255);
    }
    length += 4;
    if (op + length > out.length) throw fail(`the block decompresses to more than ${out.length - start} bytes`);
    let from = op - offset;
    if (offset >= length) {
      out.copyWithin(op, from, from + length);
      op += length;
    } else {
      for (let i = 0; i < length; i++) out[op++] = out[from++]!;
    }
  }
  return op;
}

/** The legacy format (lz4 -l), as the kernel reads it. */
export async function decodeLz4Legacy(context: DecodeContext): Promise<void> {
  const { input, corrupt } = context;
  await take(context, 4, 'the magic');
  const out = new Uint8Array(LEGACY_BLOCK);
  for (;;) {
    const at = input.position;
    const head = await input.peek(4);
    if (head.length === 0) return;
    if (head.length < 4) throw corrupt(`lz4 stream is truncated: ${head.length} bytes where a block size was expected at offset ${at}`, at);
    const size = le32(head, 0);
    // Zero padding or the next archive end the stream; another legacy magic starts a new one.
    if (size === 0) return;
    if (size === LEGACY_MAGIC) {
      await input.skip(4);
      continue;
    }
    // Not a block size: what follows the stream (another archive), for the caller to sniff.
    if (size > compressBound(LEGACY_BLOCK)) return;
    await input.skip(4);
    const block = await take(context, size, `a ${size}-byte block`);
    const length = decodeBlock(block, out, 0, (message) => corrupt(`lz4 block at offset ${at}: ${message}`, at));
    context.output(out.slice(0, length));
  }
}

/** The frame format (lz4 without -l). */
export async function decodeLz4Frame(context: DecodeContext): Promise<void> {
  const { input, corrupt } = context;
  for (let frames = 0; ; frames++) {
    const start = input.position;
    const peek = await input.peek(4);
    if (frames > 0 && (peek.length < 4 || le32(peek, 0) !== FRAME_MAGIC)) return;
    const head = await take(context, 6, 'a frame header');
    if (le32(head, 0) !== FRAME_MAGIC) throw corrupt(`no lz4 frame magic at offset ${start}`, start);
    const flg = head[4]!;
    const bd = head[5]!;
    if (flg >> 6 !== 1) throw corrupt(`lz4 frame at offset ${start}: version ${flg >> 6}, expected 1`, start + 4);
    if (flg & 0x01) throw corrupt(`lz4 frame at offset ${start} needs a dictionary`, start + 4);
    const independent = (flg >> 5) & 1;
    const blockChecksum = (flg >> 4) & 1;
    const contentChecksum = (flg >> 2) & 1;
    const blockMax = [0, 0, 0, 0, 64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024][(bd >> 4) & 7]!;
    if (blockMax === 0) throw corrupt(`lz4 frame at offset ${start}: block maximum size code ${(bd >> 4) & 7} is reserved`, start + 5);
    // Content size (8 bytes) if flagged, then the header checksum byte.
    await take(context, ((flg >> 3) & 1 ? 8 : 0) + 1, 'a frame header');
    const history = independent ? 0 : HISTORY;
    const out = new Uint8Array(history + blockMax);
    let kept = 0; // bytes of history at the start of `out`
    for (;;) {
      const at = input.position;
      const sizeField = le32(await take(context, 4, 'a block size'), 0);
      if (sizeField === 0) break;
      const stored = sizeField >>> 31 === 1;
      const size = sizeField & 0x7fffffff;
      if (size > blockMax) throw corrupt(`lz4 block at offset ${at}: ${size} bytes, more than the frame's block maximum ${blockMax}`, at);
      const block = await take(context, size, `a ${size}-byte block`);
      let end: number;
      if (stored) {
        out.set(block, kept);
        end = kept + size;
      } else {
        end = decodeBlock(block, out, kept, (message) => corrupt(`lz4 block at offset ${at}: ${message}`, at));
      }
      context.output(out.slice(kept, end));
      if (blockChecksum) await take(context, 4, 'a block checksum');
      if (history) {
        const keep = Math.min(history, end);
        out.copyWithin(0, end - keep, end);
        kept = keep;
      }
    }
    if (contentChecksum) await take(context, 4, 'the content checksum');
  }
}
