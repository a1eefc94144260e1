import { describe, expect, it } from '@jest/globals';
import { LimitError } from '../../src/errors.js';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { collectSshd } from '../../src/facts/sshd.js';
import { parseSshdConfigLines, splitSshdArgs } from '../../src/facts/sshd/config-lines.js';
import { applyMatchOverrides } from '../../src/facts/sshd/effective.js';
import { evaluateMatch } from '../../src/facts/sshd/match-criteria.js';
import { limits } from '../../src/limits.js';
import { packageTree } from '../data/agents/tree.js';
import { identityFile } from '../data/identity/files.js';
import { memoryGuest } from '../helpers/memory-guest.js';

/** Debian 12's shipped sshd_config (openssh-server 1:9.2p1-2+deb12u10), unchanged. */
const debianConfig = identityFile('debian-openssh/sshd_config');
const CONFIG = '/etc/ssh/sshd_config';

const collect = (tree: MemoryTree) => collectSshd(memoryGuest(tree));

describe('sshd_config line syntax', () => {
  it.each([
    ['PasswordAuthentication no', 'passwordauthentication', ['no']],
    ['  passwordauthentication=no', 'passwordauthentication', ['no']],
    ['PermitRootLogin = yes # trailing comment', 'permitrootlogin', ['yes']],
    ['AuthorizedKeysFile "/etc/ssh/keys/%u file" .ssh/authorized_keys', 'authorizedkeysfile', ['/etc/ssh/keys/%u file', '.ssh/authorized_keys']],
    ['Subsystem\tsftp\t/usr/lib/openssh/sftp-server', 'subsystem', ['sftp', '/usr/lib/openssh/sftp-server']],
  ])('%j', (line, keyword, args) => {
    expect(parseSshdConfigLines(line, CONFIG)).toEqual([{ keyword, args, path: CONFIG, line: 1 }]);
  });

  it('skips comments and blank lines but keeps line numbers', () => {
    expect(parseSshdConfigLines('# c\n\nUsePAM yes\n', CONFIG).map((d) => d.line)).toEqual([3]);
    expect(splitSshdArgs('a "b c" #d e')).toEqual(['a', 'b c']);
  });
});

