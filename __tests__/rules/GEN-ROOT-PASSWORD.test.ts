import { describe, expect, it } from '@jest/globals';
import { GEN_ROOT_PASSWORD } from '../../src/rules/GEN-ROOT-PASSWORD.js';
import { identityFile } from '../data/identity/files.js';
import { debianBase, deprovisioned, runRuleOn, usedVm } from '../data/identity/trees.js';

describe('GEN-ROOT-PASSWORD', () => {
  it.each([
    ['root with a sha512 password and an empty-password user', usedVm(), [
      'error root (uid 0) has a usable password: password set (sha512)',
      'error dave (uid 1003) has an empty password field: no password is needed',
    ]],
    ['root emptied with passwd -d', { ...deprovisioned(), '/etc/shadow': identityFile('deprovisioned/etc/shadow').replace('root:*LOCK*:', 'root::') }, [
      'error root (uid 0) has an empty password field: no password is needed',
    ]],
    ['root *LOCK* as waagent leaves it', deprovisioned(), []],
    ['root * as Debian installs it', debianBase(), []],
    ['root locked with passwd -l (! before the hash)', { ...usedVm(), '/etc/shadow': identityFile('provisioned/etc/shadow').replace('root:$6$', 'root:!$6$').replace(/^dave::/m, 'dave:!:') }, []],
  ])('%s', async (_name, tree, expected) => {
    const { findings } = await runRuleOn(GEN_ROOT_PASSWORD, tree, 'generalized');
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
  });

  it('evidence names the shadow line and the scheme only', async () => {
    const { findings } = await runRuleOn(GEN_ROOT_PASSWORD, usedVm(), 'generalized');
    expect(findings[0]!.evidence).toEqual([{ path: '/etc/shadow', line: 1, excerpt: 'root (uid 0): password set (sha512)' }]);
  });
});
