import * as zlib from 'node:zlib';
import type { DecodeContext } from './decoder.js';

/** RFC 1952 header flags. */
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const FRESERVED = 0xe0;
/** A gzip header with a name and comment longer than this is not one a compressor writes. */
const MAX_HEADER = 64 * 1024;
/** CRC32 + ISIZE after the deflate data. */
const TRAILER_SIZE = 8;

/** zlib.crc32 exists from Node 20.15 / 22.2; earlier Node 20 releases check ISIZE only. */
const crc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/**
 * One gzip member (RFC 1952), as the kernel's gunzip reads it: the header parsed here, the
 * deflate data through node:zlib's raw inflater one chunk at a time (output handed on as it
 * comes), then the trailer's CRC32 and ISIZE checked. Only this member is read: what follows
 * it (padding, another archive) is left in the input.
 */
export async function decodeGzip(context: DecodeContext): Promise<void> {
  const { input, corrupt } = context;
  const start = input.position;
  const head = await input.peek(MAX_HEADER);
  const headerLength = parseHeader(head, start, corrupt);
  await input.skip(headerLength);

  let size = 0;
  let crc = 0;
  const inflated = await inflateRaw(context, (bytes) => {
    size += bytes.length;
    if (crc32) crc = crc32(bytes, crc);
    context.output(bytes);
  });
  const trailer = await input.peek(TRAILER_SIZE);
  if (trailer.length < TRAILER_SIZE) throw corrupt(`gzip stream at offset ${start} ends before its 8-byte trailer (CRC32, ISIZE)`, input.position);
  const view = new DataView(trailer.buffer, trailer.byteOffset, TRAILER_SIZE);
  const storedCrc = view.getUint32(0, true);
  const isize = view.getUint32(4, true);
  if (isize !== size % 2 ** 32) throw corrupt(`gzip stream at offset ${start}: ISIZE is ${isize}, but it inflated to ${size} bytes`, input.position + 4);
  if (crc32 && storedCrc !== crc >>> 0) throw corrupt(`gzip stream at offset ${start}: CRC32 ${storedCrc.toString(16)} does not match the data (${(crc >>> 0).toString(16)})`, input.position);
  await input.skip(TRAILER_SIZE);
  void inflated;
}

/** Bytes of the member header at the start of `head` (RFC 1952 section 2.3). */
function parseHeader(head: Uint8Array, start: number, corrupt: DecodeContext['corrupt']): number {
  if (head.length < 10) throw corrupt(`gzip stream at offset ${start} is ${head.length} bytes, shorter than a gzip header`, start);
  if (head[0] !== 0x1f || head[1] !== 0x8b) throw corrupt(`gzip magic at offset ${start} is ${hex2(head[0]!)} ${hex2(head[1]!)}, expected 1f 8b`, start);
  if (head[2] !== 8) throw corrupt(`gzip stream at offset ${start}: compression method (CM) ${head[2]} is not deflate (8)`, start + 2);
  const flags = head[3]!;
  if (flags & FRESERVED) throw corrupt(`gzip stream at offset ${start}: reserved flag bits set (FLG ${hex2(flags)})`, start + 3);
  let at = 10;
  const need = (n: number) => {
    if (at + n > head.length) throw corrupt(`gzip stream at offset ${start}: its header runs past ${head.length} bytes (the file's end or ${MAX_HEADER} bytes)`, start + at);
  };
  if (flags & FEXTRA) {
    need(2);
    at += 2 + (head[at]! | (head[at + 1]! << 8));
    need(0);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const end = head.indexOf(0, at);
    if (end < 0) throw corrupt(`gzip stream at offset ${start}: its ${flag === FNAME ? 'file name' : 'comment'} has no NUL within ${MAX_HEADER} bytes`, start + at);
    at = end + 1;
  }
  if (flags & FHCRC) {
    at += 2;
    need(0);
  }
  return at;
}

/**
 * Streams the deflate data at the input's position through zlib.createInflateRaw, feeding one
 * input chunk at a time (so neither input nor output piles up), and gives back to the input
 * what follows the deflate stream (the engine's bytesWritten says how much it consumed).
 */
function inflateRaw(context: DecodeContext, onData: (bytes: Uint8Array) => void): Promise<void> {
  const { input, corrupt } = context;
  const start = input.position;
  return new Promise<void>((resolve, reject) => {
    const inflater = zlib.createInflateRaw();
    let failure: unknown;
    let ended = false;
    let written = 0;
    let last: Uint8Array | undefined;
    const fail = (error: unknown) => {
      if (failure === undefined) failure = error;
      inflater.destroy();
    };
    inflater.on('data', (bytes: Buffer) => {
      if (failure !== undefined) return;
      try {
        onData(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
      } catch (error) {
        fail(error);
      }
    });
    inflater.on('error', (error: Error & { code?: string }) => {
      fail(corrupt(`deflate data of the gzip stream starting before offset ${start} is corrupt (${error.code ?? error.message}) at about offset ${start + inflater.bytesWritten}`, start + inflater.bytesWritten));
    });
    inflater.on('end', () => {
      ended = true;
    });
    inflater.on('close', () => {
      if (failure !== undefined) reject(failure);
    });

    const finish = () => {
      // The engine stopped at the end of the deflate stream: what it did not consume follows it.
      const unconsumed = written - inflater.bytesWritten;
      if (last && unconsumed > 0) input.giveBack(last.subarray(last.length - unconsumed));
      inflater.removeAllListeners('close');
      inflater.destroy();
      resolve();
    };

    const pump = async (): Promise<void> => {
      for (;;) {
        if (failure !== undefined) return;
        if (ended) return finish();
        const chunk = await input.next();
        if (!chunk) {
          fail(corrupt(`gzip stream starting before offset ${start} is truncated: the file ends inside its deflate data`, input.position));
          return;
        }
        last = chunk;
        written += chunk.length;
        await new Promise<void>((done) => inflater.write(chunk, () => done()));
        // 'end' is emitted on a later tick after the engine reports the stream's end.
        await new Promise<void>((done) => setImmediate(done));
      }
    };
    pump().catch(fail);
  });
}

function hex2(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