describe('collectSshd', () => {
  it('reads the real Debian config: shipped defaults with their lines, OpenSSH defaults elsewhere', async () => {
    const facts = await collect({ [CONFIG]: debianConfig });
    expect(facts.configFound).toBe(true);
    expect(facts.configFiles).toEqual([CONFIG]);
    expect(facts.settings.kbdInteractiveAuthentication).toEqual({ value: false, source: { path: CONFIG, line: 62 } });
    expect(facts.settings.usePam).toEqual({ value: true, source: { path: CONFIG, line: 85 } });
    expect(facts.settings.passwordAuthentication).toEqual({ value: true });
    expect(facts.settings.pubkeyAuthentication).toEqual({ value: true });
    expect(facts.settings.permitRootLogin).toEqual({ value: 'prohibit-password' });
    expect(facts.settings.authorizedKeysFiles.value).toEqual(['.ssh/authorized_keys', '.ssh/authorized_keys2']);
    expect(facts.settings.allowUsers.value).toEqual([]);
    expect(facts.settings.matchOverrides).toEqual([]);
  });

  it('expands Include in place, files sorted, first occurrence wins', async () => {
    const facts = await collect({
      [CONFIG]: debianConfig + 'PasswordAuthentication yes\n',
      '/etc/ssh/sshd_config.d/60-hardening.conf': 'PasswordAuthentication yes\nPermitRootLogin no\n',
      '/etc/ssh/sshd_config.d/50-cloud-init.conf': 'PasswordAuthentication no\n',
      '/etc/ssh/sshd_config.d/README': 'PermitRootLogin yes\n',
    });
    expect(facts.configFiles).toEqual([CONFIG, '/etc/ssh/sshd_config.d/50-cloud-init.conf', '/etc/ssh/sshd_config.d/60-hardening.conf']);
    expect(facts.settings.passwordAuthentication).toEqual({ value: false, source: { path: '/etc/ssh/sshd_config.d/50-cloud-init.conf', line: 1 } });
    expect(facts.settings.permitRootLogin).toEqual({ value: 'no', source: { path: '/etc/ssh/sshd_config.d/60-hardening.conf', line: 2 } });
  });

  it('resolves relative Include paths against /etc/ssh', async () => {
    const facts = await collect({ [CONFIG]: 'Include extra.conf\n', '/etc/ssh/extra.conf': 'PubkeyAuthentication no\n' });
    expect(facts.settings.pubkeyAuthentication).toEqual({ value: false, source: { path: '/etc/ssh/extra.conf', line: 1 } });
  });

  it('treats ChallengeResponseAuthentication as the old name of KbdInteractiveAuthentication', async () => {
    const facts = await collect({ [CONFIG]: 'ChallengeResponseAuthentication no\nKbdInteractiveAuthentication yes\n' });
    expect(facts.settings.kbdInteractiveAuthentication).toEqual({ value: false, source: { path: CONFIG, line: 1 } });
  });

  it('keeps Match settings apart from the default context, and ends a Match at the end of an included file', async () => {
    const facts = await collect({
      [CONFIG]: 'Include /etc/ssh/sshd_config.d/*.conf\nPasswordAuthentication no\nMatch User alice\n  PasswordAuthentication yes\n',
      '/etc/ssh/sshd_config.d/10-admins.conf': 'Match Group admins\n  PubkeyAuthentication no\n',
    });
    expect(facts.settings.passwordAuthentication).toEqual({ value: false, source: { path: CONFIG, line: 2 } });
    expect(facts.settings.pubkeyAuthentication).toEqual({ value: true });
    expect(facts.settings.matchOverrides).toEqual([
      { keyword: 'pubkeyauthentication', value: 'no', args: ['no'], criteria: 'Group admins', path: '/etc/ssh/sshd_config.d/10-admins.conf', line: 2 },
      { keyword: 'passwordauthentication', value: 'yes', args: ['yes'], criteria: 'User alice', path: CONFIG, line: 4 },
    ]);
  });

  it('accumulates AllowUsers/DenyUsers lines instead of keeping the first', async () => {
    const facts = await collect({ [CONFIG]: 'AllowUsers alice\nAllowUsers bob@10.0.0.*\nDenyGroups nossh\n' });
    expect(facts.settings.allowUsers).toEqual({ value: ['alice', 'bob@10.0.0.*'], source: { path: CONFIG, line: 1 } });
    expect(facts.settings.denyGroups.value).toEqual(['nossh']);
  });

  it('records values sshd rejects and falls back to the default for them', async () => {
    const facts = await collect({ [CONFIG]: 'PasswordAuthentication maybe\n' });
    expect(facts.settings.invalid).toEqual([{ keyword: 'passwordauthentication', value: 'maybe', path: CONFIG, line: 1 }]);
    expect(facts.settings.passwordAuthentication.value).toBe(true);
  });

  it('survives an Include loop with a note instead of hanging', async () => {
    const facts = await collect({ [CONFIG]: 'Include /etc/ssh/sshd_config\nUsePAM yes\n' });
    expect(facts.notes).toEqual(['/etc/ssh/sshd_config:1: Include nested deeper than 16 levels; sshd refuses this']);
    expect(facts.settings.usePam.value).toBe(true);
  });

  it('uses OpenSSH defaults when there is no config at all', async () => {
    const facts = await collect({ '/etc/hostname': 'x\n' });
    expect(facts.configFound).toBe(false);
    expect(facts.daemonPath).toBeUndefined();
    expect(facts.settings.passwordAuthentication).toEqual({ value: true });
    expect(facts.enabledAtBoot).toBe(false);
  });
});

describe('sshd at boot and host keys (real Debian 12 units)', () => {
  const installed = (): MemoryTree => ({
    ...packageTree('systemd', 'openssh-server'),
    '/usr/sbin/sshd': 'ELF placeholder: only presence is checked',
    [CONFIG]: debianConfig,
  });

  it('is enabled when deb-systemd-helper linked ssh.service into multi-user.target.wants', async () => {
    const facts = await collect({
      ...installed(),
      '/etc/systemd/system/multi-user.target.wants/ssh.service': { symlink: '/lib/systemd/system/ssh.service' },
      '/etc/systemd/system/sshd.service': { symlink: '/lib/systemd/system/ssh.service' },
    });
    expect(facts.daemonPath).toBe('/usr/sbin/sshd');
    expect(facts.enabledAtBoot).toBe(true);
    expect(facts.units.find((u) => u.unit === 'ssh.service')?.atBoot).toBe(true);
  });

  it('is socket-activated when only ssh.socket is enabled (Ubuntu ≥ 22.10 style)', async () => {
    const facts = await collect({
      ...installed(),
      '/etc/systemd/system/sockets.target.wants/ssh.socket': { symlink: '/lib/systemd/system/ssh.socket' },
    });
    expect(facts.enabledAtBoot).toBe(true);
  });

  it('is not enabled when installed but never enabled, or masked', async () => {
    expect((await collect(installed())).enabledAtBoot).toBe(false);
    const masked = await collect({
      ...installed(),
      '/etc/systemd/system/multi-user.target.wants/ssh.service': { symlink: '/lib/systemd/system/ssh.service' },
      '/etc/systemd/system/ssh.service': { symlink: '/dev/null' },
    });
    expect(masked.enabledAtBoot).toBe(false);
  });

  it('lists host keys and a generator', async () => {
    const facts = await collect({
      ...installed(),
      '/etc/ssh/ssh_host_ed25519_key': { content: 'private key placeholder', mode: 0o600 },
      '/etc/ssh/ssh_host_ed25519_key.pub': 'ssh-ed25519 AAAA placeholder',
      '/etc/ssh/ssh_config': 'client config, not a host key',
      '/usr/lib/systemd/system/sshd-keygen@.service': '[Unit]\n',
    });
    expect(facts.hostKeys.map((k) => [k.path, k.public])).toEqual([
      ['/etc/ssh/ssh_host_ed25519_key', false],
      ['/etc/ssh/ssh_host_ed25519_key.pub', true],
    ]);
    expect(facts.keyGenerator).toBe('/usr/lib/systemd/system/sshd-keygen@.service');
  });
});

