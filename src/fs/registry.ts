import type { ByteSource } from '../io/byte-source.js';
import { extDriver } from './ext/driver.js';
import { fatDriver } from './fat/driver.js';
import { xfsDriver } from './xfs/driver.js';
import type { Filesystem, FsDriver } from './types.js';

/**
 * The filesystems we can open, probed in this order: ext2/3/4, XFS (its "XFSB" magic at 0 is
 * definitive, so it goes before FAT's looser boot-sector probe), then FAT12/16/32 (vfat).
 */
export const fsDrivers: readonly FsDriver[] = [extDriver, xfsDriver, fatDriver];

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
