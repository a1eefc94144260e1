import { describe, expect, it } from '@jest/globals';
import { GEN_WAAGENT_MARKER } from '../../src/rules/GEN-WAAGENT-MARKER.js';
import { corpusWaagentFile } from '../data/identity/files.js';
import { deprovisioned, runRuleOn, usedVm } from '../data/identity/trees.js';

const bigipConf = corpusWaagentFile('waagent.conf/shipped-bigip-waagent.conf');

describe('GEN-WAAGENT-MARKER', () => {
  it.each([
    ['used VM with the marker', usedVm(), ['error /var/lib/waagent/provisioned exists: the provisioning agent will think this image is an already provisioned VM']],
    ['deprovisioned image', deprovisioned(), []],
    ['only other agent state', { ...deprovisioned(), '/var/lib/waagent/GoalState.1.xml': '<x/>' }, []],
    ["marker under bigip's Lib.Dir", { ...deprovisioned(), '/etc/waagent.conf': bigipConf, '/shared/vadc/azure/waagent/provisioned': '' },
      ['error /shared/vadc/azure/waagent/provisioned exists: the provisioning agent will think this image is an already provisioned VM']],
    ['bigip image with a stray /var/lib/waagent/provisioned the agent never reads', { ...deprovisioned(), '/etc/waagent.conf': bigipConf, '/var/lib/waagent/provisioned': '' }, []],
  ])('%s', async (_name, tree, expected) => {
    const { findings } = await runRuleOn(GEN_WAAGENT_MARKER, tree, 'generalized');
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
  });

  it('points at the marker path, not its content', async () => {
    const { findings } = await runRuleOn(GEN_WAAGENT_MARKER, usedVm(), 'generalized');
    expect(findings[0]!.evidence).toEqual([{ path: '/var/lib/waagent/provisioned', detail: 'provisioning sentinel in Lib.Dir /var/lib/waagent (agent default), 0 bytes' }]);
  });

  it('does not apply to specialized images', async () => {
    expect((await runRuleOn(GEN_WAAGENT_MARKER, usedVm(), 'specialized')).findings).toEqual([]);
  });
});
