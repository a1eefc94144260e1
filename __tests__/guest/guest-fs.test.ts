import { describe, expect, it } from '@jest/globals';
import { GuestError } from '../../src/errors.js';
import { MemoryFilesystem } from '../../src/fs/memory/memory-fs.js';
import { GuestFs } from '../../src/guest/guest-fs.js';
import { memoryGuest } from '../helpers/memory-guest.js';

describe('GuestFs path resolution', () => {
  const guest = memoryGuest({
    '/usr/sbin/waagent': '#!/usr/bin/python3\n',
    '/sbin': { symlink: 'usr/sbin' },
    '/etc/resolv.conf': { symlink: '/run/systemd/resolve/stub-resolv.conf' },
    '/etc/escape': { symlink: '../../../../etc/hostname' },
    '/etc/hostname': 'build-vm\n',
    '/etc/abs-escape': { symlink: '/../../etc/hostname' },
    '/loop/a': { symlink: 'b' },
    '/loop/b': { symlink: 'a' },
  });

  it('follows relative directory symlinks', async () => {
    expect(await guest.realpath('/sbin/waagent')).toBe('/usr/sbin/waagent');
    expect(await guest.readText('/sbin/waagent')).toContain('python3');
  });

  it('reports dangling absolute links as absent but readable with readlink', async () => {
    expect(await guest.exists('/etc/resolv.conf')).toBe(false);
    expect(await guest.readlink('/etc/resolv.conf')).toBe('/run/systemd/resolve/stub-resolv.conf');
    expect((await guest.lstat('/etc/resolv.conf'))?.node.type).toBe('symlink');
  });

  it('never climbs above the guest root', async () => {
    expect(await guest.realpath('/etc/escape')).toBe('/etc/hostname');
    expect(await guest.realpath('/etc/abs-escape')).toBe('/etc/hostname');
  });

  it('bounds symlink loops with a typed error', async () => {
    await expect(guest.stat('/loop/a')).rejects.toBeInstanceOf(GuestError);
  });

  it('crosses into mounted filesystems', async () => {
    const root = new MemoryFilesystem({ '/boot': { dir: true }, '/etc/fstab': '' });
    const boot = new MemoryFilesystem({ '/grub/grub.cfg': 'set default=0\n' });
    const g = new GuestFs([
      { mountPoint: '/', fs: root, source: 'root' },
      { mountPoint: '/boot', fs: boot, source: 'boot' },
    ]);
    expect(await g.readText('/boot/grub/grub.cfg')).toBe('set default=0\n');
    expect((await g.stat('/boot/grub/grub.cfg'))?.mount.source).toBe('boot');
    expect(await g.glob('/boot/grub', '*.cfg')).toEqual(['/boot/grub/grub.cfg']);
  });
});
