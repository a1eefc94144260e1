import { describe, expect, it } from '@jest/globals';
import { collectNetwork } from '../../../src/facts/network/index.js';
import { memoryGuest } from '../../helpers/memory-guest.js';
import type { MemoryTree } from '../../../src/fs/memory/memory-fs.js';
import { cloudInitFile, data, NETPLAN_GENERATOR, units } from './trees.js';

async function collect(tree: MemoryTree) {
  return collectNetwork(memoryGuest(tree), {});
}

describe('collectNetwork', () => {
  it.each([
    { name: 'Debian 12 with ifupdown enabled', tree: units('networking'), active: ['ifupdown'] },
    { name: 'NetworkManager enabled', tree: units('NetworkManager'), active: ['NetworkManager'] },
    { name: 'nothing enabled', tree: units(), active: [] },
    {
      name: 'netplan with a networkd definition starts networkd through its generator',
      tree: { ...units(), ...NETPLAN_GENERATOR, ...cloudInitFile('netplan', '/etc/netplan/50-cloud-init.yaml') },
      active: ['systemd-networkd'],
    },
    {
      name: 'RHEL 7 initscripts enabled by a SysV S-link',
      tree: { ...units(), '/etc/rc.d/init.d/network': '#! /bin/bash\n', '/etc/rc.d/rc3.d/S10network': { symlink: '../init.d/network' } },
      active: ['network-scripts'],
    },
  ])('stacks: $name', async ({ tree, active }) => {
    const facts = await collect(tree);
    expect(facts.stacks.filter((s) => s.active).map((s) => s.id)).toEqual(active);
  });

  it('reads every format from its place, merges them in one list, and leaves loopback out', async () => {
    const facts = await collect({
      ...units('networking'),
      '/etc/network/interfaces': data('debian12/interfaces'),
      ...cloudInitFile('eni', '/etc/network/interfaces.d/50-cloud-init'),
      ...cloudInitFile('networkd', '/etc/systemd/network/10-cloud-init-eth0.network'),
      ...cloudInitFile('network-manager', '/etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection'),
      ...cloudInitFile('sysconfig-rhel', '/etc/sysconfig/network-scripts/ifcfg-eth0'),
      '/lib/systemd/network/80-container-host0.network': data('debian12/80-container-host0.network'),
    });
    expect(facts.interfaces.map((i) => `${i.format} ${i.path}`)).toEqual([
      'eni /etc/network/interfaces.d/50-cloud-init',
      'ifcfg-rhel /etc/sysconfig/network-scripts/ifcfg-eth0',
      'nm-keyfile /etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection',
      'networkd /etc/systemd/network/10-cloud-init-eth0.network',
      'networkd /lib/systemd/network/80-container-host0.network',
    ]);
    expect(facts.interfaces.filter((i) => i.cloudInit.generated).length).toBe(4);
    expect(facts.interfaces.filter((i) => i.inForce.inForce).map((i) => i.format)).toEqual(['eni']);
  });

  it('a same-named file in /etc shadows /lib, and a /dev/null link masks it', async () => {
    const facts = await collect({
      ...units('systemd-networkd'),
      '/lib/systemd/network/50-eth0.network': '[Match]\nName=eth0\n[Network]\nAddress=10.0.0.4/24\n',
      '/etc/systemd/network/50-eth0.network': '[Match]\nName=eth0\n[Network]\nDHCP=yes\n',
      '/lib/systemd/network/60-other.network': '[Match]\nName=eth1\n[Network]\nDHCP=no\n',
      '/etc/systemd/network/60-other.network': { symlink: '/dev/null' },
    });
    expect(facts.interfaces.map((i) => [i.path, i.ipv4])).toEqual([['/etc/systemd/network/50-eth0.network', 'dhcp']]);
  });

  it('NetworkManager reads ifcfg files when the ifcfg-rh plugin is installed and plugins= does not leave it out', async () => {
    const tree: MemoryTree = {
      ...units('NetworkManager'),
      '/usr/lib64/NetworkManager/1.40.16-1.el8/libnm-settings-plugin-ifcfg-rh.so': '\x7fELF',
      '/etc/sysconfig/network-scripts/ifcfg-ens192': data('centos7/ifcfg-ens192'),
    };
    expect((await collect(tree)).interfaces[0]!.inForce.inForce).toBe(true);
    const keyfileOnly = await collect({ ...tree, '/etc/NetworkManager/conf.d/99-keyfile.conf': '[main]\nplugins=keyfile\n' });
    expect(keyfileOnly.interfaces[0]!.inForce).toMatchObject({ inForce: false, reason: expect.stringMatching(/ifcfg-rh/) });
  });

  it('persistent names: udev rules (cloud-init form recognised), the generator and its /etc mask', async () => {
    const facts = await collect({
      ...units(),
      '/etc/udev/rules.d/70-persistent-net.rules': data('udev/70-persistent-net.rules.centos-vmware'),
      '/lib/udev/rules.d/75-persistent-net-generator.rules': data('udev/75-persistent-net-generator.rules.head'),
    });
    expect(facts.persistentNames.map((p) => [p.name, p.mac, p.line, p.cloudInit.generated])).toEqual([
      ['eth0', '00:0c:29:a3:d8:a7', 8, false],
      ['eth1', '00:0c:29:67:b3:77', 11, false],
    ]);
    expect(facts.generator).toEqual({ path: '/lib/udev/rules.d/75-persistent-net-generator.rules', masked: false, writes: false });
    const writing = await collect({
      ...units(),
      '/lib/udev/rules.d/75-persistent-net-generator.rules': data('udev/75-persistent-net-generator.rules.head'),
      '/lib/udev/write_net_rules': { content: '#!/bin/sh\n', mode: 0o755 },
    });
    expect(writing.generator).toEqual({ path: '/lib/udev/rules.d/75-persistent-net-generator.rules', masked: false, writer: '/lib/udev/write_net_rules', writes: true });
    const masked = await collect({
      ...units(),
      '/lib/udev/rules.d/75-persistent-net-generator.rules': data('udev/75-persistent-net-generator.rules.head'),
      '/etc/udev/rules.d/75-persistent-net-generator.rules': { symlink: '/dev/null' },
      ...cloudInitFile('sysconfig-rhel', '/etc/udev/rules.d/70-persistent-net.rules'),
    });
    expect(masked.generator).toEqual({ path: '/etc/udev/rules.d/75-persistent-net-generator.rules', masked: true, writes: false });
    expect(masked.persistentNames[0]!.cloudInit.generated).toBe(true);
  });

  it.each([
    { name: 'NetworkManager runs, no profile', tree: () => units('NetworkManager'), gives: true, reason: /creates "Wired connection 1"/ },
    { name: 'NetworkManager does not run', tree: () => units('systemd-networkd'), gives: false, reason: /^NetworkManager does not run at boot$/ },
    {
      name: "RHEL's NetworkManager-config-server drop-in in /usr/lib",
      tree: () => ({ ...units('NetworkManager'), '/usr/lib/NetworkManager/conf.d/00-server.conf': data('nm-config-server/00-server.conf') }),
      gives: false,
      reason: /^no-auto-default=\* in \/usr\/lib\/NetworkManager\/conf.d\/00-server.conf$/,
    },
    {
      name: 'the same drop-in shadowed by an /etc file of the same name that does not set it',
      tree: () => ({
        ...units('NetworkManager'),
        '/usr/lib/NetworkManager/conf.d/00-server.conf': data('nm-config-server/00-server.conf'),
        '/etc/NetworkManager/conf.d/00-server.conf': '[main]\nignore-carrier=*\n',
      }),
      gives: true,
      reason: /creates/,
    },
    {
      name: 'no-auto-default in NetworkManager.conf itself',
      tree: () => ({ ...units('NetworkManager'), '/etc/NetworkManager/NetworkManager.conf': `${data('debian12/NetworkManager.conf')}\n[main]\nno-auto-default=eth0\n` }),
      gives: false,
      reason: /^no-auto-default=eth0 in \/etc\/NetworkManager\/NetworkManager.conf$/,
    },
    {
      name: 'no-auto-default for another NIC only',
      tree: () => ({ ...units('NetworkManager'), '/etc/NetworkManager/conf.d/90-x.conf': '[main]\nno-auto-default=interface-name:eth1\n' }),
      gives: true,
      reason: /creates/,
    },
    {
      name: 'eth0 unmanaged by keyfile.unmanaged-devices',
      tree: () => ({ ...units('NetworkManager'), '/etc/NetworkManager/conf.d/90-x.conf': '[keyfile]\nunmanaged-devices=driver:hv_netvsc\n' }),
      gives: false,
      reason: /^NetworkManager leaves eth0 unmanaged \(unmanaged-devices=driver:hv_netvsc in /,
    },
    {
      name: 'a catch-all Ethernet profile with autoconnect=false (nmcli --offline)',
      tree: () => ({ ...units('NetworkManager'), '/etc/NetworkManager/system-connections/Wired any.nmconnection': data('nmcli-1.42.4/wired-any-autoconnect-no.nmconnection') }),
      gives: false,
      reason: /^the profile nm-keyfile \/etc\/NetworkManager\/system-connections\/Wired any.nmconnection \(Wired any\) matches eth0, even though it never autoconnects$/,
    },
    {
      name: "a profile bound to the build machine's MAC does not match the new NIC",
      tree: () => ({ ...units('NetworkManager'), ...cloudInitFile('network-manager', '/etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection') }),
      gives: true,
      reason: /creates/,
    },
    {
      name: 'an ifcfg-eth0 NetworkManager loads through ifcfg-rh',
      tree: () => ({
        ...units('NetworkManager'),
        '/usr/lib64/NetworkManager/1.40.16-1.el8/libnm-settings-plugin-ifcfg-rh.so': '\x7fELF',
        '/etc/sysconfig/network-scripts/ifcfg-eth0': data('centos7/ifcfg-ens192').replace(/ens192/g, 'eth0'),
      }),
      gives: false,
      reason: /^the profile ifcfg-rhel \/etc\/sysconfig\/network-scripts\/ifcfg-eth0 matches eth0$/,
    },
  ])("NetworkManager's automatic profile: $name", async ({ tree, gives, reason }) => {
    const { nmAutoDefault } = await collect(tree());
    expect(nmAutoDefault.gives).toBe(gives);
    expect(nmAutoDefault.reason).toMatch(reason);
  });

  it("NetworkManager's Open vSwitch (nmcli --offline): eth0 → ovs-port → ovs-bridge, the address on the bridge's internal interface", async () => {
    const dir = '/etc/NetworkManager/system-connections';
    const files = ['ovs-bridge', 'ovs-port-eth0', 'ovs-eth0', 'ovs-port-br0', 'ovs-interface-br0-dhcp'];
    const facts = await collect({ ...units('NetworkManager'), ...Object.fromEntries(files.map((f) => [`${dir}/${f}.nmconnection`, data(`nmcli-1.42.4/${f}.nmconnection`)])) });
    const eth0 = facts.interfaces.find((c) => c.id === 'ovs-eth0')!;
    expect(eth0.viaMaster).toMatchObject({ chain: ['port-eth0', 'br0'], defined: true, carriers: [{ id: 'ovs-if-br0', ipv4: 'dhcp', inForce: { inForce: true } }] });
    expect(facts.interfaces.filter((c) => c.azure.appliesToEth0).map((c) => c.id)).toEqual(['ovs-eth0']);
    expect(facts.interfaces.find((c) => c.id === 'ovs-br0')!.azure.reason).toBe('creates the ovs-bridge br0; it is not a NIC');
  });

  it('netplan files netplan would refuse are reported, not thrown', async () => {
    const facts = await collect({ ...NETPLAN_GENERATOR, '/etc/netplan/01-bad.yaml': 'network:\n  ethernets: [\n' });
    expect(facts.netplanErrors).toHaveLength(1);
    expect(facts.netplanErrors[0]!.path).toBe('/etc/netplan/01-bad.yaml');
  });

  it('NetworkManager keyfiles without the .nmconnection suffix are read from /etc only', async () => {
    const profile = '[connection]\nid=Wired connection 1\ntype=ethernet\ninterface-name=ens3\n\n[ipv4]\nmethod=auto\n';
    const facts = await collect({
      ...units('NetworkManager'),
      '/etc/NetworkManager/system-connections/Wired connection 1': profile,
      '/run/NetworkManager/system-connections/Wired connection 2': profile,
    });
    expect(facts.interfaces.map((i) => i.path)).toEqual(['/etc/NetworkManager/system-connections/Wired connection 1']);
  });
});
