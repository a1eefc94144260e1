import { InitramfsError } from '../errors.js';
import type { GuestFs } from '../guest/guest-fs.js';
import { enforceBudget, type Budget } from '../limits.js';
import { sniffCompression, SNIFF_BYTES } from './compression.js';
import { CpioParser, type CpioHeader } from './cpio.js';
import { FileCursor } from './cursor.js';
import type { Decoder } from './decoder.js';
import { decoders } from './decoders.js';
import type { Compression, InitramfsArchive, InitramfsEntry, InitramfsListing, ReadInitramfsOptions } from './types.js';

/**
 * Lists an initramfs the way the kernel unpacks it (init/initramfs.c, unpack_to_rootfs): the
 * file is a sequence of archives, each either uncompressed cpio (it starts with "0" at a
 * multiple of 4 bytes: the early microcode archives dracut and mkinitramfs put first) or a
 * compressed stream recognised by its magic (decompress_method) whose output is cpio; zeros
 * between archives are padding. Everything is streamed: the file is read a chunk at a time,
 * decompressed output goes straight into the cpio parser, and only the headers, the symlink
 * targets and the files `keep` accepts are held.
 *
 * Returns undefined when `path` does not exist or is not a regular file. Throws an InitramfsError (corrupt, unsupported)
 * naming the offset in the file for anything the kernel would stop at (bad magic, truncated
 * streams, corrupt cpio), a LimitError when a budget of src/limits.ts is exceeded (the file's
 * size, the decompressed bytes, the entries, the kept bytes, a decoder's window), and the
 * reads' own errors (initramfsBytes counts every byte read from initramfs files in the run).
 */
