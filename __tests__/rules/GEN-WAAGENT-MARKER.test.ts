import { describe, expect, it } from '@jest/globals';
import { GEN_WAAGENT_MARKER } from '../../src/rules/GEN-WAAGENT-MARKER.js';
import { deprovisioned, runRuleOn, usedVm } from '../data/identity/trees.js';

describe('GEN-WAAGENT-MARKER', () => {
  it.each([
    ['used VM with the marker', usedVm(), ['error /var/lib/waagent/provisioned exists: the provisioning agent will think this image is an already provisioned VM']],
    ['deprovisioned image', deprovisioned(), []],
    ['only other agent state', { ...deprovisioned(), '/var/lib/waagent/GoalState.1.xml': '<x/>' }, []],
  ])('%s', async (_name, tree, expected) => {
    const { findings } = await runRuleOn(GEN_WAAGENT_MARKER, tree, 'generalized');
    expect(findings.map((f) => `${f.severity} ${f.message}`)).toEqual(expected);
  });

  it('points at the marker path, not its content', async () => {
    const { findings } = await runRuleOn(GEN_WAAGENT_MARKER, usedVm(), 'generalized');
    expect(findings[0]!.evidence).toEqual([{ path: '/var/lib/waagent/provisioned', detail: 'provisioning sentinel; Lib.Dir /var/lib/waagent from default (0 bytes)' }]);
  });

  it('does not apply to specialized images', async () => {
    expect((await runRuleOn(GEN_WAAGENT_MARKER, usedVm(), 'specialized')).findings).toEqual([]);
  });
});
