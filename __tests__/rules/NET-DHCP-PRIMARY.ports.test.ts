import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { NET_DHCP_PRIMARY } from '../../src/rules/NET-DHCP-PRIMARY.js';
import { bareDebian } from '../data/agents/scenarios.js';
import { data, NETPLAN_GENERATOR, netRuleFindings, netRuleLines, units } from '../facts/network/trees.js';

/** NET-DHCP-PRIMARY for eth0 enslaved to a bridge, bond or Open vSwitch bridge: the master's addressing is what eth0 gets. */

const debian = (...enabled: Parameters<typeof units>): MemoryTree => ({ ...bareDebian(), ...units(...enabled) });
const INITSCRIPTS: MemoryTree = { '/etc/rc.d/init.d/network': '#! /bin/bash\n', '/etc/rc.d/rc3.d/S10network': { symlink: '../init.d/network' } };
const SCRIPTS = '/etc/sysconfig/network-scripts';
const NM = '/etc/NetworkManager/system-connections';
/** nmcli --offline keyfiles, each at <system-connections>/<file>. */
const keyfiles = (...files: string[]): MemoryTree => Object.fromEntries(files.map((f) => [`${NM}/${f}`, data(`nmcli-1.42.4/${f}`)]));
/** NetworkManager >= 1.46 writes controller=/port-type= where 1.42 wrote master=/slave-type=. */
const nm146 = (text: string): string => text.replace(/^master=/m, 'controller=').replace(/^slave-type=/m, 'port-type=');
const OVS = ['ovs-bridge.nmconnection', 'ovs-port-eth0.nmconnection', 'ovs-eth0.nmconnection', 'ovs-port-br0.nmconnection'];

