import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { PA_CI_STALE_SEED } from '../../src/rules/PA-CI-STALE-SEED.js';
import { bareDebian, cloudInit, ruleFindings, ruleLines } from '../data/agents/scenarios.js';

describe('PA-CI-STALE-SEED', () => {
  it.each([
    ['Packer NoCloud seed', { ...bareDebian(), ...cloudInit(), '/var/lib/cloud/seed/nocloud-net/meta-data': 'instance-id: packer\n', '/var/lib/cloud/seed/nocloud-net/user-data': '#cloud-config\n' },
      ['error /var/lib/cloud/seed/nocloud-net holds a NoCloud seed (meta-data, user-data): NoCloud is tried before Azure']],
    ['ds=nocloud on the kernel command line', { ...bareDebian(), ...cloudInit(), '/etc/default/grub': 'GRUB_CMDLINE_LINUX="ds=nocloud;s=http://10.0.2.2:8100/"\n' },
      ['error kernel command line forces datasource ds=nocloud;s=http://10.0.2.2:8100/']],
    ['ds-identify.cfg pinning a policy', { ...bareDebian(), ...cloudInit(), '/etc/cloud/ds-identify.cfg': '# written by installer\npolicy: enabled\n' },
      ['error /etc/cloud/ds-identify.cfg exists and pins policy: enabled: ds-identify\'s decision is overridden']],
    ['clean image', { ...bareDebian(), ...cloudInit() }, []],
    ['empty seed directory', { ...bareDebian(), ...cloudInit(), '/var/lib/cloud/seed/nocloud': { dir: true } }, []],
    ['Azure forced on the kernel command line', { ...bareDebian(), ...cloudInit(), '/etc/kernel/cmdline': 'root=UUID=1 ci.ds=Azure\n' }, []],
    ['cloud-init disabled by its marker', { ...bareDebian(), ...cloudInit(), '/etc/cloud/cloud-init.disabled': '', '/var/lib/cloud/seed/nocloud/user-data': '#cloud-config\n' }, []],
    ['no cloud-init', { ...bareDebian(), '/var/lib/cloud/seed/nocloud/user-data': '#cloud-config\n' }, []],
  ] as [string, MemoryTree, string[]][])('%s', async (_name, tree, expected) => {
    expect(await ruleLines(PA_CI_STALE_SEED, tree)).toEqual(expected);
  });

  it('cites the grub line of a kernel override', async () => {
    const [finding] = await ruleFindings(PA_CI_STALE_SEED, { ...bareDebian(), ...cloudInit(), '/etc/default/grub': '# x\nGRUB_CMDLINE_LINUX="ci.ds=NoCloud"\n' });
    expect(finding!.evidence).toEqual([{ path: '/etc/default/grub', line: 2, excerpt: 'ci.ds=NoCloud', detail: 'GRUB_CMDLINE_LINUX' }]);
  });
});
