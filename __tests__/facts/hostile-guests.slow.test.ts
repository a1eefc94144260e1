import { describe, expect, it } from '@jest/globals';
import type { ErrorRecord } from '../../src/error-record.js';
import { LimitError } from '../../src/errors.js';
import { collectAccounts } from '../../src/facts/accounts.js';
import { collectCloudInit } from '../../src/facts/cloud-init.js';
import { collectFacts, type Facts, type FactSubject } from '../../src/facts/index.js';
import { collectKernelCmdline } from '../../src/facts/kernel-cmdline.js';
import { collectNetwork } from '../../src/facts/network/index.js';
import { isEnabledAtBoot } from '../../src/facts/systemd.js';
import { collectTraces } from '../../src/facts/traces.js';
import { MemoryFilesystem, type MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { GuestFs } from '../../src/guest/guest-fs.js';
import { limits } from '../../src/limits.js';
import { packageTree } from '../data/agents/tree.js';
import { memoryGuest } from '../helpers/memory-guest.js';

/**
 * Hostile guest shapes (issue 7 point 4) on in-memory guests: each ends quickly with a result or
 * a LimitError naming the budget and the path, and through collectFacts the subject that needed
 * it is unavailable (so its rules are not judged), never collected from a partial read.
 */

const MiB = 1024 * 1024;
const PASSWD = 'root:x:0:0:root:/root:/bin/bash\nazureuser:x:1000:1000::/home/azureuser:/bin/bash\n';
const SHADOW = 'root:*:19000:0:99999:7:::\nazureuser:$6$salt$hash:19000:0:99999:7:::\n';
const NETPLAN_GENERATOR = { '/usr/lib/systemd/system-generators/netplan': '#!/bin/sh\n' };

/** The error record of `subject` in facts.unavailable. */
function unavailable(facts: Facts, subject: FactSubject): ErrorRecord | undefined {
  return facts.unavailable.find((u) => u.subject === subject)?.error;
}

describe('identity files far beyond any real size', () => {
  it.each([
    ['a 200 MB /etc/passwd', { '/etc/passwd': { content: PASSWD, size: 200 * MiB }, '/etc/shadow': SHADOW }, '/etc/passwd'],
    ['a 1 GB sparse /etc/shadow', { '/etc/passwd': PASSWD, '/etc/shadow': { content: SHADOW, size: 1024 * MiB } }, '/etc/shadow'],
    ['a 50 MB single line in /etc/passwd', { '/etc/passwd': { content: 'a'.repeat(1000), size: 50 * MiB }, '/etc/shadow': SHADOW }, '/etc/passwd'],
  ] as [string, MemoryTree, string][])('%s: accounts is unavailable with a fileBytes limit naming it', async (_name, tree, path) => {
    const guest = memoryGuest(tree);
    await expect(collectAccounts(guest)).rejects.toMatchObject({ kind: 'limit', budget: 'fileBytes', path });
    const facts = await collectFacts(memoryGuest(tree));
    expect(facts.accounts).toBeUndefined();
    expect(unavailable(facts, 'accounts')).toMatchObject({ layer: 'guest', kind: 'limit', path, budget: { name: 'fileBytes', limit: limits.fileBytes } });
  });

  it('a 1 MiB line in a 2 MiB passwd (under fileBytes) is a lineBytes limit', async () => {
    await expect(collectAccounts(memoryGuest({ '/etc/passwd': `${PASSWD}${'b'.repeat(MiB)}\n${'c'.repeat(MiB)}\n` }))).rejects.toMatchObject({ budget: 'lineBytes', path: '/etc/passwd' });
  });

  it('a 100 MB grub.cfg: kernelCmdline is unavailable with a fileBytes limit naming it', async () => {
    const tree = { '/boot/grub/grub.cfg': { content: "menuentry 'Ubuntu' {\n\tlinux /vmlinuz root=/dev/sda1 console=ttyS0\n}\n", size: 100 * MiB } };
    await expect(collectKernelCmdline(memoryGuest(tree))).rejects.toMatchObject({ budget: 'fileBytes', path: '/boot/grub/grub.cfg' });
    expect(unavailable(await collectFacts(memoryGuest(tree)), 'kernelCmdline')).toMatchObject({ kind: 'limit', path: '/boot/grub/grub.cfg', budget: { name: 'fileBytes' } });
  });
});

describe('authorized_keys fan-out through many users', () => {
  /** A real-looking authorized_keys of about `bytes` bytes: many valid key lines. */
  function keysFile(bytes: number): Uint8Array {
    const line = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH${'x'.repeat(43)} user@host\n`;
    return new TextEncoder().encode(line.repeat(Math.floor(bytes / line.length)));
  }

  it('10,000 users whose AuthorizedKeysFile is the same 3.9 MiB file: it is read once and every account gets it', async () => {
    const users = Array.from({ length: limits.homeDirectories - 2 }, (_, i) => `u${i}:x:${2000 + i}:100::/home/shared:/bin/sh`).join('\n');
    const shared = keysFile(limits.fileBytes - 100_000);
    const tree = {
      '/etc/passwd': `${PASSWD}${users}\n`,
      '/etc/ssh/sshd_config': 'AuthorizedKeysFile /home/shared/keys\n',
      '/home/shared/keys': shared,
    };
    // factsBytes lowered to twice the file: reading it once per account would be refused.
    const guest = new GuestFs([{ mountPoint: '/', fs: new MemoryFilesystem(tree), source: 'memory' }], { ...limits, factsBytes: 2 * shared.length });
    const accounts = await collectAccounts(guest);
    expect(accounts.accounts).toHaveLength(limits.homeDirectories);
    const lines = shared.filter((b) => b === 0x0a).length;
    expect(new Set(accounts.accounts.map((a) => a.authorizedKeys[0]?.keys))).toEqual(new Set([lines]));
  });

  it('more accounts than homeDirectories is a LimitError on /etc/passwd', async () => {
    const users = Array.from({ length: limits.homeDirectories + 1 }, (_, i) => `u${i}:x:${2000 + i}:100::/home/u${i}:/bin/sh`).join('\n');
    await expect(collectAccounts(memoryGuest({ '/etc/passwd': `${users}\n` }))).rejects.toMatchObject({ budget: 'homeDirectories', path: '/etc/passwd' });
  });

  it('20 users each with their own 3.9 MiB authorized_keys: the run stops at factsBytes naming the file it refused', async () => {
    const big = keysFile(limits.fileBytes - 100_000);
    const tree: MemoryTree = { '/etc/passwd': Array.from({ length: 20 }, (_, i) => `u${i}:x:${2000 + i}:100::/home/u${i}:/bin/sh`).join('\n') + '\n' };
    for (let i = 0; i < 20; i++) tree[`/home/u${i}/.ssh/authorized_keys`] = big;
    const refused = Math.floor(limits.factsBytes / big.length);
    await expect(collectAccounts(memoryGuest(tree))).rejects.toMatchObject({ budget: 'factsBytes', path: `/home/u${refused}/.ssh/authorized_keys` });
  });

  it('passwd and group of 9,000 entries each stay linear (groups are indexed, not filtered per user)', async () => {
    const n = 9000;
    const passwd = Array.from({ length: n }, (_, i) => `u${i}:x:${2000 + i}:${2000 + i}::/home/u${i}:/bin/sh`).join('\n');
    const group = Array.from({ length: n }, (_, i) => `g${i}:x:${2000 + i}:u${(i + 1) % n}`).join('\n');
    const accounts = await collectAccounts(memoryGuest({ '/etc/passwd': `${passwd}\n`, '/etc/group': `${group}\n` }));
    expect(accounts.accounts[5]!.groups).toEqual(['g4', 'g5']);
  });

  it('/home with more directories than homeDirectories: traces is a LimitError on /home', async () => {
    const tree: MemoryTree = {};
    for (let i = 0; i < limits.homeDirectories; i++) tree[`/home/u${i}`] = { dir: true };
    await expect(collectTraces(memoryGuest(tree), undefined)).rejects.toMatchObject({ budget: 'homeDirectories', path: '/home' });
  });
});

describe('cloud-init YAML', () => {
  const bomb =
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' +
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n' +
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n' +
    'datasource_list: [*g]\n';

  it('an alias bomb in cloud.cfg.d is a yamlAliases LimitError for that file: cloudInit unavailable, no crash', async () => {
    const tree = { '/etc/cloud/cloud.cfg': 'datasource_list: [Azure]\n', '/etc/cloud/cloud.cfg.d/99-bomb.cfg': bomb };
    const collecting = collectCloudInit(memoryGuest(tree), undefined);
    await expect(collecting).rejects.toBeInstanceOf(LimitError);
    await expect(collecting).rejects.toMatchObject({ budget: 'yamlAliases', path: '/etc/cloud/cloud.cfg.d/99-bomb.cfg' });
    const facts = await collectFacts(memoryGuest(tree));
    expect(facts.cloudInit).toBeUndefined();
    expect(unavailable(facts, 'cloudInit')).toMatchObject({ kind: 'limit', path: '/etc/cloud/cloud.cfg.d/99-bomb.cfg', budget: { name: 'yamlAliases', limit: limits.yamlAliases } });
  });

  it.each([
    ['block mappings 100 deep', Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n'],
    ['flow sequences 5,000 deep', `x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
  ])('%s is a yamlDepth LimitError', async (_name, text) => {
    await expect(collectCloudInit(memoryGuest({ '/etc/cloud/cloud.cfg': text }), undefined)).rejects.toMatchObject({ budget: 'yamlDepth', path: '/etc/cloud/cloud.cfg' });
  });

  it('a cloud.cfg above yamlBytes is a yamlBytes LimitError (a long base64 line alone is not refused)', async () => {
    const text = `write_files:\n- content: ${'QUFB'.repeat(limits.yamlBytes / 4)}\n`;
    await expect(collectCloudInit(memoryGuest({ '/etc/cloud/cloud.cfg': text }), undefined)).rejects.toMatchObject({ budget: 'yamlBytes' });
    const fine = `datasource_list: [Azure]\nwrite_files:\n- content: ${'QUFB'.repeat(limits.lineBytes / 2)}\n`;
    expect((await collectCloudInit(memoryGuest({ '/etc/cloud/cloud.cfg': fine }), undefined)).datasource.cloudInit).toEqual(['Azure']);
  });

  it('100k files in cloud.cfg.d: a LimitError (dirEntries), not gigabytes', async () => {
    const tree: MemoryTree = { '/etc/cloud/cloud.cfg': 'datasource_list: [Azure]\n' };
    for (let i = 0; i < 100_001; i++) tree[`/etc/cloud/cloud.cfg.d/${String(i).padStart(6, '0')}.cfg`] = `k${i}: 1\n`;
    await expect(collectCloudInit(memoryGuest(tree), undefined)).rejects.toMatchObject({ budget: 'dirEntries', path: '/etc/cloud/cloud.cfg.d' });
  });

  it('globFiles + 1 drop-ins is a globFiles LimitError; globFiles drop-ins each adding a key merge linearly', async () => {
    const tree: MemoryTree = { '/etc/cloud/cloud.cfg': 'datasource_list: [Azure]\n' };
    for (let i = 0; i < limits.globFiles; i++) tree[`/etc/cloud/cloud.cfg.d/${String(i).padStart(5, '0')}.cfg`] = `system_info: {k${i}: ${i}}\n`;
    const facts = await collectCloudInit(memoryGuest(tree), undefined);
    expect(facts.datasource.cloudInit).toEqual(['Azure']);
    tree['/etc/cloud/cloud.cfg.d/one-more.cfg'] = 'x: 1\n';
    await expect(collectCloudInit(memoryGuest(tree), undefined)).rejects.toMatchObject({ budget: 'globFiles', path: '/etc/cloud/cloud.cfg.d/*.cfg' });
  });
});

