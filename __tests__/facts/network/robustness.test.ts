import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseEni } from '../../../src/facts/network/eni.js';
import { ifcfgConfig } from '../../../src/facts/network/ifcfg.js';
import { mergeNetplan, parseNetplan } from '../../../src/facts/network/netplan.js';
import { networkdConfig, parseLinkFile } from '../../../src/facts/network/networkd.js';
import { nmSettings } from '../../../src/facts/network/nm-conf.js';
import { nmKeyfileConfig } from '../../../src/facts/network/nm-keyfile.js';
import { parsePersistentNetRules } from '../../../src/facts/network/udev-persistent.js';
import { corpusPath } from '../../helpers/corpus.js';
import { NETWORK_DATA, units } from './trees.js';
import { collectNetwork } from '../../../src/facts/network/index.js';
import { limits } from '../../../src/limits.js';
import type { MemoryTree } from '../../../src/fs/memory/memory-fs.js';
import { memoryGuest } from '../../helpers/memory-guest.js';

/** Every file of the waagent and os-release corpora (__tests__/corpus) and of our own data: wrong formats on purpose. */
function corpusFiles(): string[] {
  const roots = [corpusPath('waagent'), corpusPath('os-release'), NETWORK_DATA];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(path);
    }
  };
  roots.forEach(walk);
  return out;
}

describe('every network parser survives every corpus file', () => {
  const files = corpusFiles();
  it('found the corpus', () => {
    expect(files.length).toBeGreaterThan(150);
  });

  it.each(files.map((f) => [f.split('/corpus/').pop()!.split('/data/network/').pop()!, f]))('%s', (_name, file) => {
    const text = readFileSync(file).toString('utf8');
    expect(() => {
      mergeNetplan([parseNetplan(text, '/etc/netplan/x.yaml')]);
      parseEni(text);
      ifcfgConfig(text, '/etc/sysconfig/network-scripts/ifcfg-x', 'x', 'rhel');
      ifcfgConfig(text, '/etc/sysconfig/network/ifcfg-x', 'x', 'suse');
      nmKeyfileConfig(text, '/x.nmconnection');
      nmSettings([{ path: '/etc/NetworkManager/NetworkManager.conf', text }]);
      networkdConfig(text, '/x.network', 'x.network');
      parseLinkFile(text, '/x.link');
      parsePersistentNetRules(text);
    }).not.toThrow();
  });

  it.each([
    ['66-azure-storage.rules', 'udev/66-azure-storage.rules'],
    ['99-azure-product-uuid.rules', 'udev/99-azure-product-uuid.rules'],
  ])("WALinuxAgent's %s binds no interface name", (_name, rel) => {
    const text = readFileSync(corpusPath('waagent', rel), 'utf8');
    expect(parsePersistentNetRules(text)).toEqual([]);
  });

  it('YAML alias bombs are refused by the yaml limits, not expanded', () => {
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nnetwork: {ethernets: {eth0: {addresses: [*d,*d,*d,*d,*d,*d,*d,*d,*d]}}}\n';
    expect(() => mergeNetplan([parseNetplan(bomb, '/etc/netplan/x.yaml')])).not.toThrow();
  });
});

describe('masters and ports on hostile guests', () => {
  it('a bridge listing more ports than the masterPorts budget is a typed limit naming the file', async () => {
    const ports = Array.from({ length: limits.masterPorts + 1 }, (_, i) => `eth${i}`).join(' ');
    const guest = memoryGuest({ ...units('networking'), '/etc/network/interfaces': `auto br0\niface br0 inet dhcp\n  bridge_ports ${ports}\n` });
    await expect(collectNetwork(guest, {})).rejects.toMatchObject({ kind: 'limit', budget: 'masterPorts', path: '/etc/network/interfaces' });
    const suse = memoryGuest({ '/etc/sysconfig/network/ifcfg-br0': `BRIDGE='yes'\nBRIDGE_PORTS='${ports}'\n` });
    await expect(collectNetwork(suse, {})).rejects.toMatchObject({ kind: 'limit', budget: 'masterPorts', path: '/etc/sysconfig/network/ifcfg-br0' });
  });

  it('250 keyfile ports naming br0 and 250 bridges all named br0 (each naming br0 as its own master) resolve quickly', async () => {
    const dir = '/etc/NetworkManager/system-connections';
    const tree: MemoryTree = { ...units('NetworkManager') };
    for (let i = 0; i < 250; i++) {
      tree[`${dir}/p${i}.nmconnection`] = `[connection]\nid=p${i}\ntype=ethernet\ninterface-name=eth0\nmaster=br0\nslave-type=bridge\n`;
      tree[`${dir}/b${i}.nmconnection`] = `[connection]\nid=b${i}\ntype=bridge\ninterface-name=br0\nmaster=br0\n[ipv4]\nmethod=auto\n`;
    }
    const started = Date.now();
    const facts = await collectNetwork(memoryGuest(tree), {});
    expect(facts.interfaces.filter((c) => c.viaMaster).length).toBe(500);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
