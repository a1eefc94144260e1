import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { isEnabledAtBoot, unitState } from '../../src/facts/systemd.js';
import { packageTree } from '../data/agents/tree.js';
import { noisyTexts } from '../data/agents/noise.js';
import { packageFile } from '../data/agents/tree.js';
import { memoryGuest } from '../helpers/memory-guest.js';

/** Real Debian 12 systemd targets + openssh-server + cloud-init units, nothing enabled yet. */
const base = (): MemoryTree => packageTree('systemd', 'openssh-server', 'cloud-init');

/** The links deb-systemd-helper creates for `systemctl enable ssh.service` on Debian. */
const sshEnabled: MemoryTree = {
  '/etc/systemd/system/multi-user.target.wants/ssh.service': { symlink: '/lib/systemd/system/ssh.service' },
  '/etc/systemd/system/sshd.service': { symlink: '/lib/systemd/system/ssh.service' },
};

describe('unitState (systemctl is-enabled emulation)', () => {
  it.each<[string, MemoryTree, string, string, string[]]>([
    ['enabled by a wants link and an Alias= link', sshEnabled, 'ssh.service', 'enabled',
      ['/etc/systemd/system/multi-user.target.wants/ssh.service', '/etc/systemd/system/sshd.service']],
    ['package installed, never enabled (has [Install])', {}, 'ssh.service', 'disabled', []],
    ['no [Install] section', {}, 'cloud-config.target', 'static', []],
    ['no such unit', {}, 'nonexistent.service', 'absent', []],
    ['masked by /etc link to /dev/null (wants link ignored)', { ...sshEnabled, '/etc/systemd/system/ssh.service': { symlink: '/dev/null' } }, 'ssh.service', 'masked', []],
    ['masked by an empty file', { '/etc/systemd/system/ssh.service': '' }, 'ssh.service', 'masked', []],
    ['a copy in /etc without [Install] shadows /lib', { ...sshEnabled, '/etc/systemd/system/ssh.service': '[Service]\nExecStart=/bin/true\n' }, 'ssh.service', 'enabled',
      ['/etc/systemd/system/multi-user.target.wants/ssh.service']],
    ['enabled only under /run', { '/run/systemd/system/multi-user.target.wants/ssh.service': { symlink: '/lib/systemd/system/ssh.service' } }, 'ssh.service', 'enabled-runtime',
      ['/run/systemd/system/multi-user.target.wants/ssh.service']],
    ['template enabled through an instance link', { '/etc/systemd/system/getty.target.wants/getty@tty1.service': { symlink: '/lib/systemd/system/getty@.service' } }, 'getty@.service', 'enabled',
      ['/etc/systemd/system/getty.target.wants/getty@tty1.service']],
    ['instance enabled', { '/etc/systemd/system/getty.target.wants/getty@tty1.service': { symlink: '/lib/systemd/system/getty@.service' } }, 'getty@tty1.service', 'enabled',
      ['/etc/systemd/system/getty.target.wants/getty@tty1.service']],
    ['other instance not enabled', { '/etc/systemd/system/getty.target.wants/getty@tty1.service': { symlink: '/lib/systemd/system/getty@.service' } }, 'getty@ttyS0.service', 'disabled', []],
    ['vendor wants link under /lib does not make it enabled', {}, 'systemd-logind.service', 'static', []],
  ])('%s', async (_label, extra, unit, state, enabledBy) => {
    const result = await unitState(memoryGuest({ ...base(), ...extra }), unit);
    expect(result.state).toBe(state);
    expect(result.enabledBy).toEqual(enabledBy);
  });

  it('reports the Debian sshd.service alias and the state of ssh.service behind it', async () => {
    const result = await unitState(memoryGuest({ ...base(), ...sshEnabled }), 'sshd.service');
    expect(result.state).toBe('alias');
    expect(result.aliasOf).toBe('ssh.service');
    expect(result.target?.state).toBe('enabled');
    expect(result.fragmentPath).toBe('/lib/systemd/system/ssh.service');
  });

  it('reads [Install] settings from the real unit', async () => {
    const result = await unitState(memoryGuest(base()), 'ssh.service');
    expect(result.wantedBy).toEqual(['multi-user.target']);
    expect(result.aliases).toEqual(['sshd.service']);
  });

  it('reads each directory once on merged /usr (/lib → usr/lib)', async () => {
    const tree: MemoryTree = { '/lib': { symlink: 'usr/lib' } };
    for (const [path, entry] of Object.entries(base())) tree[`/usr${path}`] = entry;
    tree['/etc/systemd/system/multi-user.target.wants/ssh.service'] = { symlink: '/lib/systemd/system/ssh.service' };
    const result = await unitState(memoryGuest(tree), 'ssh.service');
    expect(result.state).toBe('enabled');
    expect(result.fragmentPath).toBe('/usr/lib/systemd/system/ssh.service');
  });
});

