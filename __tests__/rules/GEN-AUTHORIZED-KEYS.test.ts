import { describe, expect, it } from '@jest/globals';
import { GEN_AUTHORIZED_KEYS } from '../../src/rules/GEN-AUTHORIZED-KEYS.js';
import { identityFile } from '../data/identity/files.js';
import { deprovisioned, runRuleOn, usedVm } from '../data/identity/trees.js';

const keys = identityFile('authorized_keys');

describe('GEN-AUTHORIZED-KEYS', () => {
  it.each([
    ["a user's keys", usedVm(), ['error alice (uid 1000) has authorized SSH keys: /home/alice/.ssh/authorized_keys: 3 keys (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256)']],
    ["root's keys in authorized_keys2", { ...deprovisioned(), '/root/.ssh/authorized_keys2': keys }, ['error root (uid 0) has authorized SSH keys: /root/.ssh/authorized_keys2: 3 keys (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256)']],
    ['keys in a file only AuthorizedKeysFile names', { ...deprovisioned(), '/etc/ssh/sshd_config': 'AuthorizedKeysFile /etc/ssh/authorized_keys/%u\n', '/etc/ssh/authorized_keys/root': keys }, ['error root (uid 0) has authorized SSH keys: /etc/ssh/authorized_keys/root: 3 keys (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256)']],
    ['empty and comment-only files', { ...deprovisioned(), '/root/.ssh/authorized_keys': '', '/home/x/.ssh/authorized_keys': '# none\n' }, []],
    ['keys where sshd does not look', { ...deprovisioned(), '/etc/ssh/sshd_config': 'AuthorizedKeysFile .ssh/other\n', '/root/.ssh/authorized_keys': keys }, []],
  ])('%s', async (_name, tree, expected) => {
    const { findings } = await runRuleOn(GEN_AUTHORIZED_KEYS, tree, 'generalized');
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
    expect(JSON.stringify(findings)).not.toContain('AAAA');
  });
});
