import { MemoryFilesystem, type MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { GuestFs } from '../../src/guest/guest-fs.js';

/** A guest view over one in-memory root filesystem: the quickest way to describe a guest in a test. */
export function memoryGuest(tree: MemoryTree): GuestFs {
  return new GuestFs([{ mountPoint: '/', fs: new MemoryFilesystem(tree), source: 'memory' }]);
}
