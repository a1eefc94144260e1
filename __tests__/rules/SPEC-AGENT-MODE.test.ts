import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { SPEC_AGENT_MODE } from '../../src/rules/SPEC-AGENT-MODE.js';
import { bareDebian, cloudInit, ruleFindings, ruleLines, waagent } from '../data/agents/scenarios.js';

const nsbsdLibDir = 'Lib.Dir=/usr/Firewall/lib/waagent\n';

describe('SPEC-AGENT-MODE', () => {
  it.each([
    ['auto, no cloud-init, no marker', { ...bareDebian(), ...waagent('auto') },
      ['warning Provisioning.Agent=auto: waagent provisions from the provisioning media, and /var/lib/waagent/provisioned is absent: waagent will try to provision this specialized VM']],
    ['waagent, marker under a custom Lib.Dir missing', { ...bareDebian(), ...waagent('waagent'), '/etc/waagent.conf': `Provisioning.Agent=waagent\n${nsbsdLibDir}`, '/var/lib/waagent/provisioned': 'x' },
      ['warning Provisioning.Agent=waagent: waagent provisions from the provisioning media, and /usr/Firewall/lib/waagent/provisioned is absent: waagent will try to provision this specialized VM']],
    ['marker kept from the source VM', { ...bareDebian(), ...waagent('auto'), '/var/lib/waagent/provisioned': '4C4C4544-0042\n' }, []],
    ['marker under the custom Lib.Dir', { ...bareDebian(), ...waagent('waagent'), '/etc/waagent.conf': `Provisioning.Agent=waagent\n${nsbsdLibDir}`, '/usr/Firewall/lib/waagent/provisioned': 'x' }, []],
    ['Provisioning.Agent=disabled', { ...bareDebian(), ...waagent('disabled') }, []],
    ['auto with cloud-init enabled', { ...bareDebian(), ...cloudInit(), ...waagent('auto') }, []],
  ] as [string, MemoryTree, string[]][])('%s', async (_name, tree, expected) => {
    expect(await ruleLines(SPEC_AGENT_MODE, tree, 'specialized')).toEqual(expected);
  });

  it('does not apply to generalized images', async () => {
    expect(await ruleLines(SPEC_AGENT_MODE, { ...bareDebian(), ...waagent('auto') }, 'generalized')).toEqual([]);
  });

  it('cites the setting and the missing marker', async () => {
    const [finding] = await ruleFindings(SPEC_AGENT_MODE, { ...bareDebian(), ...waagent('auto') }, 'specialized');
    expect(finding!.evidence.map((e) => [e.path, e.line])).toEqual([
      ['/etc/waagent.conf', 11],
      ['/lib/systemd/system/walinuxagent.service', undefined],
      ['/var/lib/waagent/provisioned', undefined],
    ]);
  });
});
