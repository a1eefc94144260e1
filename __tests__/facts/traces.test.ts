import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { collectTraces } from '../../src/facts/traces.js';
import { collectWaagent } from '../../src/facts/waagent.js';
import { classifyMachineId } from '../../src/facts/traces/machine-id.js';
import { corpusWaagentFile } from '../data/identity/files.js';
import { memoryGuest } from '../helpers/memory-guest.js';

const collect = (tree: MemoryTree) => collectTraces(memoryGuest(tree), undefined);

/** A VM that ran on Azure with waagent and cloud-init, captured as is (real agent sample files). */
const usedVm = (): MemoryTree => ({
  '/var/lib/waagent/provisioned': '',
  '/var/lib/waagent/ovf-env.xml': corpusWaagentFile('ovf-env/ovf-env.xml'),
  '/var/lib/waagent/GoalState.1.xml': '<GoalState/>',
  '/var/lib/waagent/history': { dir: true },
  '/etc/ssh/ssh_host_rsa_key': 'private key placeholder',
  '/etc/ssh/ssh_host_rsa_key.pub': 'ssh-rsa AAAA placeholder',
  '/etc/machine-id': '4a3f0c5e9b1d4e2f8a7b6c5d4e3f2a1b\n',
  '/var/lib/dbus/machine-id': '4a3f0c5e9b1d4e2f8a7b6c5d4e3f2a1b\n',
  '/var/lib/cloud/instance': { symlink: '/var/lib/cloud/instances/0f2a7b1c-d8e9-4f5a-b6c7-d8e9f0a1b2c3' },
  '/var/lib/cloud/instances/0f2a7b1c-d8e9-4f5a-b6c7-d8e9f0a1b2c3/obj.pkl': 'x',
  '/var/lib/cloud/data/instance-id': '0f2a7b1c-d8e9-4f5a-b6c7-d8e9f0a1b2c3\n',
  '/var/lib/cloud/data/set-hostname': corpusWaagentFile('misc/cloud-init-set-hostname'),
  '/var/lib/cloud/seed/azure/ovf-env.xml': corpusWaagentFile('ovf-env/ovf-env-2.xml'),
  '/var/lib/dhcp/dhclient.eth0.leases': corpusWaagentFile('dhcp/dhclient-dhcp.leases'),
  '/var/lib/dhcp/dhclient6.eth0.leases': 'default-duid "\\000\\001\\000\\001";\n',
  '/var/lib/dhcp/empty.leases': '',
  '/run/systemd/netif/leases/2': corpusWaagentFile('dhcp/systemd-networkd-lease-2'),
  '/var/lib/NetworkManager/secret_key': 'k'.repeat(32),
  '/root/.bash_history': 'sudo waagent -deprovision\n',
  '/home/alice/.bash_history': 'ls\n'.repeat(500),
  '/home/alice/.viminfo': '',
  '/var/log/waagent.log': 'log line\n',
  '/var/log/cloud-init.log': 'log\n',
  '/var/log/cloud-init-output.log': '',
  '/var/log/azure/Microsoft.Azure.Extensions.CustomScript/handler.log': 'x',
  '/etc/hostname': 'build-vm-01\n',
});

