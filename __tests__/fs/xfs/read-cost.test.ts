import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { MemorySource, type ByteSource } from '../../../src/io/byte-source.js';
import { crc32c } from '../../../src/fs/xfs/crc.js';
import { XfsFilesystem } from '../../../src/fs/xfs/xfs-fs.js';
import { gzBytes, repoRoot } from '../helpers/images.js';

/** A source that counts the bytes read through it. */
function counting(inner: ByteSource): ByteSource & { bytesRead: number } {
  const counter = {
    name: inner.name,
    size: inner.size,
    bytesRead: 0,
    async read(offset: number, length: number) {
      counter.bytesRead += length;
      return inner.read(offset, length);
    },
  };
  return counter;
}

describe('XFS reader read cost', () => {
  it('open + two lookups + one small file reads a few KiB, not the AGs', async () => {
    const source = counting(new MemorySource(gzBytes(path.join(repoRoot, '__tests__/fixtures/xfs/xfs-v5.img.gz'))));
    const fs = await XfsFilesystem.open(source);
    const etc = (await fs.lookup(await fs.root(), 'etc'))!;
    const hostname = (await fs.lookup(etc, 'hostname'))!;
    expect(new TextDecoder().decode(await fs.readFile(hostname, 1024))).toBe('fixture-host\n');
    // Superblock + sector, three inodes, /etc's block-format directory block, one data block.
    expect(source.bytesRead).toBeLessThanOrEqual(512 * 2 + 3 * 512 + 2 * 4096);
  });
});

describe('crc32c', () => {
  it('matches the CRC-32C check value and treats the skipped field as zeros', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    const withField = new Uint8Array([1, 2, 3, 0xaa, 0xbb, 0xcc, 0xdd, 4]);
    expect(crc32c(withField, 3)).toBe(crc32c(new Uint8Array([1, 2, 3, 0, 0, 0, 0, 4])));
  });
});
