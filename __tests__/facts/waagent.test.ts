import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { collectWaagent, effectiveSettings, parseWaagentConf } from '../../src/facts/waagent.js';
import { AGENTS_DATA, packageTree } from '../data/agents/tree.js';
import { noisyTexts } from '../data/agents/noise.js';
import { corpusPath } from '../helpers/corpus.js';
import { memoryGuest } from '../helpers/memory-guest.js';

const corpus = corpusPath('waagent', 'waagent.conf');
/** What the real agent's ConfigurationProvider makes of each corpus file (waagent-oracle.py). */
const expected = JSON.parse(readFileSync(join(AGENTS_DATA, 'waagent-expected.json'), 'utf8')) as Record<
  string,
  { values: Record<string, string | null>; effective: Record<string, unknown> }
>;

describe('parseWaagentConf against the real agent on every corpus waagent.conf', () => {
  const files = readdirSync(corpus).sort();
  it('has an oracle entry for every corpus file', () => {
    expect(Object.keys(expected).sort()).toEqual(files);
  });

  it.each(files)('%s', (file) => {
    const conf = parseWaagentConf(readFileSync(join(corpus, file), 'utf8'));
    const values = Object.fromEntries(Object.entries(conf.byKey).map(([k, l]) => [k, l.value]));
    expect(values).toEqual(expected[file]!.values);
    const effective = Object.fromEntries(Object.entries(effectiveSettings(conf)).map(([k, e]) => [k, e.value]));
    expect(effective).toEqual(expected[file]!.effective);
  });
});

describe('parseWaagentConf edge cases (expected values printed by the agent 2.7.3.0 parser)', () => {
  it.each<[string, string, Record<string, string | null>]>([
    ['indented comment is a setting', '  #Provisioning.Agent=waagent\n', { '#Provisioning.Agent': 'waagent' }],
    ['spaces, quotes and trailing comment', 'Provisioning.Agent = "cloud-init" # c\n', { 'Provisioning.Agent': 'cloud-init' }],
    ['None unsets, last wins', 'A=1\nA=None\n', { A: null }],
    ['CRLF', 'Provisioning.Agent=cloud-init\r\n', { 'Provisioning.Agent': 'cloud-init' }],
    ['CRLF after a quote keeps the closing quote', 'X="a"\r\n', { X: 'a"' }],
    ['value keeps later =', 'K=v=w\nL==\n', { K: 'v=w', L: '=' }],
    ['empty key', ' =x\n', { '': 'x' }],
  ])('%s', (_label, text, values) => {
    const conf = parseWaagentConf(text);
    expect(Object.fromEntries(Object.entries(conf.byKey).map(([k, l]) => [k, l.value]))).toEqual(values);
  });

  it('falls back to the default for a switch that is not y/n and says so', () => {
    const settings = effectiveSettings(parseWaagentConf('ResourceDisk.Format=yes\n'));
    expect(settings['ResourceDisk.Format']).toMatchObject({ value: false, source: 'default', invalid: '"yes" is not y or n' });
    expect(settings['ResourceDisk.Format']!.line?.line).toBe(1);
  });

  it('refuses an empty file as the agent does', () => {
    expect(parseWaagentConf('').loadError).toContain("Can't not parse empty configuration");
  });
});

