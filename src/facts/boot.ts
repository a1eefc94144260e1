import type { GuestFs } from '../guest/guest-fs.js';
import { GRUB_CFG_PATHS, GRUBENV_PATHS } from './kernel-cmdline.js';
import { parseBlsEntry, parseGrubenv, type BlsEntry } from './kernel-cmdline/bls.js';
import { parseGrubCfg, type GrubCfg, type GrubMenuEntry } from './kernel-cmdline/grub-cfg.js';
import { bootLoaderPathToGuest, kernelVersionFromName } from './boot/boot-paths.js';
import { distroLinkEntries } from './boot/distro-links.js';
import { blsDefault, grubDefault, grubDefaultValue } from './boot/grub-default.js';
import type { BootEntry, BootFacts } from './boot/types.js';

export type { BootEntry, BootFacts } from './boot/types.js';

/** BLS entry directory (RHEL 8+, Fedora, Azure Linux 3 with grub2-blscfg). */
const BLS_DIR = '/boot/loader/entries';

/** The first grubenv found, as key/value pairs, with its path. */
async function readGrubenv(guest: GuestFs): Promise<{ env: Map<string, string>; path?: string }> {
  // RHEL keeps /boot/grub2/grubenv (a link to the ESP's on older UEFI installs); Debian /boot/grub/grubenv.
  const espEnvs = await guest.glob('/boot/efi/EFI', '*').then((dirs) => dirs.map((d) => `${d}/grubenv`));
  for (const path of [...GRUBENV_PATHS, ...espEnvs]) {
    const text = await guest.readText(path);
    if (text !== undefined) return { env: parseGrubenv(text), path };
  }
  return { env: new Map() };
}

/**
 * The generated grub.cfg GRUB reads: the one under /boot, else a full config on the ESP
 * (RHEL 8 UEFI installs keep it at /boot/efi/EFI/<vendor>/grub.cfg). ESP stubs that only
 * `configfile` the real one hold no entries and are skipped.
 */
async function readGrubCfg(guest: GuestFs): Promise<{ cfg: GrubCfg; path: string } | undefined> {
  const espCfgs = await guest.glob('/boot/efi/EFI', '*').then((dirs) => dirs.map((d) => `${d}/grub.cfg`));
  for (const path of [...GRUB_CFG_PATHS, ...espCfgs]) {
    const text = await guest.readText(path);
    if (text === undefined) continue;
    const cfg = parseGrubCfg(text);
    if (cfg.entries.length > 0 || cfg.usesBls) return { cfg, path };
  }
  return undefined;
}

async function fromGrubEntry(guest: GuestFs, path: string, e: GrubMenuEntry): Promise<BootEntry> {
  const title = [...e.submenus, e.title].join(' > ');
  const kernel = await bootLoaderPathToGuest(guest, e.kernel);
  return {
    source: 'grub-cfg',
    path,
    line: e.line,
    label: `menuentry '${title}'`,
    kernel,
    initrds: await Promise.all(e.initrds.map((p) => bootLoaderPathToGuest(guest, p))),
    version: kernelVersionFromName(kernel),
    args: e.args,
  };
}

async function fromBlsEntry(guest: GuestFs, e: BlsEntry): Promise<BootEntry> {
  const kernel = await bootLoaderPathToGuest(guest, e.linux ?? '');
  return {
    source: 'bls',
    path: e.path,
    line: e.linuxLine,
    label: `BLS entry '${e.title ?? e.id}'`,
    kernel,
    initrds: await Promise.all(e.initrds.map((p) => bootLoaderPathToGuest(guest, p))),
    version: e.version ?? kernelVersionFromName(kernel),
    args: e.args,
  };
}

/**
 * What the image boots: GRUB's generated menu (with grubenv's saved_entry), BLS entries when
 * the menu is a blscfg stub or there is no grub.cfg, and the distro's kernel links when there
 * is no boot menu at all. The default is the entry GRUB starts untouched; every other kernel
 * found is listed so reports can name it, but only the default is judged.
 */
export async function collectBoot(guest: GuestFs): Promise<BootFacts> {
  const { env, path: envPath } = await readGrubenv(guest);
  const grub = await readGrubCfg(guest);
  const entries: BootEntry[] = [];
  let chosen: BootEntry | undefined;
  let defaultReason: string | undefined;

  const blsPaths = grub === undefined || grub.cfg.usesBls ? await guest.glob(BLS_DIR, '*.conf') : [];
  const menuSize = (grub?.cfg.entries.length ?? 0) + blsPaths.length;
  guest.enforce('bootEntries', menuSize, grub?.path ?? BLS_DIR, `the boot menu, ${menuSize} entries,`);
  if (grub && (!grub.cfg.usesBls || blsPaths.length === 0)) {
    const picked = grubDefault(grub.cfg, env, grub.path);
    for (const e of grub.cfg.entries) {
      const entry = await fromGrubEntry(guest, grub.path, e);
      entries.push(entry);
      if (e === picked.entry) [chosen, defaultReason] = [entry, picked.reason];
    }
  } else if (blsPaths.length > 0) {
    const bls: BlsEntry[] = [];
    for (const path of blsPaths) {
      const text = await guest.readText(path);
      if (text !== undefined) bls.push(parseBlsEntry(path, text, env));
    }
    const { value, from } = grubDefaultValue(grub?.cfg, env, grub?.path, envPath);
    const picked = blsDefault(bls, value, from);
    for (const e of bls) {
      const entry = await fromBlsEntry(guest, e);
      entries.push(entry);
      if (e === picked.entry) [chosen, defaultReason] = [entry, picked.reason];
    }
    // The grub.cfg's own menuentries (custom ones) come after the BLS entries in the menu.
    for (const e of grub?.cfg.entries ?? []) entries.push(await fromGrubEntry(guest, grub!.path, e));
  }
  const links = (await distroLinkEntries(guest)).filter((l) => !entries.some((e) => e.kernel === l.kernel));
  entries.push(...links);
  if (chosen === undefined && entries.length > 0 && entries.every((e) => e.source === 'link')) {
    [chosen, defaultReason] = [entries[0], `no GRUB or BLS boot menu: the distribution's kernel link ${entries[0]!.path}`];
  }
  return { entries, default: chosen, defaultReason };
}
