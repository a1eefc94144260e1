import { describe, expect, it } from '@jest/globals';
import { parseEni } from '../../../src/facts/network/eni.js';
import { eniConfigs } from '../../../src/facts/network/eni-configs.js';
import { loadEni } from '../../../src/facts/network/eni-load.js';
import { limits } from '../../../src/limits.js';
import { memoryGuest } from '../../helpers/memory-guest.js';
import { data, ifupdownMultipleStanzasExample } from './trees.js';

describe('parseEni on real files', () => {
  it.each([
    {
      file: 'debian12/interfaces',
      ifaces: [],
      autos: [],
      sources: [{ kind: 'source', pattern: '/etc/network/interfaces.d/*', line: 3 }],
    },
    {
      file: 'installer/debian-netcfg-interfaces',
      ifaces: [
        { name: 'lo', family: 'inet', method: 'loopback', line: 8 },
        { name: 'ens33', family: 'inet', method: 'dhcp', line: 12 },
        { name: 'ens33', family: 'inet6', method: 'auto', line: 14 },
      ],
      autos: [
        { kind: 'auto', names: ['lo'], line: 7 },
        { kind: 'allow-hotplug', names: ['ens33'], line: 11 },
      ],
      sources: [{ kind: 'source', pattern: '/etc/network/interfaces.d/*', line: 4 }],
    },
    {
      file: 'installer/esrf-debian7-interfaces',
      ifaces: [
        { name: 'lo', method: 'loopback' },
        { name: 'eth0', method: 'dhcp', line: 11 },
        { name: 'eth1', method: 'static', line: 18, address: { value: '192.168.1.1', line: 19 } },
      ],
      autos: [{ names: ['lo'] }, { names: ['eth0'] }, { kind: 'allow-hotplug', names: ['eth0'] }, { names: ['eth1'] }, { names: ['eth1'] }],
      sources: [],
    },
    {
      file: 'cloud-init-22.4.2/eni/etc/network/interfaces.d/50-cloud-init',
      ifaces: [
        { name: 'lo', method: 'loopback', line: 7 },
        { name: 'eth0', family: 'inet', method: 'dhcp', line: 10 },
      ],
      autos: [{ names: ['lo'] }, { names: ['eth0'], line: 9 }],
      sources: [],
    },
    { file: 'debian12/ifupdown-examples-network-interfaces', ifaces: [], autos: [], sources: [] },
  ])('$file', ({ file, ifaces, autos, sources }) => {
    const parsed = parseEni(data(file));
    expect(parsed.ifaces).toHaveLength(ifaces.length);
    ifaces.forEach((i, n) => expect(parsed.ifaces[n]).toMatchObject(i));
    expect(parsed.autos).toHaveLength(autos.length);
    autos.forEach((a, n) => expect(parsed.autos[n]).toMatchObject(a));
    expect(parsed.sources).toEqual(sources);
  });

  it('joins backslash continuations, reads hwaddress with and without "ether"', () => {
    const parsed = parseEni('iface eth0 inet static \\\n  \n  address 10.0.0.4/24\n  hwaddress ether 00-0D-3A-AA-BB-CC\niface eth1 inet manual\n  hwaddress 00:0d:3a:11:22:33\n');
    expect(parsed.ifaces[0]).toMatchObject({ name: 'eth0', method: 'static', address: { value: '10.0.0.4/24', line: 3 } });
    expect(parsed.ifaces[0]!.hwaddress).toMatchObject({ value: '00:0d:3a:aa:bb:cc', line: 4 });
    expect(parsed.ifaces[1]!.hwaddress?.value).toBe('00:0d:3a:11:22:33');
  });
});

describe('bridge and bond membership', () => {
  it('bridge_ports and bond-master', () => {
    const parsed = parseEni('iface eth0 inet manual\n  bond-master bond0\niface br0 inet dhcp\n  bridge_ports eth1 eth2\n');
    expect(parsed.ifaces.map((i) => [i.name, i.bondMaster, i.ports])).toEqual([
      ['eth0', 'bond0', undefined],
      ['br0', undefined, ['eth1', 'eth2']],
    ]);
  });
});

