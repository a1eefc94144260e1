import { describe, expect, it } from '@jest/globals';
import { mergeNetplan, parseNetplan } from '../../../src/facts/network/netplan.js';
import { data } from './trees.js';

describe('parseNetplan + mergeNetplan on real files', () => {
  it.each([
    {
      file: 'cloud-init-22.4.2/netplan/etc/netplan/50-cloud-init.yaml',
      expected: {
        id: 'eth0',
        line: 8,
        match: { drivers: ['hv_netvsc'], macs: ['00:0d:3a:04:75:98'] },
        setName: 'eth0',
        ipv4: 'dhcp',
        readBy: ['systemd-networkd'],
      },
      macLine: 15,
    },
    { file: 'debian12/dhcp.yaml', expected: { id: 'enp3s0', match: { names: ['enp3s0'] }, ipv4: 'dhcp', renderer: 'networkd' } },
    {
      file: 'debian12/static.yaml',
      expected: { id: 'enp3s0', ipv4: 'static', staticIpv4: ['10.10.10.2/24'], ipv4Line: { line: 7, excerpt: '- 10.10.10.2/24' } },
    },
  ])('$file', ({ file, expected, macLine }) => {
    const path = `/etc/netplan/${file.split('/').pop()}`;
    const parsed = parseNetplan(data(file), path);
    expect(parsed.errors).toEqual([]);
    const [config, ...rest] = mergeNetplan([parsed]);
    expect(rest).toEqual([]);
    expect(config).toMatchObject({ format: 'netplan', path, ...expected });
    if (macLine) expect(config!.match.macLine?.line).toBe(macLine);
  });

  it('network_manager.yaml sets the global renderer and defines no interface', () => {
    const parsed = parseNetplan(data('debian12/network_manager.yaml'), '/etc/netplan/01-network-manager-all.yaml');
    expect(parsed).toMatchObject({ renderer: 'NetworkManager', ethernets: [], errors: [] });
  });

  it('a later file merges into the same id: scalars override, addresses extend, and the last global renderer wins', () => {
    const first = parseNetplan(data('debian12/static.yaml'), '/etc/netplan/00-installer-config.yaml');
    const nm = parseNetplan(data('debian12/network_manager.yaml'), '/etc/netplan/01-network-manager-all.yaml');
    const second = parseNetplan('network:\n  ethernets:\n    enp3s0:\n      dhcp4: yes\n      addresses: [10.10.10.3/24]\n', '/etc/netplan/90-extra.yaml');
    const [merged] = mergeNetplan([first, nm, second]);
    expect(merged).toMatchObject({
      path: '/etc/netplan/00-installer-config.yaml',
      ipv4: 'dhcp',
      staticIpv4: ['10.10.10.2/24', '10.10.10.3/24'],
      renderer: 'NetworkManager',
      readBy: ['NetworkManager'],
    });
  });

  it.each([
    ['broken YAML', 'network:\n  ethernets: [\n', 1],
    ['not a mapping', '- a\n- b\n', 0],
    ['empty file', '', 0],
  ])('%s gives errors or nothing, never throws', (_name, text, errorCount) => {
    const parsed = parseNetplan(text, '/etc/netplan/x.yaml');
    expect(parsed.ethernets).toEqual([]);
    expect(parsed.errors.length >= errorCount && (errorCount > 0) === parsed.errors.length > 0).toBe(true);
  });

  it.each([
    ['debian12/bridge.yaml', [['enp3s0', 'br0', undefined, 'disabled'], ['br0', undefined, 'bridge', 'dhcp']]],
    ['debian12/bonding.yaml', [['enp3s0', 'bond0', undefined, 'disabled'], ['enp4s0', 'bond0', undefined, 'disabled'], ['bond0', undefined, 'bond', 'dhcp']]],
  ])('%s: ethernets enslaved to a bridge or bond know their master, and the master is a definition of its own', (file, expected) => {
    const configs = mergeNetplan([parseNetplan(data(file), '/etc/netplan/01.yaml')]);
    expect(configs.map((c) => [c.id, c.memberOf, c.createsDevice, c.ipv4])).toEqual(expected);
  });

  it('IPv6-only addresses do not count as static IPv4, and no dhcp4 means IPv4 is off', () => {
    const [config] = mergeNetplan([parseNetplan('network:\n  ethernets:\n    eth0:\n      addresses: ["fd00::4/64"]\n', '/etc/netplan/a.yaml')]);
    expect(config).toMatchObject({ ipv4: 'disabled', staticIpv4: [] });
  });
});
