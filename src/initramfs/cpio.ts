/**
 * A streaming reader of cpio "newc" archives (magic 070701, and 070702 with a checksum), the
 * way the kernel's init/initramfs.c reads them: fed the bytes in pieces of any size, it keeps
 * only one header and name at a time, skips bodies it is not asked to keep, and never holds an
 * archive. Like the kernel, zeros between entries are padding (an archive may end and the next
 * begin after them), and each header must start at a multiple of 4 bytes from the stream start.
 *
 * Stricter than the kernel where real tools never write what it tolerates: an entry whose name
 * size is 0 or above PATH_MAX, or a symlink target above PATH_MAX, is corrupt here (the kernel
 * skips it silently), so a hostile archive cannot make entries the listing would not show.
 */

/** Bytes of a newc header: the 6-byte magic and 13 fields of 8 hex digits. */
export const CPIO_HEADER_SIZE = 110;
/** The kernel's PATH_MAX: longest name (with its NUL) and symlink target it accepts. */
export const PATH_MAX = 4096;
/** The name that ends an archive. */
export const TRAILER = 'TRAILER!!!';

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const ZERO = 0x00;
const DIGIT_ZERO = 0x30;

/** A header as read: the fields callers use. */
export interface CpioHeader {
  /** Offset of the header in the stream being parsed. */
  offset: number;
  /** c_mode. */
  mode: number;
  /** c_filesize. */
  size: number;
  /** c_nlink. */
  nlink: number;
  /** Name as stored, without the NUL. */
  name: string;
}

/** What the parser reports; `entry` decides whether a regular file's body is kept. */
export interface CpioHandlers {
  /** An entry's header and name (not called for TRAILER!!!). Return true to get the body of a regular file through `content`. */
  entry(header: CpioHeader): boolean;
  /** The body of a regular file `entry` asked for. */
  content(header: CpioHeader, body: Uint8Array): void;
  /** A symlink's target (always collected: at most PATH_MAX bytes). */
  symlink(header: CpioHeader, target: string): void;
  /** TRAILER!!! was read (an archive ended; another may follow). */
  trailer(offset: number): void;
  /** Builds the error for a problem at `offset` of this stream (the caller knows which layer, file and archive). */
  corrupt(message: string, offset: number): Error;
}

type State = 'between' | 'header' | 'name' | 'body' | 'pad';

const decoder = new TextDecoder();

/** c_magic and the 13 fields, at their offsets in the 110-byte header. */
const FIELDS = ['c_ino', 'c_mode', 'c_uid', 'c_gid', 'c_nlink', 'c_mtime', 'c_filesize', 'c_devmajor', 'c_devminor', 'c_rdevmajor', 'c_rdevminor', 'c_namesize', 'c_check'] as const;
const FIELD_MODE = 1;
const FIELD_NLINK = 4;
const FIELD_FILESIZE = 6;
const FIELD_NAMESIZE = 11;

/** The kernel's N_ALIGN: bytes the name takes so that header + name end on a multiple of 4. */
function alignedNameSize(namesize: number): number {
  return ((namesize + 1) & ~3) + 2;
}

/**
 * A push parser: `feed` the stream's bytes in order, then `end` it. `feed` returns how many
 * bytes it consumed: all of them, except when, between entries, it meets a byte that can start
 * neither padding nor a header (a compressed archive following an uncompressed one): it stops
 * there and the caller decides what that byte starts.
 */
export class CpioParser {
  /** Offset in the stream of the next byte fed (set by restart). */
  position = 0;
  private state: State = 'between';
  /** Bytes of the header or name being collected. */
  private collected = new Uint8Array(CPIO_HEADER_SIZE);
  private collectedLength = 0;
  private need = 0;
  private headerOffset = 0;
  private fields: number[] = [];
  private current?: CpioHeader;
  /** Body bytes still to pass (kept or skipped), then padding. */
  private bodyLeft = 0;
  private body?: Uint8Array;
  private bodyFill = 0;
  private symlinkBody = false;
  /** Entries seen, TRAILER!!! not counted. */
  entries = 0;
  /** Whether the bytes before the current position were an entry (then padding must end aligned), and where it ended. */
  private afterEntry = false;
  private entryEnd = 0;

  constructor(private readonly handlers: CpioHandlers) {}

  /**
   * Continues at `position` of a new stream (a compressed archive's output from 0, or the file
   * again after one), between entries: alignment is counted from there.
   */
  restart(position: number): void {
    if (this.state !== 'between') throw new Error('CpioParser.restart inside an entry');
    this.position = position;
    this.afterEntry = false;
  }

  /** Whether the parser stands between entries (where a stream may end). */
  get atBoundary(): boolean {
    return this.state === 'between';
  }

