import { describe, expect, it } from '@jest/globals';
import { SPEC_NOT_DEPROVISIONED } from '../../src/rules/SPEC-NOT-DEPROVISIONED.js';
import { deprovisioned, runRuleOn, usedVm } from '../data/identity/trees.js';

describe('SPEC-NOT-DEPROVISIONED', () => {
  it.each([
    ['deprovisioned image declared specialized', deprovisioned(), ['warning The image looks deprovisioned (generalized) but the image definition says Specialized']],
    ['used VM declared specialized', usedVm(), []],
    ['mixed signals stay quiet', { ...deprovisioned(), '/var/lib/waagent/provisioned': '', '/etc/ssh/ssh_host_rsa_key': 'x', '/etc/machine-id': '4a3f0c5e9b1d4e2f8a7b6c5d4e3f2a1b\n' }, []],
  ])('%s', async (_name, tree, expected) => {
    const { findings } = await runRuleOn(SPEC_NOT_DEPROVISIONED, tree, 'specialized');
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
  });

  it('carries the detection evidence', async () => {
    const { findings } = await runRuleOn(SPEC_NOT_DEPROVISIONED, deprovisioned(), 'specialized');
    expect(findings[0]!.evidence).toContainEqual({ detail: 'root password is *LOCK* (as waagent -deprovision leaves it) [generalized +1]' });
  });
});
