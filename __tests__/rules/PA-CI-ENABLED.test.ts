import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { PA_CI_ENABLED } from '../../src/rules/PA-CI-ENABLED.js';
import { bareDebian, cloudInit, ruleFindings, ruleLines, waagent, without } from '../data/agents/scenarios.js';

const grubCfg = 'set default="0"\nmenuentry \'Debian GNU/Linux\' {\n\tlinux /vmlinuz-6.1.0-18-cloud-amd64 root=UUID=1 ro console=ttyS0 cloud-init=disabled\n}\n';

describe('PA-CI-ENABLED', () => {
  it.each([
    ['marker file, cloud-init alone', { ...bareDebian(), ...cloudInit(), '/etc/cloud/cloud-init.disabled': '' },
      ['error cloud-init is disabled: /etc/cloud/cloud-init.disabled exists, but nothing else provisions the VM']],
    ['kernel command line of the default grub entry', { ...bareDebian(), ...cloudInit(), '/boot/grub/grub.cfg': grubCfg },
      ["error cloud-init is disabled: kernel command line has cloud-init=disabled (menuentry 'Debian GNU/Linux', /boot/grub/grub.cfg line 3), but nothing else provisions the VM"]],
    ['masked unit while waagent defers to cloud-init', { ...bareDebian(), ...cloudInit(), ...waagent('cloud-init'), '/etc/systemd/system/cloud-init.service': { symlink: '/dev/null' } },
      ['error cloud-init is disabled: cloud-init.service is masked (/etc/systemd/system/cloud-init.service → /dev/null), but waagent hands provisioning to cloud-init (Provisioning.Agent=cloud-init)']],
    ['no generator and no wants link from multi-user.target', without({ ...bareDebian(), ...cloudInit() }, '/lib/systemd/system-generators/cloud-init-generator'),
      ['error cloud-init will not start at boot: cloud-init-local.service is enabled and nothing started from graphical.target pulls it in, and there is no cloud-init generator; nothing else provisions the VM']],
    ['enabled and started by the generator', { ...bareDebian(), ...cloudInit() }, []],
    ['disabled on purpose: waagent provisions (auto, unit masked)', { ...bareDebian(), ...cloudInit(), ...waagent('auto'), '/etc/systemd/system/cloud-init-local.service': { symlink: '/dev/null' } }, []],
    ['not installed', { ...bareDebian(), ...waagent('auto') }, []],
  ] as [string, MemoryTree, string[]][])('%s', async (_name, tree, expected) => {
    expect(await ruleLines(PA_CI_ENABLED, tree)).toEqual(expected);
  });

  it('cites the kernel command-line line', async () => {
    const [finding] = await ruleFindings(PA_CI_ENABLED, { ...bareDebian(), ...cloudInit(), '/boot/grub/grub.cfg': grubCfg });
    expect(finding!.evidence).toEqual([
      { path: '/boot/grub/grub.cfg', line: 3, excerpt: 'cloud-init=disabled', detail: "kernel command line has cloud-init=disabled (menuentry 'Debian GNU/Linux', /boot/grub/grub.cfg line 3)" },
    ]);
  });
});
