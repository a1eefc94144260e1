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
      handle = await open(path, 'r');
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String((cause as Error).message);
      throw new IoError('io', `cannot open ${path}: ${why}`, { cause });
    }
    const info = await handle.stat();
    if (!info.isFile() && !info.isBlockDevice()) {
      await handle.close();
      throw new IoError('unsupported', `${path} is not a regular file`);
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
