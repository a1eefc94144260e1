import { describe, expect, it } from '@jest/globals';
import { GEN_WAAGENT_STATE } from '../../src/rules/GEN-WAAGENT-STATE.js';
import { corpusWaagentFile } from '../data/identity/files.js';
import { deprovisioned, runRuleOn, usedVm } from '../data/identity/trees.js';

const withState = () => ({
  ...deprovisioned(),
  '/var/lib/waagent/GoalState.1.xml': '<GoalState/>',
  '/var/lib/waagent/Certificates.pem': 'certificate placeholder',
  '/var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/config/0.settings': '{}',
});

describe('GEN-WAAGENT-STATE', () => {
  it.each([
    ['ovf-env.xml from a real agent sample', { ...deprovisioned(), '/var/lib/waagent/ovf-env.xml': corpusWaagentFile('ovf-env/ovf-env-3.xml') },
      ['error /var/lib/waagent/ovf-env.xml is present: a previous deployment\'s provisioning data (admin user, password settings, custom data) ships with the image']],
    ['goal state, certificates, extension directory', withState(),
      ['warning 3 entries of agent state under /var/lib/waagent: Certificates.pem, GoalState.1.xml, Microsoft.Azure.Extensions.CustomScript-2.1.10']],
    ['clean image', deprovisioned(), []],
  ])('%s', async (_name, tree, expected) => {
    const { findings } = await runRuleOn(GEN_WAAGENT_STATE, tree, 'generalized');
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
  });

  it('never shows ovf-env.xml content', async () => {
    const { findings } = await runRuleOn(GEN_WAAGENT_STATE, usedVm(), 'generalized');
    const text = JSON.stringify(findings);
    expect(text).toContain('/var/lib/waagent/ovf-env.xml');
    expect(text).not.toMatch(/UserPassword|UserName>|CustomData>/);
  });
});
