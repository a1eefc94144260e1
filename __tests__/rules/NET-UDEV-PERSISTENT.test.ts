import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { NET_UDEV_PERSISTENT } from '../../src/rules/NET-UDEV-PERSISTENT.js';
import { bareDebian, cloudInit } from '../data/agents/scenarios.js';
import { CLOUD_INIT_NETWORK_DISABLED, cloudInitFile, data, netRuleFindings, netRuleLines, units } from '../facts/network/trees.js';

const RULES = '/etc/udev/rules.d/70-persistent-net.rules';
const GENERATOR = '/lib/udev/rules.d/75-persistent-net-generator.rules';
const WRITER = '/lib/udev/write_net_rules';
const base = (): MemoryTree => ({ ...bareDebian(), ...units('networking') });
/** The generator rules with the program they run (its content does not matter to the gate, only its presence). */
const generator = (): MemoryTree => ({ [GENERATOR]: data('udev/75-persistent-net-generator.rules.head'), [WRITER]: { content: '#!/bin/sh\n', mode: 0o755 } });

describe('NET-UDEV-PERSISTENT', () => {
  it.each([
    {
      name: 'write_net_rules output from a CentOS VMware clone (eth0 → old MAC), no generator left: renames nothing',
      tree: () => ({ ...base(), [RULES]: data('udev/70-persistent-net.rules.centos-vmware') }),
      expected: [
        "warning /etc/udev/rules.d/70-persistent-net.rules binds eth0 to the build machine's MAC (eth0 → 00:0c:29:a3:d8:a7, eth1 → 00:0c:29:67:b3:77); it renames nothing on Azure: the new NIC does not match the old MAC and keeps the kernel name eth0 (no 75-persistent-net-generator.rules)",
      ],
    },
    {
      name: 'the same rules with the generator active: the new NIC becomes eth1',
      tree: () => ({ ...base(), [RULES]: data('udev/70-persistent-net.rules'), ...generator() }),
      expected: [
        "error /etc/udev/rules.d/70-persistent-net.rules binds eth0 to the build machine's MAC (eth1 → 0c:c4:7a:bc:d0:35, eth0 → 0c:c4:7a:bc:d0:34); the persistent-net generator (/lib/udev/rules.d/75-persistent-net-generator.rules) names the new NIC eth1",
        'warning /lib/udev/rules.d/75-persistent-net-generator.rules (the persistent-net generator) is active and will write new bindings on the first boot',
      ],
    },
    {
      name: 'generator rules without write_net_rules write nothing',
      tree: () => ({ ...base(), [RULES]: data('udev/70-persistent-net.rules'), [GENERATOR]: data('udev/75-persistent-net-generator.rules.head') }),
      expected: [
        "warning /etc/udev/rules.d/70-persistent-net.rules binds eth0 to the build machine's MAC (eth1 → 0c:c4:7a:bc:d0:35, eth0 → 0c:c4:7a:bc:d0:34); it renames nothing on Azure: the new NIC does not match the old MAC and keeps the kernel name eth0 (/lib/udev/rules.d/75-persistent-net-generator.rules is present but write_net_rules, the program it runs, is not)",
      ],
    },
    {
      name: 'generator masked in /etc, stale rules left behind',
      tree: () => ({ ...base(), [RULES]: data('udev/70-persistent-net.rules'), ...generator(), '/etc/udev/rules.d/75-persistent-net-generator.rules': { symlink: '/dev/null' } }),
      expected: [
        "warning /etc/udev/rules.d/70-persistent-net.rules binds eth0 to the build machine's MAC (eth1 → 0c:c4:7a:bc:d0:35, eth0 → 0c:c4:7a:bc:d0:34); it renames nothing on Azure: the new NIC does not match the old MAC and keeps the kernel name eth0 (the persistent-net generator is masked by /etc/udev/rules.d/75-persistent-net-generator.rules)",
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
      name: "cloud-init's rules with its networking disabled, on a system that still has the generator",
      tree: () => ({ ...base(), ...cloudInit(), ...CLOUD_INIT_NETWORK_DISABLED, ...cloudInitFile('sysconfig-rhel', RULES), ...generator() }),
      expected: [
        "error /etc/udev/rules.d/70-persistent-net.rules binds eth0 to the build machine's MAC (eth0 → 00:0d:3a:04:75:98); the persistent-net generator (/lib/udev/rules.d/75-persistent-net-generator.rules) names the new NIC eth1",
        'warning /lib/udev/rules.d/75-persistent-net-generator.rules (the persistent-net generator) is active and will write new bindings on the first boot',
      ],
    },
    {
      name: 'only a non-eth0 binding',
      tree: () => ({ ...base(), [RULES]: 'SUBSYSTEM=="net", ACTION=="add", DRIVERS=="?*", ATTR{address}=="00:0c:29:67:b3:77", ATTR{type}=="1", KERNEL=="eth*", NAME="eth1"\n' }),
      expected: ['warning /etc/udev/rules.d/70-persistent-net.rules binds interface names to old MACs (eth1 → 00:0c:29:67:b3:77)'],
    },
    {
      name: 'rules removed and the generator masked, as the Azure guides do',
      tree: () => ({ ...base(), ...generator(), '/etc/udev/rules.d/75-persistent-net-generator.rules': { symlink: '/dev/null' } }),
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
