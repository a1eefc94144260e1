import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { collectCloudInit, grepDatasourceList, parseYamlArray } from '../../src/facts/cloud-init.js';
import { collectKernelCmdline } from '../../src/facts/kernel-cmdline.js';
import { packageTree } from '../data/agents/tree.js';
import { noisyTexts } from '../data/agents/noise.js';
import { packageFile } from '../data/agents/tree.js';
import { memoryGuest } from '../helpers/memory-guest.js';

const lib = (unit: string) => ({ symlink: `/lib/systemd/system/${unit}` });
/** The links deb-systemd-helper creates when the Debian cloud-init package is installed (postinst `enable`). */
const postinstLinks: MemoryTree = {
  '/etc/systemd/system/cloud-init.target.wants/cloud-config.service': lib('cloud-config.service'),
  '/etc/systemd/system/cloud-init.target.wants/cloud-final.service': lib('cloud-final.service'),
  '/etc/systemd/system/cloud-init.target.wants/cloud-init-hotplugd.socket': lib('cloud-init-hotplugd.socket'),
  '/etc/systemd/system/cloud-init.target.wants/cloud-init-local.service': lib('cloud-init-local.service'),
  '/etc/systemd/system/cloud-init.target.wants/cloud-init.service': lib('cloud-init.service'),
};
const installed = (extra: MemoryTree = {}): MemoryTree => ({ ...packageTree('systemd', 'cloud-init'), ...postinstLinks, ...extra });

async function collect(tree: MemoryTree) {
  const guest = memoryGuest(tree);
  return collectCloudInit(guest, await collectKernelCmdline(guest));
}

describe('collectCloudInit on the Debian 12 cloud-init package', () => {
  it('sees it installed, enabled for waagent and started at boot through the generator', async () => {
    const facts = await collect(installed());
    expect(facts.installed).toBe(true);
    expect(facts.version).toEqual({ value: '22.4.2', path: '/usr/lib/python3/dist-packages/cloudinit/version.py', line: 7 });
    expect(facts.generator).toBe('/lib/systemd/system-generators/cloud-init-generator');
    expect(facts.waagentSeesEnabled).toBe(true);
    expect(facts.boot.chain).toEqual(['graphical.target', 'multi-user.target', 'cloud-init.target', 'cloud-init-local.service']);
    expect(facts.disabledBy).toEqual([]);
    expect(facts.enabled).toBe(true);
    expect(facts.units.map((u) => [u.name, u.state])).toEqual([
      ['cloud-init-local.service', 'enabled'],
      ['cloud-init.service', 'enabled'],
      ['cloud-config.service', 'enabled'],
      ['cloud-final.service', 'enabled'],
      ['cloud-init.target', 'static'],
    ]);
    expect(facts.configFiles).toEqual([
      { path: '/etc/cloud/cloud.cfg', loaded: true },
      { path: '/etc/cloud/cloud.cfg.d/05_logging.cfg', loaded: true },
    ]);
    expect(facts.datasource).toMatchObject({ cloudInit: undefined, differ: false, azureInCloudInit: true, azureInDsIdentify: true });
    expect(facts.datasource.dsIdentify.script).toBe('/usr/lib/cloud-init/ds-identify');
    expect(facts.datasource.dsIdentify.list.slice(0, 5)).toEqual(['MAAS', 'ConfigDrive', 'NoCloud', 'AltCloud', 'Azure']);
  });

  it('is disabled by /etc/cloud/cloud-init.disabled although waagent still sees the unit enabled', async () => {
    const facts = await collect(installed({ '/etc/cloud/cloud-init.disabled': '' }));
    expect(facts.disabledBy.map((d) => d.kind)).toEqual(['disabled-file']);
    expect(facts.boot.atBoot).toBe(false);
    expect(facts.enabled).toBe(false);
    expect(facts.waagentSeesEnabled).toBe(true);
  });

  it('is disabled by cloud-init=disabled in the default grub entry, citing the line', async () => {
    const grub = 'set default="0"\nmenuentry \'Debian\' {\n\tlinux /vmlinuz root=UUID=1 ro cloud-init=disabled\n}\n';
    const facts = await collect(installed({ '/boot/grub/grub.cfg': grub }));
    expect(facts.disabledBy).toMatchObject([{ kind: 'kernel-cmdline', path: '/boot/grub/grub.cfg', line: 3, excerpt: 'cloud-init=disabled' }]);
    expect(facts.enabled).toBe(false);
  });

  it('is disabled by a masked cloud-init-local.service, which waagent then sees as not enabled', async () => {
    const facts = await collect(installed({ '/etc/systemd/system/cloud-init-local.service': { symlink: '/dev/null' } }));
    expect(facts.disabledBy).toMatchObject([{ kind: 'masked', path: '/etc/systemd/system/cloud-init-local.service' }]);
    expect(facts.waagentSeesEnabled).toBe(false);
    expect(facts.enabled).toBe(false);
  });

  it('does not start at boot without the generator when only cloud-init.target wants it', async () => {
    const tree = installed();
    delete tree['/lib/systemd/system-generators/cloud-init-generator'];
    const facts = await collect(tree);
    expect(facts.waagentSeesEnabled).toBe(true);
    expect(facts.boot.atBoot).toBe(false);
    expect(facts.enabled).toBe(false);
  });

  it('is installed but not enabled when the units were never enabled', async () => {
    const facts = await collect(packageTree('systemd', 'cloud-init'));
    expect(facts.localUnit.state).toBe('disabled');
    expect(facts.waagentSeesEnabled).toBe(false);
    // The generator still pulls cloud-init.target in; the target itself does not want the units.
    expect(facts.boot.atBoot).toBe(false);
  });

  it('reports nothing installed in an empty guest', async () => {
    const facts = await collect({ '/etc/hostname': 'h\n' });
    expect(facts).toMatchObject({ installed: false, enabled: false, waagentSeesEnabled: false, units: [], staleSeeds: [], installerLeftovers: [] });
  });
});