describe('netplan: 512 interfaces in each of many files', () => {
  /** One netplan file defining `count` ethernets eth0..; each about 110 bytes. */
  function netplanFile(count: number, subnet: number): string {
    let text = 'network:\n  version: 2\n  ethernets:\n';
    for (let i = 0; i < count; i++) {
      text += `    eth${i}:\n      match: {macaddress: "00:0d:3a:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}"}\n      dhcp4: true\n      addresses: [10.${subnet}.${i >> 8}.${i & 255}/16]\n`;
    }
    return text;
  }

  it('16 files x 512 interfaces: the YAML adds up past yamlTotalBytes, a LimitError naming the file it refused', async () => {
    const tree: MemoryTree = { ...NETPLAN_GENERATOR };
    for (let f = 0; f < 16; f++) tree[`/etc/netplan/${String(f).padStart(2, '0')}-many.yaml`] = netplanFile(512, f);
    const collecting = collectNetwork(memoryGuest(tree), {});
    await expect(collecting).rejects.toMatchObject({ kind: 'limit', budget: 'yamlTotalBytes', limit: limits.yamlTotalBytes });
    await expect(collecting).rejects.toMatchObject({ path: expect.stringMatching(/^\/etc\/netplan\/\d\d-many\.yaml$/) });
  });

  it('4 files x 512 interfaces (under the budgets) merge per id: 512 interfaces, addresses from every file', async () => {
    const tree: MemoryTree = { ...NETPLAN_GENERATOR };
    for (let f = 0; f < 4; f++) tree[`/etc/netplan/${f}-many.yaml`] = netplanFile(512, f);
    const facts = await collectNetwork(memoryGuest(tree), {});
    expect(facts.interfaces).toHaveLength(512);
    expect(facts.interfaces.find((i) => i.id === 'eth7')!.staticIpv4).toEqual(['10.0.0.7/16', '10.1.0.7/16', '10.2.0.7/16', '10.3.0.7/16']);
  });

  it('more netplan files than globFiles is a LimitError on the netplan directories', async () => {
    const tree: MemoryTree = { ...NETPLAN_GENERATOR };
    for (let f = 0; f <= limits.globFiles; f++) tree[`/etc/netplan/${f}.yaml`] = 'network: {version: 2}\n';
    await expect(collectNetwork(memoryGuest(tree), {})).rejects.toMatchObject({ budget: 'globFiles', path: '/etc/netplan' });
  });

  it('an alias bomb in netplan is a LimitError for the file, not a parse that netplan would not do', async () => {
    const aliases = Array.from({ length: limits.yamlAliases + 1 }, () => '*m').join(', ');
    const text = `network:\n  version: 2\n  ethernets:\n    eth0: &m {dhcp4: true}\n    list: [${aliases}]\n`;
    await expect(collectNetwork(memoryGuest({ ...NETPLAN_GENERATOR, '/etc/netplan/50-bomb.yaml': text }), {})).rejects.toMatchObject({ budget: 'yamlAliases', path: '/etc/netplan/50-bomb.yaml' });
  });
});