describe('NET-DHCP-PRIMARY: eth0 as a port', () => {
  it.each([
    {
      name: "netplan's bridge example on eth0: br0 has dhcp4",
      tree: () => ({ ...debian(), ...NETPLAN_GENERATOR, '/etc/netplan/01-br0.yaml': data('debian12/bridge.yaml').replace(/enp3s0/g, 'eth0') }),
      expected: [],
    },
    {
      name: 'the same bridge with a static address instead',
      tree: () => ({ ...debian(), ...NETPLAN_GENERATOR, '/etc/netplan/01-br0.yaml': data('debian12/bridge.yaml').replace(/enp3s0/g, 'eth0').replace('dhcp4: yes', 'addresses: [10.0.0.4/24]') }),
      expected: ['error netplan /etc/netplan/01-br0.yaml (eth0) makes eth0 a port of br0, and netplan /etc/netplan/01-br0.yaml (br0) gives br0 static IPv4 10.0.0.4/24 instead of DHCP'],
    },
    {
      name: "netplan's bonding example on eth0/eth1: bond0 has dhcp4",
      tree: () => ({ ...debian(), ...NETPLAN_GENERATOR, '/etc/netplan/01-bond.yaml': data('debian12/bonding.yaml').replace(/enp3s0/g, 'eth0').replace(/enp4s0/g, 'eth1') }),
      expected: [],
    },
    {
      name: "NetworkManager's ifcfg-rh bond port test file (eth0, MASTER=bond99) with its bond master test file (ONBOOT=no), initscripts",
      tree: () => ({ ...debian(), ...INITSCRIPTS, [`${SCRIPTS}/ifcfg-eth0`]: data('nm-ifcfg-rh/ifcfg-test-bond-port'), [`${SCRIPTS}/ifcfg-bond99`]: data('nm-ifcfg-rh/ifcfg-test-bond-main').replace('bond0', 'bond99') }),
      expected: [
        'error ifcfg-rhel /etc/sysconfig/network-scripts/ifcfg-eth0 makes eth0 a port of bond99, whose configuration is not in force (ifcfg-rhel /etc/sysconfig/network-scripts/ifcfg-bond99: read by network-scripts, which runs at boot, but never brought up at boot: ONBOOT=no (line 2))',
      ],
    },
    {
      name: 'the same bond master brought up at boot: DHCP on bond99 counts for eth0',
      tree: () => ({
        ...debian(),
        ...INITSCRIPTS,
        [`${SCRIPTS}/ifcfg-eth0`]: data('nm-ifcfg-rh/ifcfg-test-bond-port'),
        [`${SCRIPTS}/ifcfg-bond99`]: data('nm-ifcfg-rh/ifcfg-test-bond-main').replace('bond0', 'bond99').replace('ONBOOT=no', 'ONBOOT=yes'),
      }),
      expected: [],
    },
    {
      name: 'the bond port alone: nothing defines bond99',
      tree: () => ({ ...debian(), ...INITSCRIPTS, [`${SCRIPTS}/ifcfg-eth0`]: data('nm-ifcfg-rh/ifcfg-test-bond-port') }),
      expected: ['error ifcfg-rhel /etc/sysconfig/network-scripts/ifcfg-eth0 makes eth0 a port of bond99, but no configuration that network-scripts or NetworkManager reads defines bond99'],
    },
    {
      name: "Open vSwitch's README: eth0 on ovsbridge0 with DHCP on the bridge (OVSBOOTPROTO)",
      tree: () => ({ ...debian(), ...INITSCRIPTS, [`${SCRIPTS}/ifcfg-eth0`]: data('ovs-rhel/ifcfg-eth0'), [`${SCRIPTS}/ifcfg-ovsbridge0`]: data('ovs-rhel/ifcfg-ovsbridge0-dhcp') }),
      expected: [],
    },
    {
      name: "Open vSwitch's README: eth0 on the standalone static ovsbridge0",
      tree: () => ({ ...debian(), ...INITSCRIPTS, [`${SCRIPTS}/ifcfg-eth0`]: data('ovs-rhel/ifcfg-eth0'), [`${SCRIPTS}/ifcfg-ovsbridge0`]: data('ovs-rhel/ifcfg-ovsbridge0-static') }),
      expected: [
        'error ifcfg-rhel /etc/sysconfig/network-scripts/ifcfg-eth0 makes eth0 a port of ovsbridge0, and ifcfg-rhel /etc/sysconfig/network-scripts/ifcfg-ovsbridge0 gives ovsbridge0 static IPv4 A.B.C.D/X.Y.Z.0 instead of DHCP',
      ],
    },
    {
      name: 'nmcli keyfiles: eth0 a port of bridge br0 with DHCP',
      tree: () => ({ ...debian('NetworkManager'), ...keyfiles('br0-port-eth0.nmconnection', 'br0-dhcp.nmconnection') }),
      expected: [],
    },
    {
      name: 'nmcli keyfiles: eth0 a port of a static br0',
      tree: () => ({ ...debian('NetworkManager'), ...keyfiles('br0-port-eth0.nmconnection', 'br0-static.nmconnection') }),
      expected: [
        'error nm-keyfile /etc/NetworkManager/system-connections/br0-port-eth0.nmconnection (br0-port-eth0) makes eth0 a port of br0, and nm-keyfile /etc/NetworkManager/system-connections/br0-static.nmconnection (br0) gives br0 static IPv4 10.0.0.4/24 instead of DHCP',
      ],
    },
    {
      name: 'the same written by NetworkManager >= 1.46 (controller=, port-type=)',
      tree: () => ({
        ...debian('NetworkManager'),
        [`${NM}/br0-port-eth0.nmconnection`]: nm146(data('nmcli-1.42.4/br0-port-eth0.nmconnection')),
        ...keyfiles('br0-static.nmconnection'),
      }),
      expected: [expect.stringMatching(/^error .* makes eth0 a port of br0, and .* gives br0 static IPv4 10.0.0.4\/24 instead of DHCP$/)],
    },
    {
      name: 'nmcli keyfiles: eth0 a port of a static bond0',
      tree: () => ({ ...debian('NetworkManager'), ...keyfiles('bond0-port-eth0.nmconnection', 'bond0-static.nmconnection') }),
      expected: [expect.stringMatching(/^error .*bond0-port-eth0.nmconnection \(bond0-port-eth0\) makes eth0 a port of bond0, and .* gives bond0 static IPv4 10.0.0.4\/24 instead of DHCP$/)],
    },
    {
      name: 'nmcli keyfiles: the bridge port alone (its profile also stops the automatic one)',
      tree: () => ({ ...debian('NetworkManager'), ...keyfiles('br0-port-eth0.nmconnection') }),
      expected: [
        'error nm-keyfile /etc/NetworkManager/system-connections/br0-port-eth0.nmconnection (br0-port-eth0) makes eth0 a port of br0, but no configuration that NetworkManager reads defines br0',
      ],
    },
    {
      name: 'nmcli keyfiles: Open vSwitch bridge br0 with eth0 and an internal interface that has DHCP',
      tree: () => ({ ...debian('NetworkManager'), ...keyfiles(...OVS, 'ovs-interface-br0-dhcp.nmconnection') }),
      expected: [],
    },
    {
      name: 'nmcli keyfiles: the same Open vSwitch bridge without an internal interface',
      tree: () => ({ ...debian('NetworkManager'), ...keyfiles(...OVS) }),
      expected: [
        'error nm-keyfile /etc/NetworkManager/system-connections/ovs-eth0.nmconnection (ovs-eth0) makes eth0 a port of port-eth0 → br0, but no configuration gives br0 an address (no internal interface on the bridge)',
      ],
    },
    {
      name: 'systemd-network-generator output for eth0 (Bridge=bridge99) with systemd\'s static bridge99 test file',
      tree: () => ({
        ...debian('systemd-networkd'),
        '/run/systemd/network/70-eth0.network': data('systemd-test-network/network-generator-eth0-bridge99.network'),
        '/etc/systemd/network/25-bridge99.network': data('systemd-test-network/25-bridge99.network'),
      }),
      expected: [
        'error networkd /run/systemd/network/70-eth0.network makes eth0 a port of bridge99, and networkd /etc/systemd/network/25-bridge99.network gives bridge99 static IPv4 192.168.0.15/24 instead of DHCP',
      ],
    },
    {
      name: 'the same with the bridge on DHCP',
      tree: () => ({
        ...debian('systemd-networkd'),
        '/run/systemd/network/70-eth0.network': data('systemd-test-network/network-generator-eth0-bridge99.network'),
        '/etc/systemd/network/25-bridge99.network': data('systemd-test-network/25-bridge99.network').replace(/Address=.*\nGateway=.*\n/, 'DHCP=ipv4\n'),
      }),
      expected: [],
    },
    {
      name: 'bridge-utils-interfaces(5) example: static br0 with bridge_ports all (every ethX)',
      tree: () => ({ ...debian('networking'), '/etc/network/interfaces': data('bridge-utils/interfaces-br0-all') }),
      expected: [
        'error eni /etc/network/interfaces (eth*) makes eth0 a port of br0, and eni /etc/network/interfaces (br0) gives br0 static IPv4 192.168.1.2 instead of DHCP',
      ],
    },
    {
      name: 'the same example with br0 on DHCP',
      tree: () => ({ ...debian('networking'), '/etc/network/interfaces': data('bridge-utils/interfaces-br0-all').replace('inet static', 'inet dhcp').replace(/ +(address|network|netmask|broadcast|gateway) .*\n/g, '') }),
      expected: [],
    },
    {
      name: 'the DHCP bridge without its auto line is never brought up',
      tree: () => ({ ...debian('networking'), '/etc/network/interfaces': data('bridge-utils/interfaces-br0-all').replace('auto br0\n', '').replace('inet static', 'inet dhcp') }),
      expected: [expect.stringMatching(/^error eni \/etc\/network\/interfaces \(eth\*\) makes eth0 a port of br0, whose configuration is not in force \(.*no auto or allow-hotplug line names br0\)$/)],
    },
  ])('$name', async ({ tree, expected }) => {
    for (const osState of ['generalized', 'specialized'] as const) {
      expect(await netRuleLines(NET_DHCP_PRIMARY, tree(), osState)).toEqual(expected);
    }
  });

  it('evidence: the port definition and the line that gives the master its static address', async () => {
    const tree = { ...debian('NetworkManager'), ...keyfiles('br0-port-eth0.nmconnection', 'br0-static.nmconnection') };
    const [finding] = await netRuleFindings(NET_DHCP_PRIMARY, tree, 'generalized');
    expect(finding!.evidence).toEqual([
      { path: `${NM}/br0-port-eth0.nmconnection`, line: 2, excerpt: 'id=br0-port-eth0' },
      { path: `${NM}/br0-static.nmconnection`, line: 13, excerpt: 'method=manual' },
    ]);
  });
});

