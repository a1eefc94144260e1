import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { PA_WAAGENT_MODE } from '../../src/rules/PA-WAAGENT-MODE.js';
import { bareDebian, cloudInit, ruleFindings, ruleLines, waagent, without } from '../data/agents/scenarios.js';

const CANNOT_CONTINUE = 'waagent stops with "cloud-init appears to be installed and enabled, this is not expected, cannot continue"';

describe('PA-WAAGENT-MODE', () => {
  it.each([
    ['waagent with cloud-init enabled', { ...bareDebian(), ...cloudInit(), ...waagent('waagent') },
      [`error Provisioning.Agent=waagent and systemctl is-enabled cloud-init-local.service prints "enabled": ${CANNOT_CONTINUE}`]],
    ['waagent with cloud-init disabled by its marker but its unit still enabled', { ...bareDebian(), ...cloudInit(), ...waagent('waagent'), '/etc/cloud/cloud-init.disabled': '' },
      [`error Provisioning.Agent=waagent and systemctl is-enabled cloud-init-local.service prints "enabled": ${CANNOT_CONTINUE}`]],
    ['cloud-init with cloud-init absent', { ...bareDebian(), ...waagent('cloud-init') },
      ["error Provisioning.Agent=cloud-init, but cloud-init is not installed: waagent waits 30 minutes for cloud-init's ovf-env.xml, then reports ProvisioningFailed"]],
    ['cloud-init with cloud-init disabled on the kernel command line', { ...bareDebian(), ...cloudInit(), ...waagent('cloud-init'), '/etc/kernel/cmdline': 'root=UUID=1 ro cloud-init=disabled\n' },
      ["error Provisioning.Agent=cloud-init, but cloud-init is disabled (kernel command line has cloud-init=disabled (kernel-install/UKI command line, /etc/kernel/cmdline line 1)): waagent waits 30 minutes for cloud-init's ovf-env.xml, then reports ProvisioningFailed"]],
    ['auto picks cloud-init (unit enabled) although the marker disables it', { ...bareDebian(), ...cloudInit(), ...waagent('auto'), '/etc/cloud/cloud-init.disabled': '' },
      ['error Provisioning.Agent=auto and systemctl is-enabled cloud-init-local.service prints "enabled", but cloud-init is disabled (/etc/cloud/cloud-init.disabled exists): waagent waits 30 minutes for cloud-init\'s ovf-env.xml, then reports ProvisioningFailed']],
    ['disabled and no cloud-init', { ...bareDebian(), ...waagent('disabled') },
      ['error Provisioning.Agent=disabled: waagent reports Ready without creating the user, keys or hostname']],
    ['unrecognised value behaves as disabled', { ...bareDebian(), ...waagent('Cloud-Init') },
      ['error Provisioning.Agent=Cloud-Init ("Cloud-Init" is not one of auto, waagent, cloud-init, disabled, so the agent treats it as disabled): waagent reports Ready without creating the user, keys or hostname']],
    ['empty waagent.conf', { ...bareDebian(), ...waagent('auto'), '/etc/waagent.conf': '' },
      ['error /etc/waagent.conf is empty configuration: the agent stops with "Can\'t not parse empty configuration"']],
    ['Debian defaults (cloud-init, cloud-init works)', { ...bareDebian(), ...cloudInit(), ...waagent('cloud-init') }, []],
    ['auto with cloud-init enabled', { ...bareDebian(), ...cloudInit(), ...waagent('auto') }, []],
    ['auto without cloud-init', { ...bareDebian(), ...waagent('auto') }, []],
    ['auto with cloud-init masked: waagent provisions', { ...bareDebian(), ...cloudInit(), ...waagent('auto'), '/etc/systemd/system/cloud-init-local.service': { symlink: '/dev/null' } }, []],
    ['disabled while cloud-init provisions', { ...bareDebian(), ...cloudInit(), ...waagent('disabled') }, []],
    ['waagent not enabled: its mode is moot', without({ ...bareDebian(), ...cloudInit(), ...waagent('waagent') }, '/etc/systemd/system/multi-user.target.wants/walinuxagent.service'), []],
  ] as [string, MemoryTree, string[]][])('%s', async (_name, tree, expected) => {
    expect(await ruleLines(PA_WAAGENT_MODE, tree)).toEqual(expected);
  });

  it('cites the Provisioning.Agent line and gives the outcome-specific symptom', async () => {
    const [finding] = await ruleFindings(PA_WAAGENT_MODE, { ...bareDebian(), ...cloudInit(), ...waagent('waagent') });
    expect(finding!.evidence[0]).toEqual({ path: '/etc/waagent.conf', line: 11, excerpt: 'Provisioning.Agent=waagent' });
    expect(finding!.symptom).toContain('OSProvisioningClientError');
  });

  it('notes when Provisioning.Agent is absent and the default auto applies', async () => {
    const conf = 'Logs.Verbose=n\n';
    const [finding] = await ruleFindings(PA_WAAGENT_MODE, { ...bareDebian(), ...cloudInit(), ...waagent('auto'), '/etc/waagent.conf': conf, '/etc/cloud/cloud-init.disabled': '' });
    expect(finding!.evidence[0]).toEqual({ path: '/etc/waagent.conf', detail: 'Provisioning.Agent not set: the default auto applies' });
  });
});
