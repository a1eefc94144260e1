import { readBinary, type BinaryInfo } from '../binaries/read-binary.js';
import { toleratedError, type ErrorRecord } from '../error-record.js';
import type { Filesystem } from '../fs/types.js';
import { GuestFs } from '../guest/guest-fs.js';
import type { BootFacts } from './boot/types.js';

/**
 * What the guest's binaries are built for and how its boot chain is signed: the machine of
 * /sbin/init's target and /bin/sh (the userland), of the default kernel image, and of every
 * EFI loader on the EFI System Partition with its Authenticode signer names and, for shim,
 * the next stage it loads. Headers only (src/binaries), each read bounded; a binary whose
 * headers cannot be read carries the error, the others are still read.
 * Signatures are identified by name, never verified.
 */
export interface BinariesFacts {
  /** /sbin/init, symlinks followed (usually /lib/systemd/systemd); undefined when the path does not exist. */
  init?: BinaryFact;
  /** /bin/sh, symlinks followed (dash, bash, busybox). */
  shell?: BinaryFact;
  /** The default boot entry's kernel image (facts.boot); undefined when no default entry is known. */
  kernel?: BinaryFact;
  /** The EFI loaders on the ESP; undefined when the image has no readable FAT ESP (BOOT-GEN2-ESP reports that). */
  esp?: EspBinaries;
}

/** One binary: where it was looked for, where it is, and what its headers say (or why they could not be read). */
export interface BinaryFact {
  /** The path asked for: "/sbin/init", "/boot/vmlinuz-6.1.0-13-amd64", or on the ESP "EFI/BOOT/BOOTX64.EFI". */
  path: string;
  /** Canonical guest path after following symlinks ("/usr/lib/systemd/systemd"); the ESP has none. */
  resolved?: string;
  info?: BinaryInfo;
  /** Why the headers could not be read: a corrupt header (layer binary) or an unreadable file. */
  error?: ErrorRecord;
}

/** An EFI loader on the ESP and, for shim, the next stage it loads. */
export interface EspLoader extends BinaryFact {
  /**
   * For a shim (SBAT component "shim"): the second stage it starts, by its built-in name
   * ("grubx64.efi"), from the same directory, and its path there when present.
   */
  nextStage?: { name: string; path?: string };
}

export interface EspBinaries {
  /** Partition number of the ESP that was read. */
  partition: number;
  /** Every *.EFI under \EFI\, as listed by BOOT-GEN2-ESP's reader, with headers. */
  loaders: EspLoader[];
}

/** The ESP as inspection opened it: its FAT filesystem and the loaders listed on it (image.esp). */
export interface EspFiles {
  partition: number;
  fs: Filesystem;
  loaders: readonly string[];
}

/** What collectBinaries needs besides the guest: the default boot entry and the ESP. */
export interface BinariesContext {
  boot?: BootFacts;
  esp?: EspFiles;
}

export async function collectBinaries(guest: GuestFs, context: BinariesContext = {}): Promise<BinariesFacts> {
  const facts: BinariesFacts = {};
  const init = await readGuestBinary(guest, '/sbin/init');
  if (init) facts.init = init;
  const shell = await readGuestBinary(guest, '/bin/sh');
  if (shell) facts.shell = shell;
  const kernelPath = context.boot?.default?.kernel;
  if (kernelPath) facts.kernel = (await readGuestBinary(guest, kernelPath)) ?? { path: kernelPath };
  if (context.esp) facts.esp = await readEsp(guest, context.esp);
  return facts;
}

/** A guest binary's headers; undefined when the path does not resolve to a regular file. */
async function readGuestBinary(view: GuestFs, path: string): Promise<BinaryFact | undefined> {
  const source = await view.openFile(path);
  if (!source) return undefined;
  const fact: BinaryFact = { path, resolved: source.name };
  try {
    fact.info = await readBinary(source);
  } catch (error) {
    fact.error = toleratedError(error);
  }
  return fact;
}

/**
 * Every loader on the ESP, read through a view rooted at the ESP (names compared as FAT does,
 * budgets as for guest files). Shim's next stage is looked up beside it.
 */
async function readEsp(guest: GuestFs, esp: EspFiles): Promise<EspBinaries> {
  const view = new GuestFs([{ mountPoint: '/', fs: esp.fs, source: `partition ${esp.partition} (EFI System Partition)` }], guest.budgets);
  guest.enforce('globFiles', esp.loaders.length, '/EFI', `${esp.loaders.length} EFI loaders on the ESP`);
  const loaders: EspLoader[] = [];
  for (const path of esp.loaders) {
    const fact = (await readGuestBinary(view, `/${path}`)) ?? { path: `/${path}` };
    const loader: EspLoader = { path, ...(fact.info ? { info: fact.info } : {}), ...(fact.error ? { error: fact.error } : {}) };
    loaders.push(loader);
  }
  for (const loader of loaders) {
    const name = loader.info?.loader?.sbat.includes('shim') ? loader.info.loader.secondStage : undefined;
    if (!name) continue;
    const dir = loader.path.slice(0, loader.path.lastIndexOf('/') + 1);
    const beside = loaders.find((l) => l.path.toLowerCase() === `${dir}${name}`.toLowerCase());
    loader.nextStage = { name, ...(beside ? { path: beside.path } : {}) };
  }
  return { partition: esp.partition, loaders };
}