describe('NET-DHCP-PRIMARY: SUSE bridges list their ports on the bridge (wicked)', () => {
  const wicked = (): MemoryTree => ({
    ...debian(),
    '/usr/lib/systemd/system/wicked.service': data('wicked/wicked.service'),
    '/etc/systemd/system/multi-user.target.wants/wicked.service': { symlink: '/usr/lib/systemd/system/wicked.service' },
  });
  it.each([
    { name: "ifcfg-bridge(5)'s example: br0 on eth0 and eth1 with DHCP, no ifcfg-eth0", tree: () => ({ ...wicked(), '/etc/sysconfig/network/ifcfg-br0': data('wicked/ifcfg-br0') }), expected: [] },
    {
      name: 'the same bridge with a static address',
      tree: () => ({ ...wicked(), '/etc/sysconfig/network/ifcfg-br0': data('wicked/ifcfg-br0').replace("BOOTPROTO='dhcp'", "BOOTPROTO='static'\nIPADDR='10.0.0.4/24'") }),
      expected: [
        'error ifcfg-suse /etc/sysconfig/network/ifcfg-br0 makes eth0 a port of br0, and ifcfg-suse /etc/sysconfig/network/ifcfg-br0 gives br0 static IPv4 10.0.0.4/24 instead of DHCP',
      ],
    },
    {
      name: "the DHCP bridge with the port file of ifcfg-bonding(5)'s example (BOOTPROTO='none'): eth0 is still a port",
      tree: () => ({ ...wicked(), '/etc/sysconfig/network/ifcfg-br0': data('wicked/ifcfg-br0'), '/etc/sysconfig/network/ifcfg-eth0': data('wicked/ifcfg-eth0') }),
      expected: [],
    },
    {
      name: "ifcfg-bonding(5)'s example: static bond0 on eth0 and eth1",
      tree: () => ({ ...wicked(), '/etc/sysconfig/network/ifcfg-bond0': data('wicked/ifcfg-bond0'), '/etc/sysconfig/network/ifcfg-eth0': data('wicked/ifcfg-eth0') }),
      expected: [
        'error ifcfg-suse /etc/sysconfig/network/ifcfg-eth0 makes eth0 a port of bond0, and ifcfg-suse /etc/sysconfig/network/ifcfg-bond0 gives bond0 static IPv4 192.168.0.1/24 instead of DHCP',
      ],
    },
    {
      name: 'the same bond with DHCP',
      tree: () => ({ ...wicked(), '/etc/sysconfig/network/ifcfg-bond0': data('wicked/ifcfg-bond0').replace("BOOTPROTO='static'\nIPADDR='192.168.0.1/24'", "BOOTPROTO='dhcp'"), '/etc/sysconfig/network/ifcfg-eth0': data('wicked/ifcfg-eth0') }),
      expected: [],
    },
  ])('$name', async ({ tree, expected }) => {
    expect(await netRuleLines(NET_DHCP_PRIMARY, tree(), 'generalized')).toEqual(expected);
  });
});