export async function readInitramfs(guest: GuestFs, path: string, options: ReadInitramfsOptions = {}): Promise<InitramfsListing | undefined> {
  // Every piece read is charged to initramfsBytes (run-wide), and the file must fit it whole.
  const file = await guest.openFile(path, 'initramfsBytes');
  if (!file) return undefined;
  guest.enforce('initramfsBytes', file.size, file.name, `an initramfs of ${file.size} bytes`);
  const listing: InitramfsListing = { path: file.name, size: file.size, archives: [], entries: [], files: new Map() };
  const budget = (name: Budget, used: number, what: (limit: number) => string, offset: number) =>
    enforceBudget('initramfs', name, used, what, { offset, path: listing.path }, guest.budgets[name]);
  const input = new FileCursor(file);
  let expanded = 0;
  let kept = 0;

  /** The archive being read: an uncompressed one from its first header to its trailer, or one compressed stream. */
  let archive: InitramfsArchive | undefined;
  let compressedArchive = false;

  const corrupt = (message: string, offset: number) => new InitramfsError('corrupt', message, { offset, path: listing.path });
  const inArchive = (message: string, streamOffset: number): Error => {
    const a = archive;
    return a && compressedArchive
      ? corrupt(`${a.compression} archive at offset ${a.offset}, ${streamOffset} bytes into its decompressed data: ${message}`, a.offset)
      : corrupt(message, streamOffset);
  };
  const keepBytes = (bytes: number, what: string, offset: number) => {
    kept += bytes;
    budget('initramfsKeptBytes', kept, (limit) => `keeping ${what} would take the contents kept from this initramfs past ${limit} bytes`, offset);
  };
  /** The archive a header at `offset` belongs to: outside any, it starts an uncompressed one. */
  const archiveAt = (offset: number): InitramfsArchive => {
    if (!archive) {
      archive = { offset, compression: 'none', storedBytes: 0, cpioBytes: 0, entries: 0 };
      compressedArchive = false;
      listing.archives.push(archive);
    }
    return archive;
  };
  const closeUncompressed = (end: number) => {
    if (!archive || compressedArchive) return;
    archive.storedBytes = archive.cpioBytes = end - archive.offset;
    archive = undefined;
  };

  const parser = new CpioParser({
    entry: (header: CpioHeader) => {
      const current = archiveAt(header.offset);
      const place = compressedArchive ? current.offset : header.offset;
      budget('initramfsEntries', listing.entries.length + 1, (limit) => `the initramfs has more than ${limit} cpio entries`, place);
      current.entries++;
      const entry: InitramfsEntry = { name: normaliseName(header.name), mode: header.mode, size: header.size, archive: listing.archives.length - 1 };
      listing.entries.push(entry);
      if ((header.mode & 0o170000) !== 0o100000 || !options.keep?.(entry.name, entry.size)) return false;
      keepBytes(header.size, `"${entry.name}" (${header.size} bytes)`, place);
      return true;
    },
    content: (header, body) => {
      listing.files.set(normaliseName(header.name), body);
    },
    symlink: (header, target) => {
      keepBytes(target.length, `the target of "${header.name}"`, compressedArchive ? archive!.offset : header.offset);
      listing.entries[listing.entries.length - 1]!.target = target;
    },
    trailer: (offset) => {
      // An uncompressed archive ends at its trailer; a compressed stream is one archive however many trailers it holds.
      archiveAt(offset);
      if (!compressedArchive) closeUncompressed(parser.position);
    },
    corrupt: inArchive,
  });

  // The kernel's loop: uncompressed cpio and zeros are read in place (the parser's offsets are
  // then file offsets); any other byte between entries starts a compressed archive.
  for (;;) {
    const chunk = await input.next();
    if (!chunk) break;
    const at = input.position - chunk.length;
    const consumed = parser.feed(chunk);
    if (consumed === chunk.length) continue;
    input.giveBack(chunk.subarray(consumed));
    closeUncompressed(at + consumed);
    await readCompressed(input, at + consumed);
    parser.restart(input.position);
  }
  parser.end();
  closeUncompressed(parser.position);
  return listing;

  /** Reads the compressed archive starting at file offset `at` through its decoder into the parser. */
  async function readCompressed(cursor: FileCursor, at: number): Promise<void> {
    const head = await cursor.peek(SNIFF_BYTES);
    const method = sniffCompression(head);
    if (method === undefined) {
      throw corrupt(`no cpio header and no known compression magic at offset ${at} (found ${[...head].map((b) => b.toString(16).padStart(2, '0')).join(' ')})`, at);
    }
    const decoder: Decoder | undefined = decoders[method as Compression];
    if (!decoder || method === 'none') {
      throw new InitramfsError('unsupported', `the archive at offset ${at} is ${method}-compressed, which vhd-gate does not decompress yet (gzip, zstd, xz and lz4 are read)`, { offset: at, path: listing.path });
    }
    const current: InitramfsArchive = { offset: at, compression: method as Compression, storedBytes: 0, cpioBytes: 0, entries: 0 };
    archive = current;
    compressedArchive = true;
    listing.archives.push(current);
    const streamParser = parser;
    // Offsets (and the 4-byte alignment of headers) restart at each compressed stream, as the kernel's this_header does.
    streamParser.restart(0);
    await decoder({
      input: cursor,
      output: (bytes) => {
        expanded += bytes.length;
        current.cpioBytes += bytes.length;
        budget('initramfsExpandedBytes', expanded, (limit) => `the initramfs decompresses to more than ${limit} bytes`, at);
        const consumed = streamParser.feed(bytes);
        if (consumed < bytes.length) throw inArchive(`junk within the compressed archive: byte ${bytes[consumed]!.toString(16).padStart(2, '0')} where a cpio header or padding was expected`, streamParser.position);
      },
      corrupt,
      windowLimit: (bytes, offset) => budget('decompressWindowBytes', bytes, (limit) => `the ${method} stream at offset ${at} asks for a ${bytes}-byte window, more than ${limit}`, offset),
    });
    // The kernel: "junk at the end of compressed archive" unless the stream ended between entries.
    streamParser.end();
    current.storedBytes = cursor.position - at;
    archive = undefined;
    compressedArchive = false;
  }
}

/** A cpio name as the kernel would create it under "/": without leading "./" and "/" ("." stays "."). */
export function normaliseName(name: string): string {
  let n = name;
  for (;;) {
    if (n.startsWith('./')) n = n.slice(2);
    else if (n.startsWith('/')) n = n.slice(1);
    else break;
  }
  return n === '' ? '.' : n;
}
