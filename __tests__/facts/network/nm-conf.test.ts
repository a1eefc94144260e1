import { describe, expect, it } from '@jest/globals';
import { nmSettings } from '../../../src/facts/network/nm-conf.js';
import { nmSpecsMatchAzureNic } from '../../../src/facts/network/nm-device-spec.js';
import { data } from './trees.js';

const MAIN = '/etc/NetworkManager/NetworkManager.conf';
const SERVER = '/usr/lib/NetworkManager/conf.d/00-server.conf';

describe('nmSettings', () => {
  it('NetworkManager.conf as Debian ships it: plugins ifupdown,keyfile, [ifupdown] managed=false, no device lists', () => {
    expect(nmSettings([{ path: MAIN, text: data('debian12/NetworkManager.conf') }])).toEqual({
      plugins: ['ifupdown', 'keyfile'],
      noAutoDefault: { specs: [] },
      unmanagedDevices: { specs: [] },
      ifupdownManaged: { value: false, path: MAIN, line: 5, excerpt: 'managed=false' },
    });
  });

  it("RHEL's NetworkManager-config-server 00-server.conf sets no-auto-default=*, with the line that does", () => {
    const settings = nmSettings([{ path: SERVER, text: data('nm-config-server/00-server.conf') }, { path: MAIN, text: data('debian12/NetworkManager.conf') }]);
    expect(settings.noAutoDefault).toEqual({ specs: ['*'], at: { path: SERVER, line: 16, excerpt: 'no-auto-default=*' } });
  });

  it('a later file overrides plugins; += appends to and -= removes from a device list', () => {
    const settings = nmSettings([
      { path: SERVER, text: data('nm-config-server/00-server.conf') },
      { path: '/etc/NetworkManager/conf.d/10-a.conf', text: '[main]\nplugins=keyfile\nno-auto-default+=interface-name:eth1\n' },
      { path: '/etc/NetworkManager/conf.d/20-b.conf', text: '[main]\nno-auto-default-=*\n[keyfile]\nunmanaged-devices=interface-name:docker*\n' },
    ]);
    expect(settings.plugins).toEqual(['keyfile']);
    expect(settings.noAutoDefault).toEqual({ specs: ['interface-name:eth1'], at: { path: '/etc/NetworkManager/conf.d/20-b.conf', line: 2, excerpt: 'no-auto-default-=*' } });
    expect(settings.unmanagedDevices.specs).toEqual(['interface-name:docker*']);
  });
});

describe("nmSpecsMatchAzureNic: NetworkManager.conf(5)'s device-list examples against eth0 / hv_netvsc / a new MAC", () => {
  it.each([
    ['*', true],
    ['eth0,eth1', true],
    ['00:22:68:5c:5d:c4,00:1e:65:ff:aa:ee', false],
    ['interface-name:em4', false],
    ['mac:00:22:68:1c:59:b1;mac:00:1E:65:30:D1:C4;interface-name:eth2', false],
    ['interface-name:vboxnet*,except:interface-name:vboxnet2', false],
    ['*,except:mac:00:22:68:1c:59:b1', true],
    ['except:interface-name:eth0', false],
    ['except:interface-name:eth1', true],
    ['interface-name:eth*', true],
    ['interface-name:~eth?', true],
    ['interface-name:=eth*', false],
    ['driver:hv_netvsc', true],
    ['driver:hv_netvsc/1.0', true],
    ['driver:virtio_net', false],
    ['type:ethernet', true],
    ['type:wifi', false],
    ['', false],
  ])('%j → %s', (list, expected) => {
    expect(nmSpecsMatchAzureNic(list.split(/[,;]/).filter((s) => s !== ''))).toBe(expected);
  });
});
