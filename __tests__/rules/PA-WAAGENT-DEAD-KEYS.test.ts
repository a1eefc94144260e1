import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { PA_WAAGENT_DEAD_KEYS } from '../../src/rules/PA-WAAGENT-DEAD-KEYS.js';
import { corpusPath } from '../helpers/corpus.js';
import { bareDebian, ruleFindings, ruleLines, waagent, waagentConf } from '../data/agents/scenarios.js';

const corpusConf = (name: string) => readFileSync(corpusPath('waagent', 'waagent.conf', name), 'utf8');

describe('PA-WAAGENT-DEAD-KEYS', () => {
  it.each([
    ['photonos shipped config', { ...bareDebian(), '/etc/waagent.conf': corpusConf('shipped-photonos-waagent.conf') }, 'generalized', [
      'info Provisioning.Enabled is ignored by the agent (only Provisioning.Agent=auto decides provisioning)',
      'info Provisioning.UseCloudInit is ignored by the agent (only Provisioning.Agent=auto decides provisioning)',
    ]],
    ['mariner shipped config, specialized', { ...bareDebian(), '/etc/waagent.conf': corpusConf('shipped-mariner-waagent.conf') }, 'specialized', [
      'info Provisioning.Enabled is ignored by the agent (only Provisioning.Agent=auto decides provisioning)',
    ]],
    ['switch written as yes', { ...bareDebian(), ...waagent('auto'), '/etc/waagent.conf': waagentConf('auto').replace('ResourceDisk.Format=y', 'ResourceDisk.Format=yes') }, 'generalized', [
      'info ResourceDisk.Format: "yes" is not y or n, so the agent uses the default false',
    ]],
    ['Debian package config', { ...bareDebian(), ...waagent('cloud-init') }, 'generalized', []],
    ['upstream shipped config', { ...bareDebian(), '/etc/waagent.conf': corpusConf('shipped-waagent.conf-waagent.conf') }, 'specialized', []],
  ] as [string, MemoryTree, 'generalized' | 'specialized', string[]][])('%s', async (_name, tree, osState, expected) => {
    expect(await ruleLines(PA_WAAGENT_DEAD_KEYS, tree, osState)).toEqual(expected);
  });

  it('cites the line', async () => {
    const [finding] = await ruleFindings(PA_WAAGENT_DEAD_KEYS, { '/etc/waagent.conf': corpusConf('shipped-photonos-waagent.conf') });
    expect(finding!.evidence).toEqual([{ path: '/etc/waagent.conf', line: 16, excerpt: 'Provisioning.Enabled=n' }]);
  });
});
