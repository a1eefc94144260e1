import type { ByteSource } from '../io/byte-source.js';
import { extDriver } from './ext/driver.js';
import type { Filesystem, FsDriver } from './types.js';

/**
 * The filesystems we can open, probed in this order. Only ext2/3/4 for now; XFS and FAT
 * drivers are added here when they exist.
 */
export const fsDrivers: readonly FsDriver[] = [extDriver];

/**
 * Opens the first filesystem whose driver recognises the volume, or undefined when none does.
 * A recognised but unreadable filesystem throws the driver's FilesystemError.
 */
export async function openFilesystem(source: ByteSource, drivers: readonly FsDriver[] = fsDrivers): Promise<Filesystem | undefined> {
  for (const driver of drivers) {
    if (await driver.probe(source)) return driver.open(source);
  }
  return undefined;
}
