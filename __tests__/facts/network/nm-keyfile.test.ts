import { describe, expect, it } from '@jest/globals';
import { isNmKeyfileName, nmKeyfileConfig } from '../../../src/facts/network/nm-keyfile.js';
import { data } from './trees.js';

const CLOUD_INIT_PROFILE = 'cloud-init-22.4.2/network-manager/etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection';

describe('nmKeyfileConfig', () => {
  it('the profile cloud-init writes on Azure: Ethernet bound to the MAC, DHCP, no interface name', () => {
    const config = nmKeyfileConfig(data(CLOUD_INIT_PROFILE), '/etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection');
    expect(config).toMatchObject({
      format: 'nm-keyfile',
      id: 'cloud-init eth0',
      line: 4,
      match: { macs: ['00:0d:3a:04:75:98'], macLine: { line: 12, excerpt: 'mac-address=00:0D:3A:04:75:98' } },
      ipv4: 'dhcp',
      startsAtBoot: true,
      readBy: ['NetworkManager'],
    });
    expect(config!.match.names).toBeUndefined();
  });

  it.each([
    [
      'manual with address1',
      '[connection]\nid=Wired\ntype=ethernet\ninterface-name=ens3\n\n[ipv4]\naddress1=192.168.122.10/24,192.168.122.1\nmethod=manual\n',
      { match: { names: ['ens3'] }, ipv4: 'static', staticIpv4: ['192.168.122.10/24'], ipv4Line: { line: 8, excerpt: 'method=manual' } },
    ],
    ['autoconnect=false', '[connection]\nid=x\ntype=802-3-ethernet\nautoconnect=false\n', { startsAtBoot: false, ipv4: 'dhcp', match: {} }],
    ['[match] driver', '[connection]\nid=x\ntype=ethernet\n[match]\ndriver=hv_netvsc;\n', { match: { drivers: ['hv_netvsc'] } }],
    ['cloned-mac-address sets a MAC', '[connection]\nid=x\ntype=ethernet\n[ethernet]\ncloned-mac-address=00:15:5d:aa:bb:cc\n', { setsMac: { mac: '00:15:5d:aa:bb:cc', line: 5 } }],
  ])('%s', (_name, text, expected) => {
    expect(nmKeyfileConfig(text, '/etc/NetworkManager/system-connections/x.nmconnection')).toMatchObject(expected);
  });

  it('a bridge profile (nmcli --offline) creates a device and is known by its UUID and id; its port names it', () => {
    const bridge = nmKeyfileConfig(data('nmcli-1.42.4/br0-dhcp.nmconnection'), '/x/br0.nmconnection')!;
    expect(bridge).toMatchObject({ createsDevice: 'bridge', match: { names: ['br0'] }, ipv4: 'dhcp' });
    expect(bridge.aliases).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/), 'br0']);
    expect(nmKeyfileConfig(data('nmcli-1.42.4/br0-port-eth0.nmconnection'), '/x/p.nmconnection')).toMatchObject({ memberOf: 'br0', match: { names: ['eth0'] } });
  });

  it.each([
    ['a Wi-Fi profile', '[connection]\nid=home\ntype=wifi\n'],
    ['no [connection] type', '[ipv4]\nmethod=auto\n'],
    ['binary junk', '\u0000\u0001garbage=\n[[[\n'],
  ])('%s is not an Ethernet definition', (_name, text) => {
    expect(nmKeyfileConfig(text, '/x.nmconnection')).toBeUndefined();
  });

  it.each([
    ['cloud-init-eth0.nmconnection', false, true],
    ['Wired connection 1', true, true],
    ['Wired connection 1', false, false],
    ['eth0.nmconnection.bak', true, false],
    ['Wired connection 1~', true, false],
    ['.hidden.nmconnection', true, false],
  ])('isNmKeyfileName(%j, legacy names allowed: %s) → %s', (name, legacy, expected) => {
    expect(isNmKeyfileName(name, legacy)).toBe(expected);
  });
});
