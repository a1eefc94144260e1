import { describe, expect, it } from '@jest/globals';
import { SPEC_LOGIN_PATH } from '../../src/rules/SPEC-LOGIN-PATH.js';
import { identityFile } from '../data/identity/files.js';
import { debianBase, deprovisioned, runRuleOn, usedVm } from '../data/identity/trees.js';

const shadow = identityFile('provisioned/etc/shadow');
const keys = identityFile('authorized_keys');
/** Users exist, but only alice's password (sha512) could log in: root's is locked, dave's empty one is refused by sshd, svcacct's account expired. */
const aliceOnly = () => ({ ...usedVm(), '/etc/shadow': shadow.replace('root:$6$', 'root:!$6$'), '/home/alice/.ssh/authorized_keys': '' });
const config = (extra: string) => identityFile('debian-openssh/sshd_config') + extra;
const NOBODY = 'error Nobody can log in over SSH:';

describe('SPEC-LOGIN-PATH', () => {
  it.each([
    ['alice with a password, Debian sshd defaults', aliceOnly(), []],
    ['alice with keys only, password auth off', { ...usedVm(), '/etc/shadow': shadow.replace(/^(alice|root):[^:]*:/gm, '$1:!:'), '/etc/ssh/sshd_config': config('PasswordAuthentication no\n') }, []],
    ['root key login (PermitRootLogin prohibit-password default)', { ...deprovisioned(), '/root/.ssh/authorized_keys': keys }, []],
    ['deprovisioned: no credentials at all', deprovisioned(), [`${NOBODY} no account has a usable password or authorized SSH keys`]],
    ['fresh Debian: root * and no users', debianBase(), [`${NOBODY} no account has a usable password or authorized SSH keys`]],
    ['password only, PasswordAuthentication no in a drop-in', { ...aliceOnly(), '/etc/ssh/sshd_config.d/50-cloud-init.conf': 'PasswordAuthentication no\n' }, [`${NOBODY} 2 accounts have credentials that sshd or the account settings refuse`]],
    ['alice not in AllowUsers', { ...aliceOnly(), '/etc/ssh/sshd_config': config('AllowUsers admin\n') }, [`${NOBODY} 2 accounts have credentials that sshd or the account settings refuse`]],
    ['alice in DenyUsers', { ...aliceOnly(), '/etc/ssh/sshd_config': config('DenyUsers ali*\n') }, [`${NOBODY} 2 accounts have credentials that sshd or the account settings refuse`]],
    ['alice allowed by AllowGroups through /etc/group', { ...aliceOnly(), '/etc/ssh/sshd_config': config('AllowGroups sshusers\n'), '/etc/group': 'root:x:0:\nsshusers:x:900:alice\n' }, []],
    ['root password only, PermitRootLogin default', { ...deprovisioned(), '/etc/shadow': identityFile('deprovisioned/etc/shadow').replace('root:*LOCK*:', `root:${shadow.split('\n')[0]!.split(':')[1]}:`) }, [`${NOBODY} 1 account has credentials that sshd or the account settings refuse`]],
    ['root password with PermitRootLogin yes', { ...deprovisioned(), '/etc/shadow': identityFile('deprovisioned/etc/shadow').replace('root:*LOCK*:', `root:${shadow.split('\n')[0]!.split(':')[1]}:`), '/etc/ssh/sshd_config': config('PermitRootLogin yes\n') }, []],
    ['keys but nologin shell', { ...deprovisioned(), '/etc/passwd': identityFile('deprovisioned/etc/passwd').replace('root:x:0:0:root:/root:/bin/bash', 'root:x:0:0:root:/root:/usr/sbin/nologin'), '/root/.ssh/authorized_keys': keys }, [`${NOBODY} 1 account has credentials that sshd or the account settings refuse`]],
    ['keys for a user whose shell is not installed', { ...deprovisioned(), '/etc/passwd': identityFile('deprovisioned/etc/passwd').replace('root:x:0:0:root:/root:/bin/bash', 'root:x:0:0:root:/root:/bin/zsh'), '/root/.ssh/authorized_keys': keys }, [`${NOBODY} 1 account has credentials that sshd or the account settings refuse`]],
    ['keys for a usermod -L locked user with UsePAM yes (Debian)', { ...usedVm(), '/etc/shadow': shadow.replace(/^(alice|root):/gm, '$1:!'), '/etc/ssh/sshd_config': config('PasswordAuthentication no\n') }, []],
    ['keys for a usermod -L locked user with UsePAM no', { ...usedVm(), '/etc/shadow': shadow.replace(/^(alice|root):/gm, '$1:!'), '/etc/ssh/sshd_config': 'PasswordAuthentication no\n' }, [`${NOBODY} 2 accounts have credentials that sshd or the account settings refuse`]],
    ['keys but PubkeyAuthentication no', { ...deprovisioned(), '/root/.ssh/authorized_keys': keys, '/etc/ssh/sshd_config': 'PubkeyAuthentication no\n' }, [`${NOBODY} 1 account has credentials that sshd or the account settings refuse`]],
    ['password auth only from an address range', { ...aliceOnly(), '/etc/ssh/sshd_config': config('PasswordAuthentication no\nMatch Address 10.0.0.0/8\n  PasswordAuthentication yes\n') },
      ['warning SSH login works only for connections matching a Match block: alice (uid 1000): password set (sha512); PasswordAuthentication yes (/etc/ssh/sshd_config:125), only for connections matching Match Address 10.0.0.0/8']],
    ['password auth for alice through Match User', { ...aliceOnly(), '/etc/ssh/sshd_config': config('PasswordAuthentication no\nMatch User alice\n  PasswordAuthentication yes\n') }, []],
    ['password auth through Match Group she is not in', { ...aliceOnly(), '/etc/ssh/sshd_config': config('PasswordAuthentication no\nMatch Group admins\n  PasswordAuthentication yes\n') }, [`${NOBODY} 2 accounts have credentials that sshd or the account settings refuse`]],
    ['Match User with a negated pattern excluding her', { ...aliceOnly(), '/etc/ssh/sshd_config': config('PasswordAuthentication no\nMatch User !alice,*\n  PasswordAuthentication yes\n') }, [`${NOBODY} 2 accounts have credentials that sshd or the account settings refuse`]],
    ['Match User turning password auth off for her', { ...aliceOnly(), '/etc/ssh/sshd_config': config('Match User alice\n  PasswordAuthentication no\n') }, [`${NOBODY} 2 accounts have credentials that sshd or the account settings refuse`]],
  ])('%s', async (_name, tree, expected) => {
    const { findings } = await runRuleOn(SPEC_LOGIN_PATH, tree, 'specialized');
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
  });

  it('cites the sshd line that refuses the password', async () => {
    const { findings } = await runRuleOn(SPEC_LOGIN_PATH, { ...aliceOnly(), '/etc/ssh/sshd_config.d/50-cloud-init.conf': 'PasswordAuthentication no\n' }, 'specialized');
    expect(findings[0]!.evidence).toEqual([
      { path: '/etc/ssh/sshd_config.d/50-cloud-init.conf', line: 1, excerpt: 'alice (uid 1000): password set but PasswordAuthentication no (/etc/ssh/sshd_config.d/50-cloud-init.conf:1)' },
      { detail: 'svcacct (uid 999): account expired on 2020-01-01' },
    ]);
  });

  it('does not apply to generalized images', async () => {
    expect((await runRuleOn(SPEC_LOGIN_PATH, deprovisioned(), 'generalized')).findings).toEqual([]);
  });
});
