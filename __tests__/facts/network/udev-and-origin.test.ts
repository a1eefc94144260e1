import { describe, expect, it } from '@jest/globals';
import { isCloudInitGenerated } from '../../../src/facts/network/cloud-init-origin.js';
import { parsePersistentNetRules } from '../../../src/facts/network/udev-persistent.js';
import { data } from './trees.js';

describe('parsePersistentNetRules', () => {
  it.each([
    {
      file: 'udev/70-persistent-net.rules',
      rules: [
        { line: 8, mac: '0c:c4:7a:bc:d0:35', name: 'eth1', cloudInitForm: false },
        { line: 11, mac: '0c:c4:7a:bc:d0:34', name: 'eth0', cloudInitForm: false },
      ],
    },
    {
      file: 'udev/70-persistent-net.rules.centos-vmware',
      rules: [
        { line: 8, mac: '00:0c:29:a3:d8:a7', name: 'eth0' },
        { line: 11, mac: '00:0c:29:67:b3:77', name: 'eth1' },
      ],
    },
    { file: 'cloud-init-22.4.2/eni/etc/udev/rules.d/70-persistent-net.rules', rules: [{ line: 1, mac: '00:0d:3a:04:75:98', name: 'eth0', cloudInitForm: true }] },
    { file: 'udev/75-persistent-net-generator.rules.head', rules: [] },
  ])('$file', ({ file, rules }) => {
    const parsed = parsePersistentNetRules(data(file));
    expect(parsed).toHaveLength(rules.length);
    rules.forEach((r, i) => expect(parsed[i]).toMatchObject(r));
  });
});

describe('isCloudInitGenerated', () => {
  it.each([
    ['/etc/netplan/50-cloud-init.yaml', 'cloud-init-22.4.2/netplan/etc/netplan/50-cloud-init.yaml', true],
    ['/etc/network/interfaces.d/50-cloud-init', 'cloud-init-22.4.2/eni/etc/network/interfaces.d/50-cloud-init', true],
    ['/etc/sysconfig/network-scripts/ifcfg-eth0', 'cloud-init-22.4.2/sysconfig-rhel/etc/sysconfig/network-scripts/ifcfg-eth0', true],
    ['/etc/sysconfig/network/ifcfg-eth0', 'cloud-init-22.4.2/sysconfig-suse/etc/sysconfig/network/ifcfg-eth0', true],
    ['/etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection', 'cloud-init-22.4.2/network-manager/etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection', true],
    ['/etc/systemd/network/10-cloud-init-eth0.network', 'cloud-init-22.4.2/networkd/etc/systemd/network/10-cloud-init-eth0.network', true],
    ['/etc/udev/rules.d/70-persistent-net.rules', 'cloud-init-22.4.2/sysconfig-rhel/etc/udev/rules.d/70-persistent-net.rules', true],
    ['/etc/udev/rules.d/85-persistent-net-cloud-init.rules', 'cloud-init-22.4.2/sysconfig-suse/etc/udev/rules.d/85-persistent-net-cloud-init.rules', true],
    // Written by udev's generator, or by hand / an installer: not cloud-init's.
    ['/etc/udev/rules.d/70-persistent-net.rules', 'udev/70-persistent-net.rules', false],
    ['/etc/sysconfig/network-scripts/ifcfg-ens192', 'centos7/ifcfg-ens192', false],
    ['/etc/network/interfaces', 'installer/debian-netcfg-interfaces', false],
    ['/etc/netplan/00-installer-config.yaml', 'debian12/static.yaml', false],
  ])('%s with %s → %s', (path, file, expected) => {
    expect(isCloudInitGenerated(path, data(file))).toBe(expected);
  });
});