describe('datasource_list as cloud-init merges it and as ds-identify greps it', () => {
  it.each<[string, MemoryTree, Partial<{ cloudInit: string[] | undefined; ds: string[]; dsSource: string; differ: boolean; azureCi: boolean; azureDs: boolean }>]>([
    ['single-line flow list without Azure', { '/etc/cloud/cloud.cfg.d/90_dpkg.cfg': '# to update this file, run dpkg-reconfigure cloud-init\ndatasource_list: [ NoCloud, None ]\n' },
      { cloudInit: ['NoCloud', 'None'], ds: ['NoCloud', 'None'], dsSource: 'config', differ: false, azureCi: false, azureDs: false }],
    ['Azure pinned', { '/etc/cloud/cloud.cfg.d/90_dpkg.cfg': 'datasource_list: [ Azure ]\n' },
      { cloudInit: ['Azure'], ds: ['Azure'], differ: false, azureCi: true, azureDs: true }],
    ['block-style list: ds-identify falls back to its default', { '/etc/cloud/cloud.cfg.d/91-azure.cfg': 'datasource_list:\n  - Azure\n' },
      { cloudInit: ['Azure'], dsSource: 'default', differ: true, azureCi: true, azureDs: true }],
    ['nested key: ds-identify ignores the hierarchy', { '/etc/cloud/cloud.cfg.d/50-x.cfg': 'system_info:\n  datasource_list: [ NoCloud ]\n' },
      { cloudInit: undefined, ds: ['NoCloud'], differ: true, azureCi: true, azureDs: false }],
    ['later file wins in both views', { '/etc/cloud/cloud.cfg.d/10-a.cfg': 'datasource_list: [ NoCloud ]\n', '/etc/cloud/cloud.cfg.d/90-b.cfg': "datasource_list: [ 'Azure' ]\n" },
      { cloudInit: ['Azure'], ds: ['Azure'], differ: false }],
    ['broken YAML: cloud-init ignores the file, ds-identify still greps it', { '/etc/cloud/cloud.cfg.d/90-b.cfg': 'datasource_list: [ NoCloud ]\nfoo: [unclosed\n' },
      { cloudInit: undefined, ds: ['NoCloud'], differ: true, azureCi: true, azureDs: false }],
    ['last line without newline is never read by ds-identify', { '/etc/cloud/cloud.cfg.d/90-b.cfg': 'datasource_list: [ NoCloud ]' },
      { cloudInit: ['NoCloud'], dsSource: 'default', differ: true, azureDs: true }],
  ])('%s', async (_label, extra, want) => {
    const facts = await collect(installed(extra));
    const d = facts.datasource;
    if ('cloudInit' in want) expect(d.cloudInit).toEqual(want.cloudInit);
    if (want.ds) expect(d.dsIdentify.list).toEqual(want.ds);
    if (want.dsSource) expect(d.dsIdentify.source).toBe(want.dsSource);
    if (want.differ !== undefined) expect(d.differ).toBe(want.differ);
    if (want.azureCi !== undefined) expect(d.azureInCloudInit).toBe(want.azureCi);
    if (want.azureDs !== undefined) expect(d.azureInDsIdentify).toBe(want.azureDs);
  });

  it('cites the file and line that set the merged list', async () => {
    const facts = await collect(installed({ '/etc/cloud/cloud.cfg.d/90_dpkg.cfg': '# header\ndatasource_list: [ NoCloud, None ]\n' }));
    expect(facts.datasource.cloudInitOrigin).toEqual({ path: '/etc/cloud/cloud.cfg.d/90_dpkg.cfg', line: 2, excerpt: 'datasource_list: [ NoCloud, None ]' });
    expect(facts.datasource.dsIdentify.origin).toMatchObject({ path: '/etc/cloud/cloud.cfg.d/90_dpkg.cfg', line: 2 });
  });

  it('records a broken file as not loaded', async () => {
    const facts = await collect(installed({ '/etc/cloud/cloud.cfg.d/90-b.cfg': 'foo: [unclosed\n' }));
    expect(facts.configFiles.at(-1)).toMatchObject({ path: '/etc/cloud/cloud.cfg.d/90-b.cfg', loaded: false });
    expect(facts.configFiles.at(-1)?.problem).toMatch(/^invalid YAML at line \d+/);
  });

  it('takes ci.ds= from the kernel command line for ds-identify', async () => {
    const facts = await collect(installed({ '/etc/kernel/cmdline': 'root=UUID=1 ci.ds=NoCloud\n' }));
    expect(facts.datasource.dsIdentify).toMatchObject({ source: 'kernel', list: ['NoCloud'] });
  });

  it.each<[string, string[]]>([
    ['[ Azure ]', ['Azure']],
    ["[ 'NoCloud', \"None\" ]", ['NoCloud', 'None']],
    ['[Azure None]', ['Azure', 'None']],
    ['[ Azure', ['Azure']],
    ['', []],
  ])('parse_yaml_array %s', (value, list) => {
    expect(parseYamlArray(value)).toEqual(list);
  });

  it('grep matches only `datasource_list: ` or a bare `datasource_list:`', () => {
    const matches = grepDatasourceList([{ path: '/c', text: '#datasource_list: [ A ]\ndatasource_list:[ B ]\n  datasource_list: [ C ] # c\ndatasource_list:\n' }]);
    expect(matches.map((m) => [m.line, m.value])).toEqual([
      [3, '[ C ] '],
      [4, ''],
    ]);
  });
});

