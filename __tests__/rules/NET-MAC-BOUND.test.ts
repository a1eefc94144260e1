import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { NET_MAC_BOUND } from '../../src/rules/NET-MAC-BOUND.js';
import { bareDebian, cloudInit } from '../data/agents/scenarios.js';
import { CLOUD_INIT_NETWORK_DISABLED, cloudInitFile, data, NETPLAN_GENERATOR, netRuleFindings, netRuleLines, units } from '../facts/network/trees.js';

const NETPLAN = '/etc/netplan/50-cloud-init.yaml';
const ubuntu = (): MemoryTree => ({ ...bareDebian(), ...units('systemd-networkd'), ...NETPLAN_GENERATOR, ...cloudInitFile('netplan', NETPLAN) });
const rhel = (): MemoryTree => ({
  ...bareDebian(),
  ...units(),
  '/etc/rc.d/init.d/network': '#! /bin/bash\n',
  '/etc/rc.d/rc3.d/S10network': { symlink: '../init.d/network' },
});

describe('NET-MAC-BOUND', () => {
  it.each([
    {
      name: "cloud-init's Azure netplan (match macaddress + set-name) with cloud-init networking on: it rewrites it",
      tree: () => ({ ...ubuntu(), ...cloudInit() }),
      expected: [
        "warning netplan /etc/netplan/50-cloud-init.yaml (eth0) matches MAC 00:0d:3a:04:75:98 of the build machine's NIC; cloud-init generated this file and rewrites it for the new instance (its network configuration is not disabled)",
      ],
    },
    {
      name: 'the same file with cloud-init network config disabled: nothing replaces it',
      tree: () => ({ ...ubuntu(), ...cloudInit(), ...CLOUD_INIT_NETWORK_DISABLED }),
      expected: ["error netplan /etc/netplan/50-cloud-init.yaml (eth0) matches MAC 00:0d:3a:04:75:98 of the build machine's NIC"],
    },
    {
      name: 'the same file and no cloud-init at all',
      tree: ubuntu,
      expected: ["error netplan /etc/netplan/50-cloud-init.yaml (eth0) matches MAC 00:0d:3a:04:75:98 of the build machine's NIC"],
    },
    {
      name: 'CentOS 7 ifcfg bound by HWADDR, initscripts running',
      tree: () => ({ ...rhel(), '/etc/sysconfig/network-scripts/ifcfg-enp0s3': data('centos7/ifcfg-enp0s3') }),
      expected: ["error ifcfg-rhel /etc/sysconfig/network-scripts/ifcfg-enp0s3 matches MAC 08:00:27:80:63:19 of the build machine's NIC"],
    },
    {
      name: 'the HWADDR file in an image that runs systemd-networkd only',
      tree: () => ({ ...bareDebian(), ...units('systemd-networkd'), '/etc/sysconfig/network-scripts/ifcfg-enp0s3': data('centos7/ifcfg-enp0s3') }),
      expected: [
        expect.stringMatching(/^warning ifcfg-rhel \/etc\/sysconfig\/network-scripts\/ifcfg-enp0s3 matches MAC 08:00:27:80:63:19 .*; not in force: not read at boot: NetworkManager does not load its ifcfg-rh plugin .*network-scripts does not run at boot/),
      ],
    },
    {
      name: 'a MAC match next to an eth0 DHCP definition in force: dead but harmless',
      tree: () => ({ ...ubuntu(), '/etc/netplan/60-eth0.yaml': 'network:\n  version: 2\n  ethernets:\n    primary:\n      match: {name: eth0}\n      dhcp4: true\n' }),
      expected: [
        "warning netplan /etc/netplan/50-cloud-init.yaml (eth0) matches MAC 00:0d:3a:04:75:98 of the build machine's NIC; it never applies on Azure, but eth0 gets DHCP from netplan /etc/netplan/60-eth0.yaml (primary)",
      ],
    },
    {
      name: 'SUSE: cloud-init ifcfg with LLADDR forces the old MAC onto eth0 (wicked not running here: warning)',
      tree: () => ({ ...bareDebian(), ...units(), ...cloudInitFile('sysconfig-suse', '/etc/sysconfig/network/ifcfg-eth0') }),
      expected: [expect.stringMatching(/^warning ifcfg-suse \/etc\/sysconfig\/network\/ifcfg-eth0 forces MAC 00:0d:3a:04:75:98 onto the interface; not in force: .*wicked/)],
    },
    {
      name: 'a .link file forcing a MAC on every hv_netvsc NIC',
      tree: () => ({ ...bareDebian(), ...units('systemd-networkd'), '/etc/systemd/network/10-mac.link': '[Match]\nDriver=hv_netvsc\n\n[Link]\nMACAddress=00:15:5d:00:00:01\n' }),
      expected: [expect.stringMatching(/^error \/etc\/systemd\/network\/10-mac.link forces MAC 00:15:5d:00:00:01/)],
    },
    { name: "Debian 12's own networkd and udev files", tree: () => ({ ...ubuntu(), [NETPLAN]: 'network:\n  ethernets:\n    eth0:\n      dhcp4: true\n', '/lib/systemd/network/99-default.link': data('debian12/99-default.link'), '/lib/systemd/network/80-container-host0.network': data('debian12/80-container-host0.network') }), expected: [] },
    { name: 'cloud-init-era netplan matched by name and driver only', tree: () => ({ ...ubuntu(), [NETPLAN]: 'network:\n  ethernets:\n    eth0:\n      match: {driver: hv_netvsc}\n      set-name: eth0\n      dhcp4: true\n' }), expected: [] },
  ])('$name', async ({ tree, expected }) => {
    for (const osState of ['generalized', 'specialized'] as const) {
      expect(await netRuleLines(NET_MAC_BOUND, tree(), osState)).toEqual(expected);
    }
  });

  it('evidence points at the MAC line', async () => {
    const [finding] = await netRuleFindings(NET_MAC_BOUND, ubuntu(), 'specialized');
    expect(finding!.evidence).toEqual([{ path: NETPLAN, line: 15, excerpt: 'macaddress: 00:0d:3a:04:75:98' }]);
  });
});
