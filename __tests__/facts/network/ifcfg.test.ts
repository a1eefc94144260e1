import { describe, expect, it } from '@jest/globals';
import { ifcfgConfig, isIfcfgName } from '../../../src/facts/network/ifcfg.js';
import { data } from './trees.js';

describe('ifcfgConfig on real files', () => {
  it.each([
    {
      file: 'cloud-init-22.4.2/sysconfig-rhel/etc/sysconfig/network-scripts/ifcfg-eth0',
      flavor: 'rhel' as const,
      expected: {
        format: 'ifcfg-rhel',
        line: 4,
        excerpt: 'DEVICE=eth0',
        match: { names: ['eth0'], macs: ['00:0d:3a:04:75:98'], macLine: { line: 5, excerpt: 'HWADDR=00:0d:3a:04:75:98' } },
        ipv4: 'dhcp',
        startsAtBoot: true,
        nmControlled: false,
        readBy: ['network-scripts', 'NetworkManager'],
      },
    },
    {
      file: 'cloud-init-22.4.2/sysconfig-suse/etc/sysconfig/network/ifcfg-eth0',
      flavor: 'suse' as const,
      expected: {
        format: 'ifcfg-suse',
        match: { names: ['eth0'] },
        ipv4: 'dhcp',
        setsMac: { mac: '00:0d:3a:04:75:98', line: 4 },
        startsAtBoot: true,
        readBy: ['wicked'],
      },
    },
    {
      file: 'centos7/ifcfg-ens192',
      flavor: 'rhel' as const,
      expected: {
        match: { names: ['ens192'] },
        ipv4: 'static',
        staticIpv4: ['172.23.34.210/24'],
        ipv4Line: { line: 14, excerpt: 'IPADDR="172.23.34.210"' },
        startsAtBoot: true,
        nmControlled: true,
      },
    },
    {
      file: 'centos7/ifcfg-enp0s3',
      flavor: 'rhel' as const,
      // No DEVICE=: initscripts and ifcfg-rh find the device by HWADDR, so the name criterion is the MAC alone.
      expected: { match: { macs: ['08:00:27:80:63:19'] }, ipv4: 'static', staticIpv4: ['192.168.1.150/24'] },
    },
  ])('$file', ({ file, flavor, expected }) => {
    const name = file.split('ifcfg-').pop()!;
    const config = ifcfgConfig(data(file), `/etc/sysconfig/x/ifcfg-${name}`, name, flavor);
    expect(config).toMatchObject(expected);
    if (!('names' in expected.match)) expect(config.match.names).toBeUndefined();
  });

  it("anaconda's ifcfg-enp0s3 without its HWADDR line: no DEVICE and no HWADDR is NetworkManager's catch-all, initscripts' nothing", () => {
    const config = ifcfgConfig(data('centos7/ifcfg-enp0s3').replace(/HWADDR=.*\n/, ''), '/etc/sysconfig/network-scripts/ifcfg-enp0s3', 'enp0s3', 'rhel');
    expect(config.match).toEqual({});
    expect(config.matchByReader).toEqual({ 'network-scripts': { unmet: ['no DEVICE= or HWADDR= (initscripts finds no device for it)'] } });
    expect(config).toMatchObject({ id: 'enp0s3', ipv4: 'static', staticIpv4: ['192.168.1.150/24'] });
  });

  it('SUSE files name their interface by suffix alone: no catch-all', () => {
    const config = ifcfgConfig("BOOTPROTO='dhcp'\nSTARTMODE='auto'\n", '/etc/sysconfig/network/ifcfg-eth0', 'eth0', 'suse');
    expect(config.match).toEqual({ names: ['eth0'] });
    expect(config.matchByReader).toBeUndefined();
  });

  it.each([
    ['ONBOOT=no', 'DEVICE=eth0\nBOOTPROTO=dhcp\nONBOOT=no\n', { startsAtBoot: false, ipv4: 'dhcp' }],
    ['no BOOTPROTO and no address is manual', 'DEVICE=eth0\n', { ipv4: 'manual', startsAtBoot: true }],
    ['NETMASK instead of PREFIX', "DEVICE=eth0\nBOOTPROTO=static\nIPADDR='10.0.0.4'\nNETMASK=255.255.255.0\n", { staticIpv4: ['10.0.0.4/255.255.255.0'] }],
    ['MACADDR sets a MAC', 'DEVICE=eth0\nBOOTPROTO=dhcp\nMACADDR=00:15:5D:01:02:03\n', { setsMac: { mac: '00:15:5d:01:02:03', line: 3 } }],
  ])('RHEL: %s', (_name, text, expected) => {
    expect(ifcfgConfig(text, '/etc/sysconfig/network-scripts/ifcfg-eth0', 'eth0', 'rhel')).toMatchObject(expected);
  });

  it.each([
    ["STARTMODE='manual'", "BOOTPROTO='dhcp'\nSTARTMODE='manual'\n", false],
    ["STARTMODE='hotplug'", "BOOTPROTO='dhcp'\nSTARTMODE='hotplug'\n", true],
    ['no STARTMODE (wicked default manual)', "BOOTPROTO='dhcp'\n", false],
  ])('SUSE: %s', (_name, text, starts) => {
    expect(ifcfgConfig(text, '/etc/sysconfig/network/ifcfg-eth0', 'eth0', 'suse').startsAtBoot).toBe(starts);
  });

  it.each([
    ['ifcfg-eth0', 'eth0'],
    ['ifcfg-lo', undefined],
    ['ifcfg-eth0.bak', undefined],
    ['ifcfg-eth0~', undefined],
    ['ifroute-eth0', undefined],
  ])('isIfcfgName(%s)', (name, expected) => {
    expect(isIfcfgName(name)).toBe(expected);
  });
});
