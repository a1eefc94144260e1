import type { InitramfsListingView, InitramfsReader } from '../../../src/facts/initramfs.js';

/**
 * Hand-built initramfs listings in the shape src/initramfs's readInitramfs returns, for tests of
 * the facts and rules above it: entries as mkinitramfs and dracut lay them out. Real archives made
 * with cpio and zstd are in the fixture images (scripts/fixtures/drivers.sh).
 */

/** A member: a regular file (string or bytes), a directory, or a symlink. */
export type Member = string | { dir: true } | { symlink: string };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

/** A listing of `members` in one gzip archive, keeping the contents of every regular file. */
export function listing(path: string, members: Record<string, Member>): InitramfsListingView {
  const out: InitramfsListingView = { path, size: 4096, archives: [{ compression: 'gzip', entries: Object.keys(members).length }], entries: [], files: new Map() };
  for (const [name, m] of Object.entries(members)) {
    if (typeof m === 'string') {
      out.entries.push({ name, mode: S_IFREG | 0o644, size: m.length });
      out.files.set(name, new TextEncoder().encode(m));
    } else if ('dir' in m) out.entries.push({ name, mode: S_IFDIR | 0o755, size: 0 });
    else out.entries.push({ name, mode: S_IFLNK | 0o777, size: m.symlink.length, target: m.symlink });
  }
  return out;
}

/** A reader over listings by guest path; honours `keep` as the real one does. */
export function fakeReader(listings: InitramfsListingView[]): InitramfsReader {
  return async (_guest, path, { keep }) => {
    const l = listings.find((x) => x.path === path);
    if (!l) return undefined;
    return { ...l, files: new Map([...l.files].filter(([name, bytes]) => !keep || keep(name, bytes.length))) };
  };
}

/** Members of a merged-usr Debian initramfs (lib → usr/lib) with module files for `modules` of release `version`, and its modules.dep lines. */
export function debianInitramfs(version: string, modules: Record<string, string>, extra: Record<string, Member> = {}): Record<string, Member> {
  const dir = `usr/lib/modules/${version}`;
  const members: Record<string, Member> = { '.': { dir: true }, usr: { dir: true }, 'usr/lib': { dir: true }, lib: { symlink: 'usr/lib' }, bin: { symlink: 'usr/bin' } };
  const dep: string[] = [];
  for (const [path, deps] of Object.entries(modules)) {
    members[`${dir}/${path}`] = '\x7fELF';
    dep.push(`${path}:${deps ? ` ${deps}` : ''}`);
  }
  members[`${dir}/modules.dep`] = `${dep.join('\n')}\n`;
  members[`${dir}/modules.builtin`] = 'kernel/fs/ext4/ext4.ko\nkernel/drivers/nvme/host/nvme-core.ko\nkernel/drivers/nvme/host/nvme.ko\n';
  return { ...members, ...extra };
}

/** The Hyper-V storage modules of Debian 12's 6.1 cloud kernel with their real modules.dep dependencies. */
export const HV_STORAGE: Record<string, string> = {
  'kernel/drivers/hv/hv_vmbus.ko': '',
  'kernel/drivers/scsi/scsi_common.ko': '',
  'kernel/drivers/scsi/scsi_mod.ko': 'kernel/drivers/scsi/scsi_common.ko',
  'kernel/drivers/scsi/scsi_transport_fc.ko': 'kernel/drivers/scsi/scsi_mod.ko kernel/drivers/scsi/scsi_common.ko',
  'kernel/drivers/scsi/hv_storvsc.ko': 'kernel/drivers/scsi/scsi_transport_fc.ko kernel/drivers/scsi/scsi_mod.ko kernel/drivers/scsi/scsi_common.ko kernel/drivers/hv/hv_vmbus.ko',
  'kernel/drivers/scsi/sd_mod.ko': 'kernel/drivers/scsi/scsi_mod.ko kernel/drivers/scsi/scsi_common.ko',
  'kernel/drivers/net/hyperv/hv_netvsc.ko': 'kernel/drivers/hv/hv_vmbus.ko',
};
