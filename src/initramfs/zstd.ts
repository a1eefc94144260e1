import { Decompress } from 'fzstd';
import { GateError } from '../errors.js';
import type { DecodeContext } from './decoder.js';

/** Zstandard frame magic (RFC 8878 3.1.1) and the skippable-frame magics 0x184D2A50..5F. */
const FRAME_MAGIC = 0xfd2fb528;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
/** Block_Maximum_Size: no block regenerates or stores more (RFC 8878 3.1.1.2.4). */
const MAX_BLOCK = 128 * 1024;
/** Longest frame header: magic 4, descriptor 1, window 1, dictionary id 4, content size 8. */
const MAX_FRAME_HEADER = 18;

function le32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/**
 * A Zstandard stream: one or more frames (and skippable frames), as `zstd` writes and the
 * kernel's unzstd reads. The frame and block headers are walked here, so the end of the stream
 * is known exactly (what follows is left in the input), each block's declared size is checked
 * against Block_Maximum_Size before it is buffered, and the window a frame asks for is checked
 * against decompressWindowBytes before fzstd allocates it. fzstd (MIT, pure JavaScript)
 * decodes the blocks and hands each one's output on as it is produced.
 */
export async function decodeZstd(context: DecodeContext): Promise<void> {
  const { input, corrupt } = context;
  for (let frames = 0; ; frames++) {
    const head = await input.peek(4);
    const magic = head.length === 4 ? le32(head, 0) : -1;
    if (frames > 0 && magic !== FRAME_MAGIC && (magic & SKIPPABLE_MASK) >>> 0 !== SKIPPABLE_MAGIC) return;
    if (magic === FRAME_MAGIC) await decodeFrame(context);
    else if (magic !== -1 && (magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      const start = input.position;
      const header = await take(context, 8, 'a skippable frame header');
      const size = le32(header, 4);
      if ((await input.skip(size)) < size) throw corrupt(`zstd skippable frame at offset ${start} declares ${size} bytes, past the end of the file`, start + 4);
    } else throw corrupt(`no zstd frame magic at offset ${input.position}`, input.position);
  }
}

/** Exactly `length` bytes from the input, or a corrupt error naming `what` was cut off. */
async function take(context: DecodeContext, length: number, what: string): Promise<Uint8Array> {
  const at = context.input.position;
  const bytes = await context.input.peek(length);
  if (bytes.length < length) throw context.corrupt(`zstd stream is truncated: the file ends inside ${what} at offset ${at}`, at);
  await context.input.skip(length);
  return bytes;
}

async function decodeFrame(context: DecodeContext): Promise<void> {
  const { input, corrupt } = context;
  const start = input.position;
  const head = await input.peek(MAX_FRAME_HEADER);
  if (head.length < 6) throw corrupt(`zstd frame at offset ${start} is cut off in its header`, start);
  const descriptor = head[4]!;
  const fcsFlag = descriptor >> 6;
  const singleSegment = (descriptor >> 5) & 1;
  const checksum = (descriptor >> 2) & 1;
  const dictFlag = descriptor & 3;
  if (descriptor & 0x08) throw corrupt(`zstd frame at offset ${start}: reserved bit set in Frame_Header_Descriptor ${descriptor.toString(16)}`, start + 4);
  if (dictFlag !== 0) throw corrupt(`zstd frame at offset ${start} needs a dictionary, which no initramfs compressor uses`, start + 4);
  const fcsBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
  const headerLength = 5 + (singleSegment ? 0 : 1) + fcsBytes;
  if (head.length < headerLength) throw corrupt(`zstd frame at offset ${start} is cut off in its header`, start);
  let window: number;
  if (singleSegment) {
    // The whole content is the window: its size is Frame_Content_Size.
    let size = 0;
    for (let i = fcsBytes - 1; i >= 0; i--) size = size * 256 + head[5 + i]!;
    window = fcsBytes === 2 ? size + 256 : size;
  } else {
    const descriptorByte = head[5]!;
    const base = 2 ** (10 + (descriptorByte >> 3));
    window = base + (base / 8) * (descriptorByte & 7);
  }
  context.windowLimit(window, start + 5);
  const blockLimit = Math.min(MAX_BLOCK, Math.max(window, 1));

  const decompressor = new Decompress((data) => {
    context.output(data);
  });
  const push = (bytes: Uint8Array, final: boolean) => {
    try {
      decompressor.push(bytes, final);
    } catch (error) {
      if (error instanceof GateError) throw error;
      throw corrupt(`zstd frame at offset ${start}: ${error instanceof Error ? error.message : String(error)}`, start);
    }
  };
  push(await take(context, headerLength, 'a frame header'), false);
  for (;;) {
    const blockAt = input.position;
    const header = await take(context, 3, 'a block header');
    const value = header[0]! | (header[1]! << 8) | (header[2]! << 16);
    const last = value & 1;
    const type = (value >> 1) & 3;
    const size = value >> 3;
    if (type === 3) throw corrupt(`zstd block at offset ${blockAt}: reserved Block_Type 3`, blockAt);
    if (size > blockLimit) throw corrupt(`zstd block at offset ${blockAt}: Block_Size ${size} exceeds Block_Maximum_Size ${blockLimit}`, blockAt);
    const stored = type === 1 ? 1 : size;
    const trailing = last && checksum ? 4 : 0;
    push(header, false);
    // The block's bytes (and the checksum after the last), in as many pieces as the input gives.
    let left = stored + trailing;
    while (left > 0) {
      const chunk = await input.next();
      if (!chunk) throw corrupt(`zstd stream is truncated: the file ends inside the block at offset ${blockAt}`, input.position);
      const piece = chunk.subarray(0, Math.min(left, chunk.length));
      input.giveBack(chunk.subarray(piece.length));
      left -= piece.length;
      push(piece, last === 1 && left === 0);
    }
    if (last) {
      // An empty last block without a checksum pushed nothing final yet.
      if (stored + trailing === 0) push(new Uint8Array(0), true);
      break;
    }
  }
}