describe('shell-style files and kernel command lines', () => {
  it('a $VAR doubling bomb in /etc/default/grub is a shellExpansionBytes LimitError naming the file', async () => {
    const bomb = 'GRUB_CMDLINE_LINUX="console=ttyS0"\n' + 'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX $GRUB_CMDLINE_LINUX"\n'.repeat(40);
    await expect(collectKernelCmdline(memoryGuest({ '/etc/default/grub': bomb }))).rejects.toMatchObject({ kind: 'limit', budget: 'shellExpansionBytes', path: '/etc/default/grub' });
  });

  it('a real-sized chain of appends to GRUB_CMDLINE_LINUX is fine', async () => {
    const chain = 'GRUB_CMDLINE_LINUX="console=ttyS0"\n' + Array.from({ length: 50 }, (_, i) => `GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX a${i}=1"\n`).join('');
    const facts = await collectKernelCmdline(memoryGuest({ '/etc/default/grub': chain }));
    expect(facts.effective.map((a) => a.raw)).toContain('a49=1');
  });

  it('a grub.cfg of 20,000 entries in a submenu and no default is judged (every entry may boot), not compared pairwise', async () => {
    const text = 'submenu "Advanced" {\n' + "menuentry 'Ubuntu' {\n\tlinux /boot/vmlinuz root=/dev/sda1 console=ttyS0\n}\n".repeat(20_000) + '}\n';
    const facts = await collectKernelCmdline(memoryGuest({ '/boot/grub/grub.cfg': text }));
    expect(facts.sources).toHaveLength(20_000);
    expect(facts.flags.consoleTtyS0[0]!.sources).toHaveLength(20_000);
  });
});