describe('collectWaagent on the Debian 12 waagent package', () => {
  const enabled: MemoryTree = {
    '/etc/systemd/system/multi-user.target.wants/walinuxagent.service': { symlink: '/lib/systemd/system/walinuxagent.service' },
  };

  it('finds the agent, its version, unit and effective settings with lines', async () => {
    const facts = await collectWaagent(memoryGuest({ ...packageTree('systemd', 'waagent'), ...enabled }));
    expect(facts.installed).toBe(true);
    expect(facts.binaries).toEqual(['/usr/sbin/waagent']);
    expect(facts.packageDirs).toEqual(['/usr/lib/python3/dist-packages/azurelinuxagent']);
    expect(facts.version).toEqual({ value: '2.7.3.0', path: '/usr/lib/python3/dist-packages/azurelinuxagent/common/version.py', line: 212 });
    expect(facts.unit?.name).toBe('walinuxagent.service');
    expect(facts.unit?.state).toBe('enabled');
    expect(facts.enabled).toBe(true);
    expect(facts.boot?.chain).toEqual(['graphical.target', 'multi-user.target', 'walinuxagent.service']);
    expect(facts.provisioningAgent).toBe('cloud-init'); // Debian's packaged waagent.conf defers to cloud-init
    expect(facts.settings['Provisioning.Agent']).toMatchObject({ source: 'file', line: { line: 11, excerpt: 'Provisioning.Agent=cloud-init' } });
    expect(facts.libDir).toBe('/var/lib/waagent');
    expect(facts.provisionedMarker).toEqual({ path: '/var/lib/waagent/provisioned', present: false });
    expect(facts.deadKeys).toEqual([]);
    expect(facts.effective.slice(0, 4)).toEqual([
      { key: 'Provisioning.Agent', value: 'cloud-init', from: '/etc/waagent.conf:11' },
      { key: 'Provisioning.RegenerateSshHostKeyPair', value: 'true', from: '/etc/waagent.conf:17' },
      { key: 'Provisioning.DeleteRootPassword', value: 'true', from: '/etc/waagent.conf:14' },
      { key: 'Provisioning.SshHostKeyPairType', value: 'auto', from: '/etc/waagent.conf:21' },
    ]);
    expect(facts.effective.find((e) => e.key === 'Lib.Dir')).toEqual({ key: 'Lib.Dir', value: '/var/lib/waagent', from: 'default' });
  });

  it('says where a rejected value fell back to the default', async () => {
    const facts = await collectWaagent(memoryGuest({ '/etc/waagent.conf': 'ResourceDisk.Format=yes\nLib.Dir=None\n' }));
    expect(facts.effective.find((e) => e.key === 'ResourceDisk.Format')).toEqual({ key: 'ResourceDisk.Format', value: 'false', from: 'default (/etc/waagent.conf:1: "yes" is not y or n)' });
    expect(facts.effective.find((e) => e.key === 'Lib.Dir')).toEqual({ key: 'Lib.Dir', value: '/var/lib/waagent', from: 'default (/etc/waagent.conf:2: None)' });
  });

  it('is not enabled when the package was installed without enabling the unit', async () => {
    const facts = await collectWaagent(memoryGuest(packageTree('systemd', 'waagent')));
    expect(facts.unit?.state).toBe('disabled');
    expect(facts.enabled).toBe(false);
  });

  it('resolves the marker and auto-update dirs under Lib.Dir from the image', async () => {
    const tree: MemoryTree = {
      ...packageTree('systemd', 'waagent'),
      ...enabled,
      '/etc/waagent.conf': readFileSync(join(corpus, 'shipped-nsbsd-waagent.conf'), 'utf8'),
      '/usr/Firewall/lib/waagent/provisioned': 'uuid',
      '/usr/Firewall/lib/waagent/WALinuxAgent-2.9.1.1': { dir: true },
    };
    const facts = await collectWaagent(memoryGuest(tree));
    expect(facts.libDir).toBe('/usr/Firewall/lib/waagent');
    expect(facts.provisionedMarker).toEqual({ path: '/usr/Firewall/lib/waagent/provisioned', present: true });
    expect(facts.autoUpdateVersions).toEqual(['2.9.1.1']);
  });

  it('lists dead keys with their lines (photonos config)', async () => {
    const facts = await collectWaagent(memoryGuest({ '/etc/waagent.conf': readFileSync(join(corpus, 'shipped-photonos-waagent.conf'), 'utf8') }));
    expect(facts.deadKeys.map((k) => [k.key, k.line])).toEqual([
      ['Provisioning.Enabled', 16],
      ['Provisioning.UseCloudInit', 19],
    ]);
    expect(facts.installed).toBe(false);
    expect(facts.unit).toBeUndefined();
  });

  it('reports nothing installed in an empty guest, with the defaults', async () => {
    const facts = await collectWaagent(memoryGuest({ '/etc/hostname': 'x\n' }));
    expect(facts).toMatchObject({ installed: false, enabled: false, provisioningAgent: 'auto', conf: { present: false } });
  });
});

describe('waagent.conf junk', () => {
  it.each(noisyTexts(readFileSync(join(AGENTS_DATA, 'debian12/waagent/etc/waagent.conf'), 'utf8')).map((t, i) => [i, t] as const))('input %i parses without throwing', (_i, text) => {
    const conf = parseWaagentConf(text);
    const settings = effectiveSettings(conf);
    expect(Object.keys(settings)).toContain('Provisioning.Agent');
    for (const line of conf.lines) expect(line.excerpt.length).toBeLessThanOrEqual(120);
  });
});
