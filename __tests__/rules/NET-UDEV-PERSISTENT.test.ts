import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { NET_UDEV_PERSISTENT } from '../../src/rules/NET-UDEV-PERSISTENT.js';
import { bareDebian, cloudInit } from '../data/agents/scenarios.js';
import { CLOUD_INIT_NETWORK_DISABLED, cloudInitFile, data, netRuleFindings, netRuleLines, units } from '../facts/network/trees.js';

const RULES = '/etc/udev/rules.d/70-persistent-net.rules';
const GENERATOR = '/lib/udev/rules.d/75-persistent-net-generator.rules';
const base = (): MemoryTree => ({ ...bareDebian(), ...units('networking') });

describe('NET-UDEV-PERSISTENT', () => {
  it.each([
    {
      name: 'write_net_rules output from a CentOS VMware clone (eth0 → old MAC)',
      tree: () => ({ ...base(), [RULES]: data('udev/70-persistent-net.rules.centos-vmware') }),
      expected: ["error /etc/udev/rules.d/70-persistent-net.rules binds eth0 to the build machine's MAC (eth0 → 00:0c:29:a3:d8:a7, eth1 → 00:0c:29:67:b3:77)"],
    },
    {
      name: 'and the generator still active',
      tree: () => ({ ...base(), [RULES]: data('udev/70-persistent-net.rules'), [GENERATOR]: data('udev/75-persistent-net-generator.rules.head') }),
      expected: [
        "error /etc/udev/rules.d/70-persistent-net.rules binds eth0 to the build machine's MAC (eth1 → 0c:c4:7a:bc:d0:35, eth0 → 0c:c4:7a:bc:d0:34)",
        'warning /lib/udev/rules.d/75-persistent-net-generator.rules (the persistent-net generator) is active and will write new bindings on the first boot',
      ],
    },
    {
      name: "cloud-init's rules on RHEL with cloud-init networking on",
      tree: () => ({ ...base(), ...cloudInit(), ...cloudInitFile('sysconfig-rhel', RULES) }),
      expected: [
        "warning /etc/udev/rules.d/70-persistent-net.rules binds eth0 to the build machine's MAC (eth0 → 00:0d:3a:04:75:98); cloud-init generated these rules and rewrites them for the new instance (its network configuration is not disabled)",
      ],
    },
    {
      name: "cloud-init's rules with its networking disabled",
      tree: () => ({ ...base(), ...cloudInit(), ...CLOUD_INIT_NETWORK_DISABLED, ...cloudInitFile('sysconfig-rhel', RULES) }),
      expected: ["error /etc/udev/rules.d/70-persistent-net.rules binds eth0 to the build machine's MAC (eth0 → 00:0d:3a:04:75:98)"],
    },
    {
      name: 'only a non-eth0 binding',
      tree: () => ({ ...base(), [RULES]: 'SUBSYSTEM=="net", ACTION=="add", DRIVERS=="?*", ATTR{address}=="00:0c:29:67:b3:77", ATTR{type}=="1", KERNEL=="eth*", NAME="eth1"\n' }),
      expected: ['warning /etc/udev/rules.d/70-persistent-net.rules binds interface names to old MACs (eth1 → 00:0c:29:67:b3:77)'],
    },
    {
      name: 'rules removed and the generator masked, as the Azure guides do',
      tree: () => ({ ...base(), [GENERATOR]: data('udev/75-persistent-net-generator.rules.head'), '/etc/udev/rules.d/75-persistent-net-generator.rules': { symlink: '/dev/null' } }),
      expected: [],
    },
    { name: 'modern image: neither file', tree: base, expected: [] },
  ])('$name', async ({ tree, expected }) => {
    for (const osState of ['generalized', 'specialized'] as const) {
      expect(await netRuleLines(NET_UDEV_PERSISTENT, tree(), osState)).toEqual(expected);
    }
  });

  it('evidence lists each binding line', async () => {
    const [finding] = await netRuleFindings(NET_UDEV_PERSISTENT, { ...base(), [RULES]: data('udev/70-persistent-net.rules.centos-vmware') }, 'generalized');
    expect(finding!.evidence.map((e) => [e.path, e.line])).toEqual([
      [RULES, 8],
      [RULES, 11],
    ]);
  });
});