describe('leftovers', () => {
  it('finds installer drop-ins, disabled network config, NoCloud seeds, manual_cache_clean and reported_ready', async () => {
    const facts = await collect(
      installed({
        '/etc/cloud/cloud.cfg.d/subiquity-disable-cloudinit-networking.cfg': 'network: {config: disabled}\n',
        '/etc/cloud/cloud.cfg.d/99-installer.cfg': '# autoinstall\ndatasource:\n  None:\n    metadata: {instance-id: x}\n',
        '/etc/cloud/cloud.cfg.d/95-cache.cfg': 'manual_cache_clean: True\n',
        '/var/lib/cloud/seed/nocloud-net/user-data': '#cloud-config\n',
        '/var/lib/cloud/seed/nocloud-net/meta-data': 'instance-id: i\n',
        '/var/lib/cloud/seed/nocloud/.keep': { dir: true },
        '/var/lib/cloud/instances/i/obj.pkl': 'x',
        '/var/lib/cloud/instance': { symlink: '/var/lib/cloud/instances/i' },
        '/var/lib/cloud/data/reported_ready': '',
      }),
    );
    expect(facts.installerLeftovers).toEqual(['/etc/cloud/cloud.cfg.d/99-installer.cfg', '/etc/cloud/cloud.cfg.d/subiquity-disable-cloudinit-networking.cfg']);
    expect(facts.networkConfigDisabled).toEqual([
      { path: '/etc/cloud/cloud.cfg.d/subiquity-disable-cloudinit-networking.cfg', line: 1, excerpt: 'network: {config: disabled}' },
    ]);
    expect(facts.staleSeeds).toEqual([
      { path: '/var/lib/cloud/seed/nocloud', files: ['.keep'] },
      { path: '/var/lib/cloud/seed/nocloud-net', files: ['meta-data', 'user-data'] },
    ]);
    expect(facts.manualCacheClean).toEqual({ value: true, origin: { path: '/etc/cloud/cloud.cfg.d/95-cache.cfg', line: 1, excerpt: 'manual_cache_clean: True' }, instanceDirPresent: true });
    expect(facts.reportedReady.present).toBe(true);
  });

  it('finds a *disable-network* drop-in by name', async () => {
    const facts = await collect(installed({ '/etc/cloud/cloud.cfg.d/99-disable-network-config.cfg': '# empty\n' }));
    expect(facts.networkConfigDisabled.map((o) => o.path)).toEqual(['/etc/cloud/cloud.cfg.d/99-disable-network-config.cfg']);
  });
});

describe('cloud.cfg junk', () => {
  it.each(noisyTexts(packageFile('cloud-init', 'etc/cloud/cloud.cfg'), 24).map((t, i) => [i, t] as const))('input %i is read without throwing', async (_i, text) => {
    const facts = await collect(installed({ '/etc/cloud/cloud.cfg': text, '/etc/cloud/cloud.cfg.d/90.cfg': text }));
    expect(facts.configFiles.map((f) => f.path)).toEqual(['/etc/cloud/cloud.cfg', '/etc/cloud/cloud.cfg.d/05_logging.cfg', '/etc/cloud/cloud.cfg.d/90.cfg']);
  });
});
