import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { IoError, hex } from '../errors.js';
import { checkRange, type ByteSource } from './byte-source.js';
import { IoCounter } from './io-stats.js';

/**
 * A local image file opened read-only ('r'): nothing is ever written to the image.
 * Counts every pread so the report can show what the gate cost.
 */
export class FileSource implements ByteSource {
  readonly stats = new IoCounter();

  private constructor(
    private readonly handle: FileHandle,
    readonly name: string,
    readonly size: number,
  ) {}

  static async open(path: string): Promise<FileSource> {
    let handle: FileHandle;
    try {
      // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
      // It changes nothing for what we accept (regular files, block devices), which is checked next.
      handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String((cause as Error).message);
      throw new IoError('io', `cannot open ${path}: ${why}`, { cause });
    }
    // fstat of what was opened, not stat of the name: the file cannot be swapped in between.
    const info = await handle.stat();
    if (!info.isFile() && !info.isBlockDevice()) {
      await handle.close();
      throw new IoError('unsupported', `${path} is ${fileKind(info)}: expected a regular file or a block device`);
    }
    return new FileSource(handle, path, info.size);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    checkRange(this, offset, length);
    const buffer = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(buffer, done, length - done, offset + done);
      if (bytesRead === 0) {
        throw new IoError('io', `${this.name}: unexpected end of file at ${hex(offset + done)}`, { offset: offset + done });
      }
      done += bytesRead;
    }
    this.stats.add(length);
    return buffer;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** What a path names, for the message when it is neither a regular file nor a block device. */
function fileKind(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isDirectory()) return 'a directory';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}