describe('collectTraces', () => {
  it('inventories a used VM, paths and sizes only', async () => {
    const t = await collect(usedVm());
    expect(t.libDir).toEqual({ path: '/var/lib/waagent', source: 'default' });
    expect(t.provisionedMarker).toEqual({ path: '/var/lib/waagent/provisioned', type: 'file', size: 0 });
    expect(t.ovfEnv?.path).toBe('/var/lib/waagent/ovf-env.xml');
    expect(t.waagentState.map((s) => s.path)).toEqual(['/var/lib/waagent/GoalState.1.xml', '/var/lib/waagent/history']);
    expect(t.hostKeys.map((k) => k.path)).toEqual(['/etc/ssh/ssh_host_rsa_key', '/etc/ssh/ssh_host_rsa_key.pub']);
    expect(t.machineId).toEqual({ path: '/etc/machine-id', state: 'populated' });
    expect(t.dbusMachineId.state).toBe('populated');
    expect(t.cloudInitState.map((s) => s.path)).toEqual([
      '/var/lib/cloud/instance',
      '/var/lib/cloud/instances/0f2a7b1c-d8e9-4f5a-b6c7-d8e9f0a1b2c3',
      '/var/lib/cloud/data/instance-id',
      '/var/lib/cloud/data/set-hostname',
    ]);
    expect(t.dhcp.map((d) => [d.path, d.kind, d.client])).toEqual([
      ['/var/lib/dhcp/dhclient.eth0.leases', 'lease', 'dhclient'],
      ['/var/lib/dhcp/dhclient6.eth0.leases', 'client-id', 'dhclient'],
      ['/run/systemd/netif/leases/2', 'lease', 'systemd-networkd'],
      ['/var/lib/NetworkManager/secret_key', 'client-id', 'NetworkManager'],
    ]);
    expect(t.histories.map((h) => [h.path, h.size])).toEqual([
      ['/root/.bash_history', 26],
      ['/home/alice/.bash_history', 1500],
    ]);
    expect(t.logs.map((l) => l.path)).toEqual(['/var/log/waagent.log', '/var/log/cloud-init.log', '/var/log/azure']);
    expect(t.hostname).toEqual({ path: '/etc/hostname', value: 'build-vm-01', line: 1 });
    // Nothing of the ovf-env.xml (admin password, custom data) is carried.
    expect(JSON.stringify(t)).not.toMatch(/UserPassword|CustomData|AAAA/);
  });

  it('finds nothing on a cleaned image (waagent -deprovision+user, cloud-init clean --machine-id)', async () => {
    const t = await collect({
      '/etc/machine-id': 'uninitialized\n',
      '/var/lib/dbus/machine-id': { symlink: '/etc/machine-id' },
      '/var/lib/cloud/seed/azure/ovf-env.xml': corpusWaagentFile('ovf-env/ovf-env.xml'),
      '/var/lib/dhcp': { dir: true },
      '/etc/hostname': 'localhost.localdomain\n',
    });
    expect(t.provisionedMarker).toBeUndefined();
    expect(t.ovfEnv).toBeUndefined();
    expect(t.waagentState).toEqual([]);
    expect(t.hostKeys).toEqual([]);
    expect(t.machineId.state).toBe('uninitialized');
    expect(t.dbusMachineId).toEqual({ path: '/var/lib/dbus/machine-id', state: 'uninitialized', symlinkTo: '/etc/machine-id' });
    expect(t.cloudInitState).toEqual([]);
    expect(t.dhcp).toEqual([]);
    expect(t.histories).toEqual([]);
    expect(t.logs).toEqual([]);
  });

  it.each([
    [undefined, 'absent'],
    ['', 'empty'],
    ['\n', 'empty'],
    ['uninitialized\n', 'uninitialized'],
    ['4a3f0c5e9b1d4e2f8a7b6c5d4e3f2a1b\n', 'populated'],
    ['4A3F0C5E9B1D4E2F8A7B6C5D4E3F2A1B', 'invalid'],
    ['garbage', 'invalid'],
  ])('machine-id %j is %s', (text, state) => {
    expect(classifyMachineId(text)).toBe(state);
  });
});

describe('collectTraces with the image waagent.conf (Lib.Dir)', () => {
  it.each([
    ['bigip', 'shipped-bigip-waagent.conf', '/shared/vadc/azure/waagent'],
    ['nsbsd', 'shipped-nsbsd-waagent.conf', '/usr/Firewall/lib/waagent'],
    ['ubuntu (default)', 'shipped-ubuntu-waagent.conf', '/var/lib/waagent'],
  ])('%s: looks for the marker under %s', async (_name, file, libDir) => {
    const guest = memoryGuest({
      '/etc/waagent.conf': corpusWaagentFile(`waagent.conf/${file}`),
      [`${libDir}/provisioned`]: '',
      '/var/lib/waagent/ovf-env.xml': corpusWaagentFile('ovf-env/ovf-env.xml'),
    });
    const t = await collectTraces(guest, await collectWaagent(guest));
    expect(t.libDir.path).toBe(libDir);
    expect(t.provisionedMarker?.path).toBe(`${libDir}/provisioned`);
    // ovf-env.xml outside the configured Lib.Dir is not the agent's.
    expect(t.ovfEnv === undefined).toBe(libDir !== '/var/lib/waagent');
  });

  it('names the waagent.conf line that set Lib.Dir', async () => {
    const conf = corpusWaagentFile('waagent.conf/shipped-bigip-waagent.conf');
    const line = conf.split('\n').findIndex((l) => l.startsWith('Lib.Dir=')) + 1;
    const guest = memoryGuest({ '/etc/waagent.conf': conf });
    expect((await collectTraces(guest, await collectWaagent(guest))).libDir).toEqual({ path: '/shared/vadc/azure/waagent', source: `/etc/waagent.conf:${line}` });
  });
});