describe('hostile Include fan-out', () => {
  it('a file that includes itself twice (2^16 reads) is a LimitError naming includeFiles and the file, not a partial config', async () => {
    const collecting = collect({ [CONFIG]: 'Include /etc/ssh/a.conf /etc/ssh/a.conf\n', '/etc/ssh/a.conf': 'Include /etc/ssh/a.conf /etc/ssh/a.conf\n' });
    await expect(collecting).rejects.toBeInstanceOf(LimitError);
    await expect(collecting).rejects.toMatchObject({ kind: 'limit', budget: 'includeFiles', limit: limits.includeFiles, path: '/etc/ssh/a.conf' });
  });

  it('a glob Include matching more than globFiles files is a LimitError', async () => {
    const many = Object.fromEntries(Array.from({ length: limits.globFiles + 1 }, (_, i) => [`/etc/ssh/sshd_config.d/${i}.conf`, 'PermitRootLogin no\n']));
    await expect(collect({ [CONFIG]: 'Include /etc/ssh/sshd_config.d/*.conf\n', ...many })).rejects.toMatchObject({ budget: 'globFiles', path: '/etc/ssh/sshd_config.d/*.conf' });
  });

  it('a self-include without fan-out stops at the depth of 16 sshd itself allows, with a note', async () => {
    const facts = await collect({ [CONFIG]: 'Include /etc/ssh/a.conf\n', '/etc/ssh/a.conf': 'Include /etc/ssh/a.conf\n' });
    expect(facts.configFiles.length).toBe(17);
    expect(facts.notes).toEqual(['/etc/ssh/a.conf:1: Include nested deeper than 16 levels; sshd refuses this']);
  });
});

describe('host keys sshd loads', () => {
  it.each([
    ['defaults when no HostKey line', '', { '/etc/ssh/ssh_host_ed25519_key': 'x' }, [['/etc/ssh/ssh_host_rsa_key', false], ['/etc/ssh/ssh_host_ecdsa_key', false], ['/etc/ssh/ssh_host_ed25519_key', true]]],
    ['every HostKey line, in order', 'HostKey /etc/ssh/k1\nHostKey /etc/ssh/k2\n', { '/etc/ssh/k2': 'x' }, [['/etc/ssh/k1', false], ['/etc/ssh/k2', true]]],
  ])('%s', async (_name, config, files, expected) => {
    const facts = await collect({ [CONFIG]: config, ...files });
    expect(facts.configuredHostKeys.map((k) => [k.path, k.present])).toEqual(expected);
  });
});

describe('Match criteria', () => {
  const alice = { name: 'alice', groups: ['alice', 'sudo'] };
  it.each([
    ['All', 'yes'],
    ['User alice', 'yes'],
    ['User bob,ali*', 'yes'],
    ['User !alice,*', 'no'],
    ['User bob', 'no'],
    ['Group sudo', 'yes'],
    ['Group !sudo,*', 'no'],
    ['Group wheel', 'no'],
    ['User alice Address 10.0.0.0/8', 'depends'],
    ['User bob Address 10.0.0.0/8', 'no'],
    ['LocalPort 2222', 'depends'],
    ['User', 'no'],
    ['Frobnicate x', 'no'],
  ])('Match %s → %s for alice', (criteria, expected) => {
    expect(evaluateMatch(criteria, alice)).toBe(expected);
  });

  it('applies the first value among matching blocks over the default', async () => {
    const facts = await collect({ [CONFIG]: 'PasswordAuthentication no\nMatch User alice\n PasswordAuthentication yes\nMatch All\n PasswordAuthentication no\n PubkeyAuthentication no\n' });
    const s = applyMatchOverrides(facts.settings, facts.settings.matchOverrides);
    expect(s.passwordAuthentication).toEqual({ value: true, source: { path: CONFIG, line: 3 } });
    expect(s.pubkeyAuthentication).toEqual({ value: false, source: { path: CONFIG, line: 6 } });
  });
});
