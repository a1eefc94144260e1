import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { NET_IFNAME } from '../../src/rules/NET-IFNAME.js';
import { bareDebian, cloudInit } from '../data/agents/scenarios.js';
import { data, NETPLAN_GENERATOR, netRuleFindings, netRuleLines, units } from '../facts/network/trees.js';

const debian = (...enabled: Parameters<typeof units>): MemoryTree => ({ ...bareDebian(), ...units(...enabled) });
const netcfg = (): MemoryTree => ({ '/etc/network/interfaces': data('installer/debian-netcfg-interfaces') });

describe('NET-IFNAME', () => {
  it.each([
    {
      name: 'Debian installer on VMware: allow-hotplug ens33, ifupdown running, no cloud-init',
      tree: () => ({ ...debian('networking'), ...netcfg() }),
      expected: ['error network configuration in force names only ens33 and nothing configures eth0'],
    },
    {
      name: 'the same with cloud-init writing the network configuration',
      tree: () => ({ ...debian('networking'), ...cloudInit(), ...netcfg() }),
      expected: ['warning network configuration in force names only ens33 and nothing configures eth0; cloud-init writes a DHCP configuration for eth0 at the first boot'],
    },
    {
      name: 'netplan dhcp.yaml (enp3s0) from the netplan docs',
      tree: () => ({ ...debian(), ...NETPLAN_GENERATOR, '/etc/netplan/00-installer-config.yaml': data('debian12/dhcp.yaml') }),
      expected: ['error network configuration in force names only enp3s0 and nothing configures eth0'],
    },
    {
      name: 'CentOS 7 ifcfg-ens192 with NetworkManager running but not reading ifcfg: NetworkManager gives eth0 DHCP anyway',
      tree: () => ({ ...debian('NetworkManager'), '/etc/sysconfig/network-scripts/ifcfg-ens192': data('centos7/ifcfg-ens192') }),
      expected: [expect.stringMatching(/^warning ifcfg-rhel \/etc\/sysconfig\/network-scripts\/ifcfg-ens192 names ens192, which Azure's VM will not have; not in force: /)],
    },
    {
      name: 'ens33 config next to an eth0 config: eth0 is covered',
      tree: () => ({ ...debian('networking'), ...netcfg(), '/etc/network/interfaces.d/eth0': 'allow-hotplug eth0\niface eth0 inet dhcp\n' }),
      expected: [],
    },
    {
      name: 'a .link file renames every hv_netvsc NIC',
      tree: () => ({ ...debian('systemd-networkd'), '/etc/systemd/network/10-lan0.link': '[Match]\nDriver=hv_netvsc\n\n[Link]\nName=lan0\n', '/etc/systemd/network/20-lan0.network': '[Match]\nName=lan0\n[Network]\nDHCP=yes\n', '/lib/systemd/network/99-default.link': data('debian12/99-default.link') }),
      expected: [
        'warning /etc/systemd/network/10-lan0.link renames Azure\'s NIC to "lan0" (first .link file whose [Match] fits an hv_netvsc eth0); cloud-init on Azure expects the primary interface to be eth0 and not renamed',
      ],
    },
    {
      name: "udev's own .link files (99-default, 73-usb-net-by-mac) rename nothing on Azure",
      tree: () => ({ ...debian('networking'), '/etc/network/interfaces': data('installer/esrf-debian7-interfaces'), '/lib/systemd/network/99-default.link': data('debian12/99-default.link'), '/lib/systemd/network/73-usb-net-by-mac.link': data('debian12/73-usb-net-by-mac.link') }),
      expected: [],
    },
    { name: 'eth0 only (ESRF Debian 7)', tree: () => ({ ...debian('networking'), '/etc/network/interfaces': data('installer/esrf-debian7-interfaces') }), expected: [] },
  ])('$name', async ({ tree, expected }) => {
    for (const osState of ['generalized', 'specialized'] as const) {
      expect(await netRuleLines(NET_IFNAME, tree(), osState)).toEqual(expected);
    }
  });

  it('evidence is the iface stanza of the build-time name', async () => {
    const [finding] = await netRuleFindings(NET_IFNAME, { ...debian('networking'), ...netcfg() }, 'generalized');
    expect(finding!.evidence).toEqual([{ path: '/etc/network/interfaces', line: 12, excerpt: 'iface ens33 inet dhcp' }]);
  });
});