describe('loadEni expands source and source-directory', () => {
  it('source with a glob reads interfaces.d in order, relative paths from the including file', async () => {
    const guest = memoryGuest({
      '/etc/network/interfaces': data('debian12/interfaces'),
      '/etc/network/interfaces.d/50-cloud-init': data('cloud-init-22.4.2/eni/etc/network/interfaces.d/50-cloud-init'),
      '/etc/network/interfaces.d/60-extra': 'source extra.d/eth1\n',
      '/etc/network/interfaces.d/extra.d/eth1': 'auto eth1\niface eth1 inet static\n address 10.1.0.5/24\n',
    });
    const eni = await loadEni(guest);
    expect(eni!.files).toEqual([
      '/etc/network/interfaces',
      '/etc/network/interfaces.d/50-cloud-init',
      '/etc/network/interfaces.d/60-extra',
      '/etc/network/interfaces.d/extra.d/eth1',
    ]);
    expect(eni!.ifaces.map((i) => `${i.path}:${i.name}`)).toEqual([
      '/etc/network/interfaces.d/50-cloud-init:lo',
      '/etc/network/interfaces.d/50-cloud-init:eth0',
      '/etc/network/interfaces.d/extra.d/eth1:eth1',
    ]);
  });

  it('source-directory skips names run-parts would skip', async () => {
    const guest = memoryGuest({
      '/etc/network/interfaces': 'source-directory interfaces.d\n',
      '/etc/network/interfaces.d/eth0': 'iface eth0 inet dhcp\n',
      '/etc/network/interfaces.d/eth0.bak': 'iface eth0 inet static\n',
      '/etc/network/interfaces.d/50-cloud-init.cfg': 'iface eth0 inet manual\n',
    });
    const eni = await loadEni(guest);
    expect(eni!.ifaces.map((i) => i.method)).toEqual(['dhcp']);
  });

  it('a file that sources itself is a LimitError on includeDepth (ifupdown has no bound), not a partial config', async () => {
    const guest = memoryGuest({ '/etc/network/interfaces': 'source /etc/network/interfaces\niface eth0 inet dhcp\n' });
    await expect(loadEni(guest)).rejects.toMatchObject({ kind: 'limit', budget: 'includeDepth', limit: limits.includeDepth, path: '/etc/network/interfaces' });
  });

  it('a source glob bomb (12 levels of two files that each source the next level: 22 files, 8190 reads) is a LimitError on includeFiles', async () => {
    const tree: Record<string, string> = { '/etc/network/interfaces': 'source /etc/network/l1/*\n' };
    for (let level = 1; level <= 12; level++) {
      for (const name of ['a', 'b']) tree[`/etc/network/l${level}/${name}`] = `source /etc/network/l${level + 1}/*\niface eth0 inet dhcp\n`;
    }
    const guest = memoryGuest(tree);
    await expect(loadEni(guest)).rejects.toMatchObject({ kind: 'limit', budget: 'includeFiles', limit: limits.includeFiles });
  });

  it('a source glob over more than globFiles files is a LimitError naming the pattern', async () => {
    const many = Object.fromEntries(Array.from({ length: limits.globFiles + 1 }, (_, i) => [`/etc/network/interfaces.d/x${i}`, '\n']));
    const guest = memoryGuest({ '/etc/network/interfaces': 'source /etc/network/interfaces.d/*\n', ...many });
    await expect(loadEni(guest)).rejects.toMatchObject({ budget: 'globFiles', path: '/etc/network/interfaces.d/*' });
  });

  it('no /etc/network/interfaces: undefined', async () => {
    expect(await loadEni(memoryGuest({ '/etc/hostname': 'x\n' }))).toBeUndefined();
  });
});

describe('eniConfigs: what ifupdown applies to each interface', () => {
  const configsOf = (text: string) => {
    const file = parseEni(text);
    return eniConfigs({ ifaces: file.ifaces.map((i) => ({ ...i, path: '/etc/network/interfaces' })), autos: file.autos.map((a) => ({ ...a, path: '/etc/network/interfaces' })) });
  };

  it("ifupdown's own example of multiple stanzas: one eth0 with every static address", () => {
    expect(configsOf(ifupdownMultipleStanzasExample())).toEqual([
      expect.objectContaining({ id: 'eth0', ipv4: 'static', staticIpv4: ['192.168.0.42/24', '172.16.0.1/24'], line: 2, startsAtBoot: true, bootSwitch: { line: 1, excerpt: 'auto eth0' } }),
    ]);
  });

  it('the same example with its first stanza switched to DHCP: DHCP plus an extra address, not static instead of DHCP', () => {
    const [eth0] = configsOf(ifupdownMultipleStanzasExample().replace(/iface eth0 inet static\n {3}address 192.168.0.42\/24\n {3}gateway 192.168.0.1\n/, 'iface eth0 inet dhcp\n'));
    expect(eth0).toMatchObject({ ipv4: 'dhcp', staticIpv4: [], extraIpv4: ['172.16.0.1/24'], line: 2 });
    expect(eth0!.ipv4Line).toBeUndefined();
  });

  it('the Debian installer file: ens33 dhcp plus inet6 auto is one definition, brought up by allow-hotplug, no DHCPv6', () => {
    expect(configsOf(data('installer/debian-netcfg-interfaces'))).toEqual([
      expect.objectContaining({ id: 'ens33', ipv4: 'dhcp', line: 12, startsAtBoot: true, bootSwitch: { line: 11, excerpt: 'allow-hotplug ens33' } }),
    ]);
    expect(configsOf(data('installer/debian-netcfg-interfaces'))[0]!.dhcp6).toBeUndefined();
  });

  it('inet6 dhcp is recorded with its line', () => {
    const [ens33] = configsOf(data('installer/debian-netcfg-interfaces').replace('inet6 auto', 'inet6 dhcp'));
    expect(ens33!.dhcp6).toEqual({ line: 14, excerpt: 'iface ens33 inet6 dhcp' });
  });

  it('an interface with only an inet6 stanza has no IPv4', () => {
    expect(configsOf('auto eth0\niface eth0 inet6 auto\n')[0]).toMatchObject({ ipv4: 'disabled', ipv4Line: { line: 2 } });
  });
});
