import { toleratedError, type ErrorRecord } from '../../error-record.js';
import type { Filesystem, FsNode } from '../types.js';

/** Directories below \EFI\ walked at most this deep (EFI/<vendor>/<sub>/... is never deeper in practice). */
const MAX_DEPTH = 6;
/** Entries looked at in all, so a hostile ESP cannot make the walk long. */
const MAX_ENTRIES = 10_000;

/** What the EFI System Partition holds, for the generation-2 loader check. */
export interface EspLoaders {
  /** Partition number of the ESP that was read. */
  partition: number;
  /** Every *.EFI file under \EFI\, as stored ("EFI/BOOT/BOOTX64.EFI", "EFI/ubuntu/shimx64.efi"), sorted. */
  loaders: string[];
  /** Why the ESP's files could not be listed (an unreadable FAT), when they could not. */
  error?: ErrorRecord;
}

/**
 * Lists every file whose name ends in ".efi" (any case) under the root's EFI directory (any
 * case), with the names as stored. Bounded in depth and entries; an absent \EFI\ gives [].
 * Throws the filesystem's GateError when a directory is corrupt.
 */
export async function listEfiLoaders(fs: Filesystem): Promise<string[]> {
  const efi = await fs.lookup(await fs.root(), 'EFI');
  if (!efi || efi.type !== 'dir') return [];
  const rootName = (await fs.readdir(await fs.root())).find((e) => e.name.toLowerCase() === 'efi')?.name ?? 'EFI';
  const found: string[] = [];
  let seen = 0;
  const visit = async (dir: FsNode, prefix: string, depth: number): Promise<void> => {
    for (const entry of await fs.readdir(dir)) {
      if (++seen > MAX_ENTRIES) return;
      const path = `${prefix}/${entry.name}`;
      if (entry.type === 'file' && /\.efi$/i.test(entry.name)) found.push(path);
      if (entry.type === 'dir' && depth < MAX_DEPTH) {
        const child = await fs.lookup(dir, entry.name);
        if (child?.type === 'dir') await visit(child, path, depth + 1);
      }
    }
  };
  await visit(efi, rootName, 1);
  return found.sort();
}

/** A volume as inspection opened it (the shape of guest/volume.ts Volume, kept structural). */
export interface OpenedVolume {
  partitionNumber?: number;
  fs?: Filesystem;
  fsType?: string;
  error?: ErrorRecord;
}

/**
 * The loaders on the first EFI System Partition (by partition number) that holds a FAT
 * filesystem we opened; undefined when no ESP holds one (BOOT-GEN2-ESP reports that from the
 * layout). A corrupt directory under \EFI\ is recorded as `error`, not thrown; a medium failure is.
 */
export async function readEspLoaders(espNumbers: readonly number[], volumes: readonly OpenedVolume[]): Promise<EspLoaders | undefined> {
  for (const partition of espNumbers) {
    const volume = volumes.find((v) => v.partitionNumber === partition);
    if (!volume) continue;
    if (!volume.fs) {
      if (volume.error && volume.fsType === 'vfat') return { partition, loaders: [], error: volume.error };
      continue;
    }
    if (volume.fs.type !== 'vfat') continue;
    try {
      return { partition, loaders: await listEfiLoaders(volume.fs) };
    } catch (error) {
      return { partition, loaders: [], error: toleratedError(error) };
    }
  }
  return undefined;
}
