import { describe, expect, it } from '@jest/globals';
import { linkBinding, networkdConfig, parseLinkFile } from '../../../src/facts/network/networkd.js';
import { data } from './trees.js';

describe('networkdConfig', () => {
  it.each([
    {
      file: 'cloud-init-22.4.2/networkd/etc/systemd/network/10-cloud-init-eth0.network',
      expected: {
        line: 4,
        excerpt: '[Match]',
        match: { names: ['eth0'], drivers: ['hv_netvsc'], macs: ['00:0d:3a:04:75:98'], macLine: { line: 6 } },
        ipv4: 'dhcp',
      },
    },
    {
      // Debian 12's own file: for containers only, so it never applies on an Azure VM.
      file: 'debian12/80-container-host0.network',
      expected: { match: { names: ['host0'], unmet: ['Virtualization=container'] }, ipv4: 'dhcp' },
    },
    {
      // The shipped example matches every Ethernet device (Type=ether holds for Azure's NIC).
      file: 'debian12/80-ethernet.network.example',
      expected: { match: {}, ipv4: 'dhcp' },
    },
  ])('$file', ({ file, expected }) => {
    const name = file.split('/').pop()!;
    expect(networkdConfig(data(file), `/etc/systemd/network/${name}`, name)).toMatchObject({ format: 'networkd', id: name, ...expected });
  });

  it.each([
    ['DHCP=no with Address=', '[Match]\nName=eth0\n[Network]\nDHCP=no\nAddress=10.0.0.4/24\nGateway=10.0.0.1\n', { ipv4: 'static', staticIpv4: ['10.0.0.4/24'], ipv4Line: { line: 5 } }],
    ['[Address] section', '[Match]\nName=en*\n[Address]\nAddress=192.168.1.9/24\n', { ipv4: 'static', match: { names: ['en*'] } }],
    ['DHCP=ipv6 only', '[Match]\nName=eth0\n[Network]\nDHCP=ipv6\n', { ipv4: 'disabled' }],
    ['[Link] MACAddress= sets a MAC', '[Match]\nName=eth0\n[Link]\nMACAddress=00:15:5d:00:00:01\n[Network]\nDHCP=yes\n', { setsMac: { mac: '00:15:5d:00:00:01', line: 4 } }],
  ])('%s', (_name, text, expected) => {
    expect(networkdConfig(text, '/etc/systemd/network/x.network', 'x.network')).toMatchObject(expected);
  });
});

describe('parseLinkFile', () => {
  it('udev 252 99-default.link renames by policy, binds no MAC', () => {
    const link = parseLinkFile(data('debian12/99-default.link'), '/lib/systemd/network/99-default.link');
    expect(link.name).toBeUndefined();
    expect(linkBinding(link)).toBeUndefined();
  });

  it('a .link that names the build NIC after its MAC is a persistent-name binding', () => {
    const link = parseLinkFile('[Match]\nMACAddress=00:0c:29:a3:d8:a7\n\n[Link]\nName=lan0\n', '/etc/systemd/network/10-lan0.link');
    expect(linkBinding(link)).toEqual({
      path: '/etc/systemd/network/10-lan0.link',
      line: 2,
      excerpt: 'MACAddress=00:0c:29:a3:d8:a7',
      mac: '00:0c:29:a3:d8:a7',
      name: 'lan0',
      kind: 'link-file',
    });
  });
});
