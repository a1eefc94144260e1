import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { NET_DHCP_PRIMARY } from '../../src/rules/NET-DHCP-PRIMARY.js';
import { bareDebian, cloudInit } from '../data/agents/scenarios.js';
import { cloudInitFile, data, ifupdownMultipleStanzasExample, NETPLAN_GENERATOR, netRuleFindings, netRuleLines, units } from '../facts/network/trees.js';

const debian = (...enabled: Parameters<typeof units>): MemoryTree => ({ ...bareDebian(), ...units(...enabled) });
const STATIC_ETH0_IFCFG = data('centos7/ifcfg-ens192').replace(/ens192/g, 'eth0');
/** anaconda's ifcfg-enp0s3 (no DEVICE=) with its HWADDR line dropped: bound to no NIC at all. */
const CATCH_ALL_IFCFG = data('centos7/ifcfg-enp0s3').replace(/HWADDR=.*\n/, '');
const NM_IFCFG_RH: MemoryTree = { '/usr/lib64/NetworkManager/1.40.16-1.el8/libnm-settings-plugin-ifcfg-rh.so': '\x7fELF' };

describe('NET-DHCP-PRIMARY', () => {
  it.each([
    {
      name: 'ESRF Debian 7 interfaces: eth0 dhcp, eth1 static (not the primary)',
      tree: () => ({ ...debian('networking'), '/etc/network/interfaces': data('installer/esrf-debian7-interfaces') }),
      expected: [],
    },
    {
      name: 'ENI eth0 static with ifupdown running',
      tree: () => ({ ...debian('networking'), '/etc/network/interfaces': 'auto eth0\niface eth0 inet static\n  address 10.0.0.4/24\n' }),
      expected: ['error eni /etc/network/interfaces (eth0) gives eth0 static IPv4 10.0.0.4/24 instead of DHCP'],
    },
    {
      name: 'ifcfg-eth0 static, NetworkManager with the ifcfg-rh plugin',
      tree: () => ({ ...debian('NetworkManager'), ...NM_IFCFG_RH, '/etc/sysconfig/network-scripts/ifcfg-eth0': STATIC_ETH0_IFCFG }),
      expected: ['error ifcfg-rhel /etc/sysconfig/network-scripts/ifcfg-eth0 gives eth0 static IPv4 172.23.34.210/24 instead of DHCP'],
    },
    {
      name: 'the same ifcfg-eth0 with NetworkManager on keyfiles only',
      tree: () => ({ ...debian('NetworkManager'), ...NM_IFCFG_RH, '/etc/NetworkManager/conf.d/10-keyfile.conf': '[main]\nplugins=keyfile\n', '/etc/sysconfig/network-scripts/ifcfg-eth0': STATIC_ETH0_IFCFG }),
      expected: [
        'warning ifcfg-rhel /etc/sysconfig/network-scripts/ifcfg-eth0 gives eth0 static IPv4 172.23.34.210/24 instead of DHCP; not in force: not read at boot: NetworkManager does not load its ifcfg-rh plugin (keyfile profiles only); network-scripts does not run at boot (network-scripts: no network.service unit and no /etc/rc.d/init.d/network)',
      ],
    },
    {
      name: 'the same ifcfg-eth0 in an image that runs systemd-networkd',
      tree: () => ({ ...debian('systemd-networkd'), '/etc/systemd/network/20-eth0.network': '[Match]\nName=eth0\n[Network]\nDHCP=yes\n', '/etc/sysconfig/network-scripts/ifcfg-eth0': STATIC_ETH0_IFCFG }),
      expected: [expect.stringMatching(/^warning ifcfg-rhel .* instead of DHCP; not in force: .*network-scripts does not run at boot/)],
    },
    {
      name: 'NetworkManager keyfile method=manual for eth0',
      tree: () => ({ ...debian('NetworkManager'), '/etc/NetworkManager/system-connections/eth0.nmconnection': '[connection]\nid=eth0\ntype=ethernet\ninterface-name=eth0\n\n[ipv4]\naddress1=10.0.0.4/24,10.0.0.1\nmethod=manual\n' }),
      expected: ['error nm-keyfile /etc/NetworkManager/system-connections/eth0.nmconnection (eth0) gives eth0 static IPv4 10.0.0.4/24 instead of DHCP'],
    },
    {
      name: 'networkd: a static file that sorts after an eth0 DHCP file is shadowed',
      tree: () => ({ ...debian('systemd-networkd'), '/etc/systemd/network/10-eth0.network': '[Match]\nName=eth0\n[Network]\nDHCP=ipv4\n', '/etc/systemd/network/20-eth0-static.network': '[Match]\nName=eth0\n[Network]\nAddress=10.0.0.4/24\n' }),
      expected: ['warning networkd /etc/systemd/network/20-eth0-static.network gives eth0 static IPv4 10.0.0.4/24 instead of DHCP; not in force: systemd-networkd applies 10-eth0.network to eth0 first (/etc/systemd/network/10-eth0.network)'],
    },
    {
      name: 'netplan static.yaml from the netplan docs renamed to eth0, netplan installed',
      tree: () => ({ ...debian(), ...NETPLAN_GENERATOR, '/etc/netplan/00-installer-config.yaml': data('debian12/static.yaml').replace(/enp3s0/g, 'eth0') }),
      expected: ['error netplan /etc/netplan/00-installer-config.yaml (eth0) gives eth0 static IPv4 10.10.10.2/24 instead of DHCP'],
    },
    {
      name: 'networkd runs and nothing configures eth0, no cloud-init',
      tree: () => debian('systemd-networkd'),
      expected: [expect.stringMatching(/^error no configuration brings up eth0 with DHCP in the network stack that runs \(systemd-networkd\), and cloud-init does not write one/)],
    },
    {
      name: "netplan's bridge example on eth0: eth0 has dhcp4: no but is a member of br0",
      tree: () => ({ ...debian(), ...NETPLAN_GENERATOR, '/etc/netplan/01-br0.yaml': data('debian12/bridge.yaml').replace(/enp3s0/g, 'eth0') }),
      expected: [],
    },
    {
      name: 'RHEL ifcfg-eth0 enslaved to bond0 (MASTER=), initscripts running, no ifcfg-bond0',
      tree: () => ({ ...debian(), '/etc/rc.d/init.d/network': '#! /bin/bash\n', '/etc/rc.d/rc3.d/S10network': { symlink: '../init.d/network' }, '/etc/sysconfig/network-scripts/ifcfg-eth0': 'DEVICE=eth0\nBOOTPROTO=none\nONBOOT=yes\nMASTER=bond0\nSLAVE=yes\n' }),
      expected: ['error ifcfg-rhel /etc/sysconfig/network-scripts/ifcfg-eth0 makes eth0 a port of bond0, but no configuration that network-scripts or NetworkManager reads defines bond0'],
    },
    {
      name: "Debian cloud image: ifupdown with cloud-ifupdown-helper's DHCP template, nothing for eth0 at rest",
      tree: () => ({ ...debian('networking'), '/etc/network/interfaces': 'source-directory /run/network/interfaces.d\n', '/etc/network/cloud-ifupdown-helper': { content: '#!/bin/bash\n', mode: 0o755 }, '/etc/network/cloud-interfaces-template': data('debian-cloud/cloud-interfaces-template') }),
      expected: [],
    },
    {
      name: 'the same template switched to manual (as some build scripts do with sed)',
      tree: () => ({ ...debian('networking'), '/etc/network/interfaces': 'source-directory /run/network/interfaces.d\n', '/etc/network/cloud-ifupdown-helper': { content: '#!/bin/bash\n', mode: 0o755 }, '/etc/network/cloud-interfaces-template': data('debian-cloud/cloud-interfaces-template').replace('inet dhcp', 'inet manual') }),
      expected: [expect.stringMatching(/^error no configuration brings up eth0 with DHCP in the network stack that runs \(ifupdown\)/)],
    },
    {
      name: 'ESRF interfaces with the auto/allow-hotplug lines for eth0 removed: the DHCP stanza is never brought up',
      tree: () => ({ ...debian('networking'), '/etc/network/interfaces': data('installer/esrf-debian7-interfaces').replace('auto eth0\nallow-hotplug eth0\n', '') }),
      expected: [
        'error no configuration brings up eth0 with DHCP in the network stack that runs (ifupdown), and cloud-init does not write one (cloud-init is not installed); eni /etc/network/interfaces (eth0) is not in force (read by ifupdown, which runs at boot, but never brought up at boot: no auto or allow-hotplug line names eth0)',
      ],
    },
    {
      name: "cloud-init's ifcfg-eth0 without its HWADDR line and with ONBOOT=no, initscripts running",
      tree: () => ({
        ...debian(),
        '/etc/rc.d/init.d/network': '#! /bin/bash\n',
        '/etc/rc.d/rc3.d/S10network': { symlink: '../init.d/network' },
        '/etc/sysconfig/network-scripts/ifcfg-eth0': data('cloud-init-22.4.2/sysconfig-rhel/etc/sysconfig/network-scripts/ifcfg-eth0').replace(/HWADDR=.*\n/, '').replace('ONBOOT=yes', 'ONBOOT=no'),
      }),
      expected: [
        'error no configuration brings up eth0 with DHCP in the network stack that runs (network-scripts), and cloud-init does not write one (cloud-init is not installed); ifcfg-rhel /etc/sysconfig/network-scripts/ifcfg-eth0 is not in force (read by network-scripts, which runs at boot, but never brought up at boot: ONBOOT=no (line 7))',
      ],
    },
    {
      name: 'static eth0 with ONBOOT=no under NetworkManager: never applied (warning), yet it stops the automatic profile (error)',
      tree: () => ({ ...debian('NetworkManager'), ...NM_IFCFG_RH, '/etc/sysconfig/network-scripts/ifcfg-eth0': STATIC_ETH0_IFCFG.replace('ONBOOT="yes"', 'ONBOOT="no"') }),
      expected: [
        "error no configuration brings up eth0 with DHCP in the network stack that runs (NetworkManager), and cloud-init does not write one (cloud-init is not installed); NetworkManager creates no automatic profile for eth0: the profile ifcfg-rhel /etc/sysconfig/network-scripts/ifcfg-eth0 matches eth0, even though it never autoconnects",
        'warning ifcfg-rhel /etc/sysconfig/network-scripts/ifcfg-eth0 gives eth0 static IPv4 172.23.34.210/24 instead of DHCP; not in force: read by NetworkManager, which runs at boot, but never brought up at boot: ONBOOT="no" (line 13)',
      ],
    },
    {
      name: "NetworkManager with RHEL's NetworkManager-config-server and no profile: no automatic DHCP profile",
      tree: () => ({ ...debian('NetworkManager'), '/usr/lib/NetworkManager/conf.d/00-server.conf': data('nm-config-server/00-server.conf') }),
      expected: [
        'error no configuration brings up eth0 with DHCP in the network stack that runs (NetworkManager), and cloud-init does not write one (cloud-init is not installed); NetworkManager creates no automatic profile for eth0: no-auto-default=* in /usr/lib/NetworkManager/conf.d/00-server.conf',
      ],
    },
    {
      name: 'NetworkManager with a catch-all Ethernet profile that never autoconnects (nmcli --offline)',
      tree: () => ({ ...debian('NetworkManager'), '/etc/NetworkManager/system-connections/Wired any.nmconnection': data('nmcli-1.42.4/wired-any-autoconnect-no.nmconnection') }),
      expected: [
        'error no configuration brings up eth0 with DHCP in the network stack that runs (NetworkManager), and cloud-init does not write one (cloud-init is not installed); nm-keyfile /etc/NetworkManager/system-connections/Wired any.nmconnection (Wired any) is not in force (read by NetworkManager, which runs at boot, but never brought up at boot: autoconnect=false (line 5)); NetworkManager creates no automatic profile for eth0: the profile nm-keyfile /etc/NetworkManager/system-connections/Wired any.nmconnection (Wired any) matches eth0, even though it never autoconnects',
      ],
    },
    {
      name: 'the same with cloud-init writing the configuration for the new instance',
      tree: () => ({ ...debian('NetworkManager'), ...cloudInit(), '/usr/lib/NetworkManager/conf.d/00-server.conf': data('nm-config-server/00-server.conf') }),
      expected: [],
    },
    {
      name: "anaconda's static ifcfg-enp0s3 without HWADDR, NetworkManager with ifcfg-rh: a catch-all that gives eth0 its static address",
      tree: () => ({ ...debian('NetworkManager'), ...NM_IFCFG_RH, '/etc/sysconfig/network-scripts/ifcfg-enp0s3': CATCH_ALL_IFCFG }),
      expected: ['error ifcfg-rhel /etc/sysconfig/network-scripts/ifcfg-enp0s3 gives eth0 static IPv4 192.168.1.150/24 instead of DHCP'],
    },
    {
      name: 'the same file with BOOTPROTO=dhcp: eth0 gets DHCP from it',
      tree: () => ({ ...debian('NetworkManager'), ...NM_IFCFG_RH, '/etc/sysconfig/network-scripts/ifcfg-enp0s3': CATCH_ALL_IFCFG.replace('BOOTPROTO="none"', 'BOOTPROTO="dhcp"') }),
      expected: [],
    },
    {
      name: 'the static catch-all read by initscripts alone (NM_CONTROLLED=no): it configures no device, nothing brings eth0 up',
      tree: () => ({
        ...debian(),
        '/etc/rc.d/init.d/network': '#! /bin/bash\n',
        '/etc/rc.d/rc3.d/S10network': { symlink: '../init.d/network' },
        '/etc/sysconfig/network-scripts/ifcfg-enp0s3': `${CATCH_ALL_IFCFG}NM_CONTROLLED=no\n`,
      }),
      expected: [expect.stringMatching(/^error no configuration brings up eth0 with DHCP in the network stack that runs \(network-scripts\)/)],
    },
    {
      name: "ifupdown's multiple-stanza example: two static stanzas for eth0 give both addresses, no DHCP",
      tree: () => ({ ...debian('networking'), '/etc/network/interfaces': ifupdownMultipleStanzasExample() }),
      expected: ['error eni /etc/network/interfaces (eth0) gives eth0 static IPv4 192.168.0.42/24, 172.16.0.1/24 instead of DHCP'],
    },
    {
      name: 'the same with the first stanza DHCP: DHCP plus a static alias is fine',
      tree: () => ({ ...debian('networking'), '/etc/network/interfaces': ifupdownMultipleStanzasExample().replace(/inet static\n {3}address 192.168.0.42\/24\n {3}gateway 192.168.0.1\n/, 'inet dhcp\n') }),
      expected: [],
    },
    {
      name: 'the Debian installer file for eth0 with inet6 dhcp: DHCPv6 stalls ifup where Azure has no IPv6',
      tree: () => ({ ...debian('networking'), '/etc/network/interfaces': data('installer/debian-netcfg-interfaces').replace(/ens33/g, 'eth0').replace('inet6 auto', 'inet6 dhcp') }),
      expected: [
        'warning eni /etc/network/interfaces (eth0) asks DHCPv6 for eth0 (iface eth0 inet6 dhcp): ifup waits for dhclient -6 to get a lease, which Azure gives only on subnets with IPv6, so elsewhere bringing eth0 up stalls until dhclient gives up and networking.service (or ifup@eth0) fails',
      ],
    },
    {
      name: 'the same file as the installer wrote it (inet6 auto): no DHCPv6 wait',
      tree: () => ({ ...debian('networking'), '/etc/network/interfaces': data('installer/debian-netcfg-interfaces').replace(/ens33/g, 'eth0') }),
      expected: [],
    },
    {
      name: "Debian's NetworkManager.conf (ifupdown plugin, managed=false) with eth0 in /etc/network/interfaces, networking.service off: NetworkManager ignores eth0",
      tree: () => ({
        ...debian('NetworkManager'),
        '/etc/NetworkManager/NetworkManager.conf': data('debian12/NetworkManager.conf'),
        '/etc/network/interfaces': data('installer/esrf-debian7-interfaces'),
        '/etc/NetworkManager/system-connections/eth0.nmconnection': data('nmcli-1.42.4/eth0-dhcp-autoconnect-no.nmconnection').replace('autoconnect=false\n', ''),
      }),
      expected: [
        'error no configuration brings up eth0 with DHCP in the network stack that runs (NetworkManager), and cloud-init does not write one (cloud-init is not installed); eni /etc/network/interfaces (eth0) is not in force (not read at boot: ifupdown does not run at boot (ifupdown: networking.service is disabled and nothing started from multi-user.target pulls it in)); nm-keyfile /etc/NetworkManager/system-connections/eth0.nmconnection (eth0) is not in force (NetworkManager leaves eth0 unmanaged: its ifupdown plugin ignores interfaces listed in /etc/network/interfaces (managed=false in /etc/NetworkManager/NetworkManager.conf), and /etc/network/interfaces:11 lists eth0); NetworkManager creates no automatic profile for eth0: NetworkManager leaves eth0 unmanaged: its ifupdown plugin ignores interfaces listed in /etc/network/interfaces (managed=false in /etc/NetworkManager/NetworkManager.conf), and /etc/network/interfaces:11 lists eth0',
      ],
    },
    {
      name: 'the same with [ifupdown] managed=true: NetworkManager applies its eth0 profile',
      tree: () => ({
        ...debian('NetworkManager'),
        '/etc/NetworkManager/NetworkManager.conf': data('debian12/NetworkManager.conf').replace('managed=false', 'managed=true'),
        '/etc/network/interfaces': data('installer/esrf-debian7-interfaces'),
        '/etc/NetworkManager/system-connections/eth0.nmconnection': data('nmcli-1.42.4/eth0-dhcp-autoconnect-no.nmconnection').replace('autoconnect=false\n', ''),
      }),
      expected: [],
    },
    {
      name: "cloud-init's RHEL ifcfg-eth0 without HWADDR (NM_CONTROLLED=no, DEVICE=eth0), NetworkManager with ifcfg-rh and no network.service: eth0 unmanaged",
      tree: () => ({ ...debian('NetworkManager'), ...NM_IFCFG_RH, '/etc/sysconfig/network-scripts/ifcfg-eth0': data('cloud-init-22.4.2/sysconfig-rhel/etc/sysconfig/network-scripts/ifcfg-eth0').replace(/HWADDR=.*\n/, '') }),
      expected: [
        expect.stringMatching(
          /^error no configuration brings up eth0 with DHCP .*; ifcfg-rhel \/etc\/sysconfig\/network-scripts\/ifcfg-eth0 is not in force \(not read at boot: NetworkManager ignores it \(NM_CONTROLLED=no\); .*\); NetworkManager creates no automatic profile for eth0: NetworkManager leaves eth0 unmanaged: its ifcfg-rh plugin reads NM_CONTROLLED=no for DEVICE=eth0 in \/etc\/sysconfig\/network-scripts\/ifcfg-eth0$/,
        ),
      ],
    },
    {
      name: 'the same file with its HWADDR (the old MAC): the new NIC stays managed and gets the automatic profile',
      tree: () => ({ ...debian('NetworkManager'), ...NM_IFCFG_RH, '/etc/sysconfig/network-scripts/ifcfg-eth0': data('cloud-init-22.4.2/sysconfig-rhel/etc/sysconfig/network-scripts/ifcfg-eth0') }),
      expected: [],
    },
    {
      name: "systemd's activation-policy test file matched to eth0 with DHCP, and its manual.conf drop-in in /etc: never brought up",
      tree: () => ({
        ...debian('systemd-networkd'),
        '/usr/lib/systemd/network/25-activation-policy.network': data('systemd-test-network/25-activation-policy.network').replace('test1', 'eth0').replace(/Address=.*\nGateway=.*\n/, 'DHCP=yes\n'),
        '/etc/systemd/network/25-activation-policy.network.d/manual.conf': data('systemd-test-network/25-activation-policy.network.d/manual.conf'),
      }),
      expected: [
        'error no configuration brings up eth0 with DHCP in the network stack that runs (systemd-networkd), and cloud-init does not write one (cloud-init is not installed); networkd /usr/lib/systemd/network/25-activation-policy.network is not in force (read by systemd-networkd, which runs at boot, but never brought up at boot: ActivationPolicy=manual (/etc/systemd/network/25-activation-policy.network.d/manual.conf:2))',
      ],
    },
    {
      name: 'the same drop-in masked by a /dev/null link of the same name in /etc: eth0 gets DHCP',
      tree: () => ({
        ...debian('systemd-networkd'),
        '/usr/lib/systemd/network/25-activation-policy.network': data('systemd-test-network/25-activation-policy.network').replace('test1', 'eth0').replace(/Address=.*\nGateway=.*\n/, 'DHCP=yes\n'),
        '/usr/lib/systemd/network/25-activation-policy.network.d/manual.conf': data('systemd-test-network/25-activation-policy.network.d/manual.conf'),
        '/etc/systemd/network/25-activation-policy.network.d/manual.conf': { symlink: '/dev/null' },
      }),
      expected: [],
    },
    { name: 'networkd runs, nothing configured, cloud-init writes the config', tree: () => ({ ...debian('systemd-networkd'), ...cloudInit() }), expected: [] },
    { name: "NetworkManager runs with no profile: its automatic profile uses DHCP", tree: () => debian('NetworkManager'), expected: [] },
    { name: 'cloud-init netplan on Ubuntu-style image', tree: () => ({ ...debian('systemd-networkd'), ...NETPLAN_GENERATOR, ...cloudInit(), ...cloudInitFile('netplan', '/etc/netplan/50-cloud-init.yaml') }), expected: [] },
  ])('$name', async ({ tree, expected }) => {
    for (const osState of ['generalized', 'specialized'] as const) {
      expect(await netRuleLines(NET_DHCP_PRIMARY, tree(), osState)).toEqual(expected);
    }
  });

  it('evidence is the address line', async () => {
    const tree = { ...debian('networking'), '/etc/network/interfaces': 'auto eth0\niface eth0 inet static\n  address 10.0.0.4/24\n' };
    const [finding] = await netRuleFindings(NET_DHCP_PRIMARY, tree, 'generalized');
    expect(finding!.evidence).toEqual([{ path: '/etc/network/interfaces', line: 3, excerpt: 'address 10.0.0.4/24' }]);
  });
});

it('NET-DHCP-PRIMARY: the DHCPv6 warning points at the inet6 stanza', async () => {
  const tree = { ...debian('networking'), '/etc/network/interfaces': data('installer/debian-netcfg-interfaces').replace(/ens33/g, 'eth0').replace('inet6 auto', 'inet6 dhcp') };
  const [finding] = await netRuleFindings(NET_DHCP_PRIMARY, tree, 'generalized');
  expect(finding!.evidence).toEqual([{ path: '/etc/network/interfaces', line: 14, excerpt: 'iface eth0 inet6 dhcp' }]);
});