describe('ifupdown stanzas', () => {
  it('more iface stanzas and auto lines than networkDefinitions is a LimitError naming the file', async () => {
    const text = 'auto eth0\niface eth0 inet dhcp\n'.repeat(limits.networkDefinitions);
    await expect(collectNetwork(memoryGuest({ '/etc/network/interfaces': text }), {})).rejects.toMatchObject({ kind: 'limit', budget: 'networkDefinitions', path: '/etc/network/interfaces' });
  });
});

describe('systemd boot transaction', () => {
  it('a default target that wants more than bootUnits units is a LimitError, not a walk cut short that calls ssh "not at boot"', async () => {
    const tree: MemoryTree = { ...packageTree('systemd', 'openssh-server') };
    for (let i = 0; i < limits.bootUnits; i++) tree[`/etc/systemd/system/multi-user.target.wants/filler-${i}.service`] = { symlink: '/dev/null' };
    tree['/etc/systemd/system/multi-user.target.wants/ssh.service'] = { symlink: '/lib/systemd/system/ssh.service' };
    await expect(isEnabledAtBoot(memoryGuest(tree), 'ssh.service')).rejects.toMatchObject({ kind: 'limit', budget: 'bootUnits', limit: limits.bootUnits });
  });
});

describe('directories of other collectors', () => {
  it('a 4,097-file sudoers.d is a globFiles LimitError, not the first 200 drop-ins', async () => {
    const tree: MemoryTree = { '/etc/passwd': PASSWD };
    for (let i = 0; i <= limits.globFiles; i++) tree[`/etc/sudoers.d/d${i}`] = '# nothing\n';
    await expect(collectAccounts(memoryGuest(tree))).rejects.toMatchObject({ budget: 'globFiles', path: '/etc/sudoers.d/*' });
  });

  it('a DHCP lease after 300 empty files in /var/lib/dhcp is still found (no cap that hides it)', async () => {
    const tree: MemoryTree = { '/var/lib/dhcp/zz-eth0.leases': 'lease {\n  interface "eth0";\n}\n' };
    for (let i = 0; i < 300; i++) tree[`/var/lib/dhcp/empty-${String(i).padStart(3, '0')}`] = '';
    const traces = await collectTraces(memoryGuest(tree), undefined);
    expect(traces.dhcp.map((d) => d.path)).toEqual(['/var/lib/dhcp/zz-eth0.leases']);
  });
});
