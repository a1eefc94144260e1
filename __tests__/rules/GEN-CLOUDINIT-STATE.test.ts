import { describe, expect, it } from '@jest/globals';
import { GEN_CLOUDINIT_STATE } from '../../src/rules/GEN-CLOUDINIT-STATE.js';
import { corpusWaagentFile } from '../data/identity/files.js';
import { deprovisioned, runRuleOn } from '../data/identity/trees.js';

const IID = '0f2a7b1c-d8e9-4f5a-b6c7-d8e9f0a1b2c3';

describe('GEN-CLOUDINIT-STATE', () => {
  it.each([
    ['instance link, instance dir and data files', {
      ...deprovisioned(),
      '/var/lib/cloud/instance': { symlink: `/var/lib/cloud/instances/${IID}` },
      [`/var/lib/cloud/instances/${IID}/obj.pkl`]: 'x',
      '/var/lib/cloud/data/instance-id': `${IID}\n`,
      '/var/lib/cloud/data/set-hostname': corpusWaagentFile('misc/cloud-init-set-hostname'),
    }, [`error cloud-init state from a previous instance: /var/lib/cloud/instance, /var/lib/cloud/instances/${IID}, /var/lib/cloud/data/instance-id and 1 more`]],
    ['a stale reported_ready', { ...deprovisioned(), '/var/lib/cloud/data/reported_ready': '' }, ['error cloud-init state from a previous instance: /var/lib/cloud/data/reported_ready']],
    ['only the seed (cloud-init clean keeps it)', { ...deprovisioned(), '/var/lib/cloud/seed/azure/ovf-env.xml': corpusWaagentFile('ovf-env/ovf-env.xml') }, []],
    ['nothing', deprovisioned(), []],
  ])('%s', async (_name, tree, expected) => {
    const { findings } = await runRuleOn(GEN_CLOUDINIT_STATE, tree, 'generalized');
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
  });
});