  /** Consumes what it can of `chunk` (see the class comment); returns the bytes consumed. */
  feed(chunk: Uint8Array): number {
    let i = 0;
    while (i < chunk.length) {
      switch (this.state) {
        case 'between': {
          const byte = chunk[i]!;
          if (byte === ZERO) {
            i++;
            this.position++;
            continue;
          }
          if (byte !== DIGIT_ZERO || this.position % 4 !== 0) {
            if (this.position % 4 !== 0 && this.afterEntry) {
              throw this.handlers.corrupt(`padding after the entry ending at offset ${this.entryEnd} stops at offset ${this.position}, which is not a multiple of 4 (the kernel's "broken padding")`, this.position);
            }
            return i;
          }
          this.startCollect('header', CPIO_HEADER_SIZE);
          this.headerOffset = this.position;
          continue;
        }
        case 'header':
        case 'name': {
          const take = Math.min(this.need - this.collectedLength, chunk.length - i);
          this.collected.set(chunk.subarray(i, i + take), this.collectedLength);
          this.collectedLength += take;
          i += take;
          this.position += take;
          if (this.collectedLength === this.need) {
            if (this.state === 'header') this.parseHeader();
            else this.parseName();
          }
          continue;
        }
        case 'body': {
          const take = Math.min(this.bodyLeft, chunk.length - i);
          if (this.body) this.body.set(chunk.subarray(i, i + take), this.bodyFill);
          this.bodyFill += take;
          this.bodyLeft -= take;
          i += take;
          this.position += take;
          if (this.bodyLeft === 0) this.endBody();
          continue;
        }
        case 'pad': {
          const take = Math.min(this.bodyLeft, chunk.length - i);
          i += take;
          this.position += take;
          this.bodyLeft -= take;
          if (this.bodyLeft === 0) this.state = 'between';
          continue;
        }
      }
    }
    return i;
  }

  /** The stream ended: it must end between entries. */
  end(): void {
    if (this.state === 'between') return;
    const what = this.current ? `entry "${this.current.name}"` : 'a header';
    const missing = this.state === 'header' || this.state === 'name' ? this.need - this.collectedLength : this.bodyLeft;
    throw this.handlers.corrupt(`the archive ends inside ${what} (started at offset ${this.headerOffset}), ${missing} bytes short`, this.position);
  }

  private startCollect(state: 'header' | 'name', size: number): void {
    this.state = state;
    this.need = size;
    this.collectedLength = 0;
    if (this.collected.length < size) this.collected = new Uint8Array(size);
  }

  private parseHeader(): void {
    const magic = decoder.decode(this.collected.subarray(0, 6));
    if (magic !== '070701' && magic !== '070702') {
      const hint = magic === '070707' ? ' (this is the old portable format: the kernel reads only newc, cpio -H newc)' : '';
      throw this.handlers.corrupt(`no cpio newc magic at offset ${this.headerOffset}: found ${JSON.stringify(magic)}, expected "070701" or "070702"${hint}`, this.headerOffset);
    }
    this.fields = FIELDS.map((name, index) => {
      const at = 6 + index * 8;
      const text = decoder.decode(this.collected.subarray(at, at + 8));
      if (!/^[0-9A-Fa-f]{8}$/.test(text)) throw this.handlers.corrupt(`cpio header at offset ${this.headerOffset}: ${name} is ${JSON.stringify(text)}, not 8 hex digits`, this.headerOffset + at);
      return parseInt(text, 16);
    });
    const namesize = this.fields[FIELD_NAMESIZE]!;
    if (namesize < 1 || namesize > PATH_MAX) {
      throw this.handlers.corrupt(`cpio header at offset ${this.headerOffset}: c_namesize ${namesize} is outside 1..${PATH_MAX}`, this.headerOffset + 6 + FIELD_NAMESIZE * 8);
    }
    this.startCollect('name', alignedNameSize(namesize));
  }

  private parseName(): void {
    const namesize = this.fields[FIELD_NAMESIZE]!;
    if (this.collected[namesize - 1] !== ZERO) {
      throw this.handlers.corrupt(`cpio entry at offset ${this.headerOffset}: its name is not NUL-terminated within c_namesize ${namesize}`, this.headerOffset + CPIO_HEADER_SIZE);
    }
    const name = decoder.decode(this.collected.subarray(0, namesize - 1));
    const mode = this.fields[FIELD_MODE]!;
    const size = this.fields[FIELD_FILESIZE]!;
    const header: CpioHeader = { offset: this.headerOffset, mode, size, nlink: this.fields[FIELD_NLINK]!, name };
    this.current = header;
    this.body = undefined;
    this.bodyFill = 0;
    this.symlinkBody = false;
    if (name === TRAILER) {
      this.handlers.trailer(this.headerOffset);
    } else {
      this.entries++;
      const type = mode & S_IFMT;
      if (type === S_IFLNK) {
        if (size > PATH_MAX) throw this.handlers.corrupt(`cpio entry "${name}" at offset ${this.headerOffset}: symlink target of ${size} bytes is longer than PATH_MAX (${PATH_MAX})`, this.headerOffset + 6 + FIELD_FILESIZE * 8);
        this.body = new Uint8Array(size);
        this.symlinkBody = true;
        this.handlers.entry(header);
      } else if (this.handlers.entry(header) && type === S_IFREG) {
        this.body = new Uint8Array(size);
      }
    }
    this.bodyLeft = size;
    this.state = 'body';
    if (size === 0) this.endBody();
  }

  private endBody(): void {
    const header = this.current!;
    if (this.body) {
      if (this.symlinkBody) this.handlers.symlink(header, decoder.decode(this.body));
      else this.handlers.content(header, this.body);
      this.body = undefined;
    }
    this.bodyLeft = (4 - (this.position % 4)) % 4;
    this.state = this.bodyLeft === 0 ? 'between' : 'pad';
    this.afterEntry = true;
    this.entryEnd = this.position + this.bodyLeft;
  }
}
