import { describe, expect, it } from '@jest/globals';
import { GEN_USER_ACCOUNTS } from '../../src/rules/GEN-USER-ACCOUNTS.js';
import { identityFile } from '../data/identity/files.js';
import { deprovisioned, runRuleOn, usedVm } from '../data/identity/trees.js';

describe('GEN-USER-ACCOUNTS', () => {
  it.each([
    ['users made by useradd/usermod on a used VM', usedVm(), [
      'error alice (uid 1000): password set (sha512), 3 authorized keys (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256) (UID_MIN 1000, /etc/login.defs:172)',
      'error dave (uid 1003): empty password (no password needed) (UID_MIN 1000, /etc/login.defs:172)',
      'warning bob (uid 1001) has no credentials but is left with its home /home/bob',
      'warning carol (uid 1002) has no credentials but is left with its home /home/carol',
    ]],
    ['a locked user with only keys', { ...deprovisioned(), '/etc/passwd': identityFile('provisioned/etc/passwd'), '/etc/shadow': identityFile('provisioned/etc/shadow').replace(/^(alice|dave):[^:]*:/gm, '$1:!:'), '/home/alice/.ssh/authorized_keys': identityFile('authorized_keys').split('\n')[1]! + '\n' }, [
      'error alice (uid 1000): locked (!), 1 authorized key (ssh-ed25519) (UID_MIN 1000, /etc/login.defs:172)',
    ]],
    ['UID_MIN raised above every user', { ...usedVm(), '/etc/login.defs': 'UID_MIN 2000\n' }, []],
    ['deprovisioned image', deprovisioned(), []],
  ])('%s', async (_name, tree, expected) => {
    const { findings } = await runRuleOn(GEN_USER_ACCOUNTS, tree, 'generalized');
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
  });

  it('shows the shadow line summarised, never the hash', async () => {
    const { findings } = await runRuleOn(GEN_USER_ACCOUNTS, { ...usedVm(), '/etc/sudoers.d/waagent': 'alice ALL=(ALL) ALL\n' }, 'generalized');
    expect(findings[0]!.evidence).toEqual([
      { path: '/etc/shadow', line: 19, excerpt: 'alice (uid 1000): password set (sha512)' },
      { path: '/home/alice/.ssh/authorized_keys', detail: '3 keys (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256)' },
      { path: '/etc/sudoers.d/waagent', line: 1, excerpt: 'sudoers rule for alice' },
    ]);
    expect(JSON.stringify(findings)).not.toMatch(/\$6\$|AAAA/);
  });
});
