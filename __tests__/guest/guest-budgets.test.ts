import { describe, expect, it } from '@jest/globals';
import { LimitError } from '../../src/errors.js';
import { MemoryFilesystem, type MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { GuestFs } from '../../src/guest/guest-fs.js';
import { openGuest } from '../../src/guest/open-guest.js';
import type { Volume } from '../../src/guest/volume.js';
import { MemorySource } from '../../src/io/byte-source.js';
import { limits, type Budgets } from '../../src/limits.js';
import { memoryGuest } from '../helpers/memory-guest.js';

const MiB = 1024 * 1024;

/** A guest with some budgets lowered, so a test reaches them with a few bytes. */
function guestWith(tree: MemoryTree, lowered: Partial<Budgets>): GuestFs {
  return new GuestFs([{ mountPoint: '/', fs: new MemoryFilesystem(tree), source: 'memory' }], { ...limits, ...lowered });
}

describe('GuestFs budgets (src/limits.ts): a limit is a LimitError naming the path, never a silent prefix', () => {
  it('reads a file of exactly fileBytes whole', async () => {
    const guest = memoryGuest({ '/etc/big': { content: 'root:x:0:0::/root:/bin/sh\n', size: limits.fileBytes } });
    const bytes = await guest.readBytes('/etc/big');
    expect(bytes?.length).toBe(limits.fileBytes);
    expect(new TextDecoder().decode(bytes!.subarray(0, 4))).toBe('root');
  });

  it.each([
    ['a 200 MB /etc/passwd', '/etc/passwd', 200 * MiB],
    ['a 1 GB sparse /etc/shadow', '/etc/shadow', 1024 * MiB],
    ['a 100 MB grub.cfg', '/boot/grub/grub.cfg', 100 * MiB],
    ['one byte over the budget', '/etc/hostname', limits.fileBytes + 1],
  ])('%s is a fileBytes LimitError naming path, size and budget, read without touching its content', async (_name, path, size) => {
    const guest = memoryGuest({ [path]: { content: 'real first line\n', size } });
    const reading = guest.readText(path);
    await expect(reading).rejects.toBeInstanceOf(LimitError);
    await expect(reading).rejects.toMatchObject({ layer: 'guest', kind: 'limit', budget: 'fileBytes', limit: limits.fileBytes, path });
    const error = (await reading.catch((e: unknown) => e)) as LimitError;
    expect(error.message).toBe(`a file of ${size} bytes exceeds the fileBytes budget of ${limits.fileBytes}`);
    expect(error.describe()).toBe(`guest (limit) in ${path}: a file of ${size} bytes exceeds the fileBytes budget of ${limits.fileBytes}`);
  });

  it('a prefix is only read on purpose (readPrefix), and never above fileBytes', async () => {
    const guest = memoryGuest({ '/boot/efi/EFI/BOOT/BOOTX64.EFI': { content: 'MZ\x90\x00', size: 300 * MiB } });
    expect(new TextDecoder().decode(await guest.readPrefix('/boot/efi/EFI/BOOT/BOOTX64.EFI', 2))).toBe('MZ');
    await expect(guest.readPrefix('/boot/efi/EFI/BOOT/BOOTX64.EFI', limits.fileBytes + 1)).rejects.toBeInstanceOf(RangeError);
  });

  it('counts every byte read toward factsBytes and refuses the read that would pass it', async () => {
    const tree: MemoryTree = {};
    for (let i = 0; i < 5; i++) tree[`/etc/f${i}`] = 'x'.repeat(300);
    const guest = guestWith(tree, { factsBytes: 1000 });
    for (let i = 0; i < 3; i++) expect(await guest.readText(`/etc/f${i}`)).toHaveLength(300);
    await expect(guest.readText('/etc/f3')).rejects.toMatchObject({ budget: 'factsBytes', limit: 1000, path: '/etc/f3' });
    await expect(guest.readText('/etc/f3')).rejects.toThrow('reading 300 bytes after 900 already spent in this run exceeds the factsBytes budget of 1000');
  });

  it('a line longer than lineBytes is a LimitError for readText, unless the format is not line-oriented', async () => {
    const line = 'a'.repeat(limits.lineBytes + 1);
    const guest = memoryGuest({ '/etc/ok': `${'b'.repeat(limits.lineBytes)}\nshort\n`, '/etc/long': `first\n${line}\nlast\n` });
    expect(await guest.readText('/etc/ok')).toContain('short');
    await expect(guest.readText('/etc/long')).rejects.toMatchObject({ budget: 'lineBytes', path: '/etc/long' });
    await expect(guest.readText('/etc/long')).rejects.toThrow(`a line of ${limits.lineBytes + 1} bytes`);
    expect(await guest.readText('/etc/long', { anyLineLength: true })).toContain('last');
  });

  it('a directory of more than dirEntries entries is a LimitError; glob on it too', async () => {
    const tree: MemoryTree = {};
    for (let i = 0; i < 11; i++) tree[`/etc/cloud/cloud.cfg.d/${i}.cfg`] = '';
    const guest = guestWith(tree, { dirEntries: 10 });
    await expect(guest.readdir('/etc/cloud/cloud.cfg.d')).rejects.toMatchObject({ budget: 'dirEntries', limit: 10, path: '/etc/cloud/cloud.cfg.d' });
    await expect(guest.glob('/etc/cloud/cloud.cfg.d', '*.cfg')).rejects.toMatchObject({ budget: 'dirEntries' });
    expect(await guestWith(tree, { dirEntries: 11 }).readdir('/etc/cloud/cloud.cfg.d')).toHaveLength(11);
  });

  it('100k entries at the real budget: listed in full, and one more is refused', async () => {
    const tree: MemoryTree = {};
    for (let i = 0; i < limits.dirEntries; i++) tree[`/var/lib/many/${i}`] = '';
    expect(await memoryGuest(tree).readdir('/var/lib/many')).toHaveLength(limits.dirEntries);
    tree['/var/lib/many/one-more'] = '';
    await expect(memoryGuest(tree).readdir('/var/lib/many')).rejects.toMatchObject({ budget: 'dirEntries', limit: limits.dirEntries });
  });

  it('a glob with more than globFiles matches is a LimitError naming the pattern; entries that do not match do not count', async () => {
    const tree: MemoryTree = {};
    for (let i = 0; i < 6; i++) tree[`/etc/netplan/${i}.yaml`] = '';
    for (let i = 0; i < 20; i++) tree[`/etc/netplan/${i}.bak`] = '';
    const guest = guestWith(tree, { globFiles: 5 });
    await expect(guest.glob('/etc/netplan', '*.yaml')).rejects.toMatchObject({ budget: 'globFiles', limit: 5, path: '/etc/netplan/*.yaml' });
    expect(await guestWith(tree, { globFiles: 6 }).glob('/etc/netplan', '*.yaml')).toHaveLength(6);
  });

  it('directory entries listed add up toward factsEntries (a symlink fan-out to one big directory)', async () => {
    const tree: MemoryTree = {};
    for (let i = 0; i < 50; i++) tree[`/big/${i}`] = '';
    for (let i = 0; i < 10; i++) tree[`/links/${i}`] = { symlink: '/big' };
    const guest = guestWith(tree, { factsEntries: 200 });
    for (let i = 0; i < 4; i++) await guest.readdir(`/links/${i}`);
    await expect(guest.readdir('/links/4')).rejects.toMatchObject({ budget: 'factsEntries', limit: 200, path: '/links/4' });
  });

  it('enforce: a count over its budget is a LimitError, with or without a path', () => {
    const guest = guestWith({}, { homeDirectories: 3 });
    expect(() => guest.enforce('homeDirectories', 3, '/home', '3 homes')).not.toThrow();
    expect(() => guest.enforce('homeDirectories', 4, '/home', '4 homes')).toThrow(expect.objectContaining({ message: '4 homes exceeds the homeDirectories budget of 3', path: '/home' }));
    expect(() => guest.enforce('homeDirectories', 4, undefined, '4 homes')).toThrow(expect.objectContaining({ path: undefined }));
  });
});

describe('openGuest and an /etc/fstab past a budget', () => {
  /** A root volume held in memory (openGuest only needs its filesystem and identity). */
  function rootVolume(tree: MemoryTree): Volume {
    return { name: 'partition 1', source: new MemorySource(new Uint8Array(0)), identity: {}, fsType: 'memory', fs: new MemoryFilesystem(tree) };
  }
  const root = { '/etc/os-release': 'ID=ubuntu\n', '/usr/bin/true': '' };

  it('a 10 MB fstab is a LimitError for the whole guest, not "fstab missing, only / mounted"', async () => {
    await expect(openGuest([rootVolume({ ...root, '/etc/fstab': { content: 'UUID=x / ext4 defaults 0 1\n', size: 10 * MiB } })])).rejects.toMatchObject({
      kind: 'limit',
      budget: 'fileBytes',
      path: '/etc/fstab',
    });
  });

  it('a missing fstab still mounts the root alone, with a note', async () => {
    const { plan } = await openGuest([rootVolume(root)]);
    expect(plan.notes).toContain('/etc/fstab is missing: only the root filesystem is mounted');
  });
});
