import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { PA_ANY } from '../../src/rules/PA-ANY.js';
import { bareDebian, cloudInit, ruleFindings, ruleLines, waagent, without } from '../data/agents/scenarios.js';

const azureOnly = { '/etc/cloud/cloud.cfg.d/90_dpkg.cfg': 'datasource_list: [ Azure ]\n' };

describe('PA-ANY', () => {
  it.each([
    ['neither agent', bareDebian(), ['error no working provisioning path: waagent is not installed; cloud-init is not installed']],
    ['waagent installed, unit never enabled, no cloud-init', without({ ...bareDebian(), ...waagent('auto') }, '/etc/systemd/system/multi-user.target.wants/walinuxagent.service'),
      ['error no working provisioning path: waagent is installed but walinuxagent.service is disabled and does not start at boot; cloud-init is not installed']],
    ['Provisioning.Agent=cloud-init with cloud-init disabled', { ...bareDebian(), ...cloudInit(), ...waagent('cloud-init'), '/etc/cloud/cloud-init.disabled': '' },
      ["error no working provisioning path: Provisioning.Agent=cloud-init, but cloud-init is disabled (/etc/cloud/cloud-init.disabled exists): waagent waits 30 minutes for cloud-init's ovf-env.xml, then reports ProvisioningFailed"]],
    ['cloud-init only, NoCloud pinned', { ...bareDebian(), ...cloudInit(), '/etc/cloud/cloud.cfg.d/90_dpkg.cfg': 'datasource_list: [ NoCloud, None ]\n' },
      ['error no working provisioning path: waagent is not installed; the Azure datasource is not in datasource_list [NoCloud, None]']],
    ['Provisioning.Agent=disabled, no cloud-init', { ...bareDebian(), ...waagent('disabled') },
      ['error no working provisioning path: Provisioning.Agent=disabled: waagent reports Ready without creating the user, keys or hostname; cloud-init is not installed']],
    ['waagent.conf missing', without({ ...bareDebian(), ...waagent('auto') }, '/etc/waagent.conf'),
      ['error no working provisioning path: /etc/waagent.conf is missing: the agent stops with "Missing configuration in /etc/waagent.conf"; cloud-init is not installed']],
    ['cloud-init only, default datasource list', { ...bareDebian(), ...cloudInit() }, []],
    ['Debian defaults: waagent defers to a working cloud-init', { ...bareDebian(), ...cloudInit(), ...waagent('cloud-init'), ...azureOnly }, []],
    ['waagent auto, no cloud-init', { ...bareDebian(), ...waagent('auto') }, []],
    ['waagent auto, cloud-init installed but disabled by its unit being masked', { ...bareDebian(), ...cloudInit(), ...waagent('auto'), '/etc/systemd/system/cloud-init-local.service': { symlink: '/dev/null' } }, []],
  ] as [string, MemoryTree, string[]][])('%s', async (_name, tree, expected) => {
    expect(await ruleLines(PA_ANY, tree)).toEqual(expected);
  });

  it('cites the waagent.conf line and the cloud-init disabler', async () => {
    const [finding] = await ruleFindings(PA_ANY, { ...bareDebian(), ...cloudInit(), ...waagent('cloud-init'), '/etc/cloud/cloud-init.disabled': '' });
    expect(finding!.evidence).toEqual([
      { path: '/etc/waagent.conf', line: 11, excerpt: 'Provisioning.Agent=cloud-init' },
      { path: '/lib/systemd/system/walinuxagent.service', detail: 'walinuxagent.service: enabled; enabled by /etc/systemd/system/multi-user.target.wants/walinuxagent.service' },
      { path: '/etc/cloud/cloud-init.disabled', detail: '/etc/cloud/cloud-init.disabled exists' },
    ]);
  });

  it('does not apply to specialized images', async () => {
    expect(await ruleLines(PA_ANY, bareDebian(), 'specialized')).toEqual([]);
  });
});
