import { describe, expect, it } from '@jest/globals';
import { GEN_SSH_HOSTKEYS } from '../../src/rules/GEN-SSH-HOSTKEYS.js';
import { deprovisioned, runRuleOn, usedVm } from '../data/identity/trees.js';

describe('GEN-SSH-HOSTKEYS', () => {
  it.each([
    ['ed25519 pair', usedVm(), ['error 2 SSH host key files in /etc/ssh (1 private): every VM would share this host identity']],
    ['only a public key left', { ...deprovisioned(), '/etc/ssh/ssh_host_rsa_key.pub': 'ssh-rsa AAAA x' },
      ['error 1 SSH host key file in /etc/ssh (0 private): every VM would share this host identity']],
    ['no host keys, client config only', { ...deprovisioned(), '/etc/ssh/ssh_config': 'Host *\n' }, []],
  ])('%s', async (_name, tree, expected) => {
    const { findings } = await runRuleOn(GEN_SSH_HOSTKEYS, tree, 'generalized');
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
  });

  it('lists each key path without content', async () => {
    const { findings } = await runRuleOn(GEN_SSH_HOSTKEYS, usedVm(), 'generalized');
    expect(findings[0]!.evidence.map((e) => e.path)).toEqual(['/etc/ssh/ssh_host_ed25519_key', '/etc/ssh/ssh_host_ed25519_key.pub']);
    expect(JSON.stringify(findings)).not.toContain('placeholder');
  });
});