describe('isEnabledAtBoot', () => {
  it('follows default.target → graphical → multi-user → the wants link', async () => {
    const result = await isEnabledAtBoot(memoryGuest({ ...base(), ...sshEnabled }), 'ssh.service');
    expect(result.atBoot).toBe(true);
    expect(result.via).toBe('dependency');
    expect(result.defaultTarget).toBe('graphical.target');
    expect(result.chain).toEqual(['graphical.target', 'multi-user.target', 'ssh.service']);
    expect(result.because[0]).toBe('Requires=multi-user.target in /lib/systemd/system/graphical.target');
  });

  it('follows an alias name to the real unit', async () => {
    const result = await isEnabledAtBoot(memoryGuest({ ...base(), ...sshEnabled }), 'sshd.service');
    expect(result.atBoot).toBe(true);
    expect(result.chain.at(-1)).toBe('ssh.service');
  });

  it('counts package-shipped wants links under /lib at boot', async () => {
    const result = await isEnabledAtBoot(memoryGuest(base()), 'systemd-logind.service');
    expect(result.atBoot).toBe(true);
    expect(result.because.at(-1)).toBe('/lib/systemd/system/multi-user.target.wants/systemd-logind.service');
  });

  it.each<[string, MemoryTree, boolean, string | undefined]>([
    ['disabled', {}, false, undefined],
    ['masked despite its wants link', { ...sshEnabled, '/etc/systemd/system/ssh.service': { symlink: '/dev/null' } }, false, undefined],
    ['socket-activated', { '/etc/systemd/system/sockets.target.wants/ssh.socket': { symlink: '/lib/systemd/system/ssh.socket' } }, true, 'socket'],
    ['default target changed to a target that does not want it', { ...sshEnabled, '/etc/systemd/system/default.target': { symlink: '/lib/systemd/system/basic.target' } }, false, undefined],
  ])('ssh.service %s', async (_label, extra, atBoot, via) => {
    const result = await isEnabledAtBoot(memoryGuest({ ...base(), ...extra }), 'ssh.service');
    expect(result.atBoot).toBe(atBoot);
    expect(result.via).toBe(via);
  });

  it('cloud-init units enabled under cloud-init.target start only when the generator links the target', async () => {
    const tree = {
      ...base(),
      '/etc/systemd/system/cloud-init.target.wants/cloud-init-local.service': { symlink: '/lib/systemd/system/cloud-init-local.service' },
    };
    const guest = memoryGuest(tree);
    expect((await unitState(guest, 'cloud-init-local.service')).state).toBe('enabled');
    expect((await isEnabledAtBoot(guest, 'cloud-init-local.service')).atBoot).toBe(false);
    const generated = await isEnabledAtBoot(guest, 'cloud-init-local.service', {
      generatedWants: [{ from: 'multi-user.target', to: 'cloud-init.target', why: 'cloud-init-generator' }],
    });
    expect(generated.atBoot).toBe(true);
    expect(generated.chain).toEqual(['graphical.target', 'multi-user.target', 'cloud-init.target', 'cloud-init-local.service']);
  });

  it('skips a unit link that loops (systemd: ELOOP) and uses the next directory', async () => {
    const tree = {
      ...base(),
      '/etc/systemd/system/ssh.service': { symlink: '/etc/systemd/system/ssh2.service' },
      '/etc/systemd/system/ssh2.service': { symlink: '/etc/systemd/system/ssh.service' },
    };
    const result = await unitState(memoryGuest(tree), 'ssh.service');
    expect(result.state).toBe('disabled');
    expect(result.fragmentPath).toBe('/lib/systemd/system/ssh.service');
  });

  it('terminates on dependency loops', async () => {
    const tree: MemoryTree = {
      '/lib/systemd/system/default.target': { symlink: 'a.target' },
      '/lib/systemd/system/a.target': '[Unit]\nWants=b.target\n',
      '/lib/systemd/system/b.target': '[Unit]\nWants=a.target\n',
      '/lib/systemd/system/x.service': '[Install]\nWantedBy=c.target\n',
    };
    const result = await isEnabledAtBoot(memoryGuest(tree), 'x.service');
    expect(result.atBoot).toBe(false);
  });
});

describe('unit-file junk', () => {
  it.each(noisyTexts(packageFile('openssh-server', 'lib/systemd/system/ssh.service')).map((t, i) => [i, t] as const))('input %i is read without throwing', async (_i, text) => {
    const guest = memoryGuest({ ...base(), '/lib/systemd/system/ssh.service': text, '/etc/systemd/system/multi-user.target.wants/ssh.service': { symlink: '/lib/systemd/system/ssh.service' } });
    expect((await unitState(guest, 'ssh.service')).state).toMatch(/^(enabled|masked)$/);
    expect(typeof (await isEnabledAtBoot(guest, 'ssh.service')).atBoot).toBe('boolean');
  });
});
