import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { collectAccounts, type Account } from '../../src/facts/accounts.js';
import { expandAuthorizedKeysPath, parseAuthorizedKeys } from '../../src/facts/accounts/authorized-keys.js';
import { parsePasswd } from '../../src/facts/accounts/passwd.js';
import { classifyPassword } from '../../src/facts/accounts/shadow.js';
import { identityFile } from '../data/identity/files.js';
import { memoryGuest } from '../helpers/memory-guest.js';

/** passwd/shadow/login.defs made by shadow-utils (useradd/usermod/chage -P) over Debian's base-passwd; see README. */
const provisioned = (): MemoryTree => ({
  '/etc/passwd': identityFile('provisioned/etc/passwd'),
  '/etc/shadow': identityFile('provisioned/etc/shadow'),
  '/etc/login.defs': identityFile('provisioned/etc/login.defs'),
  '/root': { dir: true },
  '/home/alice': { dir: true },
  '/home/bob': { dir: true },
  '/home/carol': { dir: true },
});

const byName = (accounts: Account[], name: string): Account => {
  const found = accounts.find((a) => a.name === name);
  if (!found) throw new Error(`no account ${name}`);
  return found;
};

describe('password field classification', () => {
  it.each([
    ['', 'empty', undefined],
    ['!', 'locked', undefined],
    ['!!', 'locked', undefined],
    ['*', 'locked', undefined],
    ['*LOCK*', 'locked', undefined],
    ['!*', 'locked', undefined],
    ['x', 'locked', undefined],
    ['$6$qWlNuwNpCqefe9dH$' + 'a'.repeat(86), 'usable', 'sha512'],
    ['!$5$i8jS.Wd1znEVYSz6$' + 'b'.repeat(43), 'locked', 'sha256'],
    ['$1$mm2hCvyV$' + 'c'.repeat(22), 'usable', 'md5'],
    ['$y$j9T$F5Jx5fExrKuPp53xLKQ..1$' + 'd'.repeat(43), 'usable', 'yescrypt'],
    ['$2b$12$' + 'e'.repeat(53), 'usable', 'bcrypt'],
    ['abJnggxhB/yWI', 'usable', 'des'],
  ])('%j → %s %s', (field, status, scheme) => {
    const c = classifyPassword(field);
    expect(c.status).toBe(status);
    expect(c.scheme).toBe(scheme);
    // The summary never repeats the field when it could be a hash.
    if (field.length > 8) expect(c.summary).not.toContain(field.slice(4));
  });
});

describe('collectAccounts on shadow-utils generated files', () => {
  it('classifies every account without keeping a hash', async () => {
    const facts = await collectAccounts(memoryGuest(provisioned()));
    expect(facts.passwdFound && facts.shadowFound).toBe(true);
    expect(facts.uidMin).toEqual({ value: 1000, line: 172 });
    const summary = facts.accounts
      .filter((a) => ['root', 'daemon', 'alice', 'bob', 'svcacct', 'carol', 'dave'].includes(a.name))
      .map((a) => [a.name, a.uid, a.password.status, a.password.scheme, a.loginShell, a.mustChangePassword, a.accountExpired]);
    expect(summary).toEqual([
      ['root', 0, 'usable', 'sha512', true, false, false],
      ['daemon', 1, 'locked', undefined, false, false, false],
      ['alice', 1000, 'usable', 'sha512', true, false, false],
      ['bob', 1001, 'locked', 'sha256', true, false, false],
      ['svcacct', 999, 'usable', 'md5', false, false, true],
      ['carol', 1002, 'locked', undefined, true, true, false],
      ['dave', 1003, 'empty', undefined, true, false, false],
    ]);
    expect(byName(facts.accounts, 'alice').passwordSource).toEqual({ path: '/etc/shadow', line: 19 });
    expect(byName(facts.accounts, 'svcacct').expiresOn).toBe('2020-01-01');
    expect(JSON.stringify(facts)).not.toMatch(/\$[156]\$[^"]*\$/);
  });

  it('notes whether each shell exists in the image (usrmerge symlink followed)', async () => {
    const facts = await collectAccounts(memoryGuest({ ...provisioned(), '/bin': { symlink: 'usr/bin' }, '/usr/bin/bash': 'ELF placeholder' }));
    expect(byName(facts.accounts, 'alice').shellPresent).toBe(true);
    expect(byName(facts.accounts, 'daemon').shellPresent).toBe(false);
    expect(byName(facts.accounts, 'bob').password.bangLocked).toBe(true);
    expect(byName(facts.accounts, 'root').password.bangLocked).toBeUndefined();
  });

  it('takes UID_MIN from login.defs, defaulting to 1000', async () => {
    const custom = await collectAccounts(memoryGuest({ ...provisioned(), '/etc/login.defs': 'UID_MIN 500\n#UID_MIN 9\n' }));
    expect(custom.uidMin).toEqual({ value: 500, line: 1 });
    const none = await collectAccounts(memoryGuest({ '/etc/passwd': identityFile('deprovisioned/etc/passwd') }));
    expect(none.uidMin).toEqual({ value: 1000 });
  });

  it('reads waagent deprovision output: root *LOCK*, no users', async () => {
    const facts = await collectAccounts(memoryGuest({
      '/etc/passwd': identityFile('deprovisioned/etc/passwd'),
      '/etc/shadow': identityFile('deprovisioned/etc/shadow'),
    }));
    expect(byName(facts.accounts, 'root').password).toEqual({ status: 'locked', summary: 'locked (*LOCK*)' });
    expect(facts.accounts.filter((a) => a.uid >= 1000 && a.uid < 65534)).toEqual([]);
  });

  it('counts authorized keys per type, following AuthorizedKeysFile tokens', async () => {
    const keys = identityFile('authorized_keys');
    const facts = await collectAccounts(memoryGuest({
      ...provisioned(),
      '/home/alice/.ssh/authorized_keys': keys,
      '/root/.ssh/authorized_keys2': '',
      '/etc/ssh/sshd_config': 'AuthorizedKeysFile .ssh/authorized_keys .ssh/authorized_keys2 /etc/ssh/keys/%u\n',
      '/etc/ssh/keys/bob': keys.split('\n')[1] + '\n',
    }));
    expect(byName(facts.accounts, 'alice').authorizedKeys).toEqual([
      { path: '/home/alice/.ssh/authorized_keys', keys: 3, types: ['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256'], invalidLines: 1 },
    ]);
    expect(byName(facts.accounts, 'root').authorizedKeys).toEqual([{ path: '/root/.ssh/authorized_keys2', keys: 0, types: [], invalidLines: 0 }]);
    expect(byName(facts.accounts, 'bob').authorizedKeys.map((k) => [k.path, k.keys])).toEqual([['/etc/ssh/keys/bob', 1]]);
    expect(JSON.stringify(facts)).not.toContain('AAAA');
  });

  it('joins groups and sudoers grants', async () => {
    const facts = await collectAccounts(memoryGuest({
      ...provisioned(),
      '/etc/group': 'root:x:0:\nsudo:x:27:alice\nalice:x:1000:\n',
      '/etc/sudoers.d/waagent': 'alice ALL=(ALL) ALL\n',
      '/etc/sudoers.d/README': 'bob ALL=(ALL) ALL\n',
      '/etc/sudoers.d/90-cloud-init-users': '# Created by cloud-init\n\n# User rules for bob\nbob ALL=(ALL) NOPASSWD:ALL\n',
    }));
    expect(byName(facts.accounts, 'alice').groups).toEqual(['sudo', 'alice']);
    expect(byName(facts.accounts, 'alice').sudoers).toEqual([{ user: 'alice', path: '/etc/sudoers.d/waagent', line: 1 }]);
    // sudo's includedir skips only names with a '.' or a trailing '~': README is read.
    expect(byName(facts.accounts, 'bob').sudoers.map((s) => `${s.path}:${s.line}`)).toEqual([
      '/etc/sudoers.d/90-cloud-init-users:4',
      '/etc/sudoers.d/README:1',
    ]);
  });

  it('tolerates NIS lines, malformed lines and a missing shadow entry', async () => {
    const facts = await collectAccounts(memoryGuest({
      '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\n+@admins::::::\nbroken line\nold:abJnggxhB/yWI:1500:1500::/home/old:/bin/sh\nghost:x:1600:1600::/home/ghost:/bin/bash\n-baduser\n',
      '/etc/shadow': 'root:*:19000:0:99999:7:::\n',
    }));
    expect(facts.nisLines).toEqual([2, 6]);
    expect(facts.notes).toEqual(['/etc/passwd:3: not a valid passwd entry', '/etc/passwd:5: ghost has no /etc/shadow entry']);
    expect(byName(facts.accounts, 'old').password).toMatchObject({ status: 'usable', scheme: 'des' });
    expect(byName(facts.accounts, 'old').passwordSource).toEqual({ path: '/etc/passwd', line: 4 });
    expect(byName(facts.accounts, 'ghost').password.status).toBe('locked');
  });
});

describe('pure helpers', () => {
  it('expands %h %u %U %% and makes relative paths home-relative', () => {
    const user = { name: 'alice', uid: 1000, home: '/home/alice' };
    expect(expandAuthorizedKeysPath('.ssh/authorized_keys', user)).toBe('/home/alice/.ssh/authorized_keys');
    expect(expandAuthorizedKeysPath('/etc/ssh/keys/%u.%U', user)).toBe('/etc/ssh/keys/alice.1000');
    expect(expandAuthorizedKeysPath('%h/keys%%', user)).toBe('/home/alice/keys%');
    expect(expandAuthorizedKeysPath('none', user)).toBeUndefined();
    expect(expandAuthorizedKeysPath('%Z', user)).toBeUndefined();
  });

  it('finds key types after options with quoted spaces', () => {
    expect(parseAuthorizedKeys('command="echo a b",no-pty ssh-ed25519 AAAAC3Nz x\n').types).toEqual(['ssh-ed25519']);
    expect(parseAuthorizedKeys('ssh-ed25519\n').keys).toBe(0);
  });

  it('rejects UIDs beyond 32 bits', () => {
    expect(parsePasswd('a:x:99999999999:1::/:/bin/sh\n').malformedLines).toEqual([1]);
  });
});
