import { describe, expect, it } from '@jest/globals';
import { parseKernelArgs } from '../../../src/facts/kernel-cmdline/args.js';
import { cmdlineDisables, collectKernelDrivers, moduleNameOfPath, normaliseModuleName, parseModprobeConf } from '../../../src/facts/kernel-drivers.js';
import { bootFacts, debianCloudKernel, DEBIAN_CLOUD_VERSION as V } from '../../data/kernel/trees.js';
import { memoryGuest } from '../../helpers/memory-guest.js';

describe('module names', () => {
  it.each([
    ['hv-vmbus', 'hv_vmbus'],
    ['pci-hyperv-intf', 'pci_hyperv_intf'],
    ['  dm-mod ', 'dm_mod'],
  ])('%s is %s to modprobe', (name, expected) => expect(normaliseModuleName(name)).toBe(expected));

  it.each([
    ['kernel/drivers/md/dm-mod.ko', 'dm_mod'],
    ['kernel/drivers/hv/hv_vmbus.ko.xz', 'hv_vmbus'],
    ['/lib/modules/6.8.0-1015-azure/kernel/drivers/nvme/host/nvme-core.ko.zst', 'nvme_core'],
    ['kernel/fs/udf/udf.ko.gz', 'udf'],
    ['kernel/fs/udf/udf.ko.bz2', undefined],
    ['modules.dep', undefined],
  ])('%s is module %s', (path, expected) => expect(moduleNameOfPath(path)).toBe(expected));
});

describe('parseModprobeConf', () => {
  const kinds = (text: string) => parseModprobeConf(text, '/etc/modprobe.d/x.conf').map((d) => `${d.kind} ${d.module} ${d.blocksExplicitLoad ? 'all' : 'autoload'} line ${d.line}`);

  it.each([
    // CIS Benchmark, Ubuntu 22.04 1.1.1.x and RHEL 9 1.1.1.x: both forms, newer editions /bin/false.
    { name: 'CIS: install udf /bin/true', text: 'install udf /bin/true\n', expected: ['install udf all line 1'] },
    { name: 'CIS: install + blacklist', text: '# Ensure mounting of udf filesystems is disabled\ninstall udf /bin/false\nblacklist udf\n', expected: ['install udf all line 2', 'blacklist udf autoload line 3'] },
    { name: '/usr/bin/true, extra words', text: 'install  hv-storvsc   /usr/bin/true  # no\n', expected: ['install hv_storvsc all line 1'] },
    { name: 'an echo', text: 'install udf /bin/echo "udf is disabled"\n', expected: ['install udf all line 1'] },
    { name: 'alias X off', text: 'alias udf off\n', expected: ['alias-off udf all line 1'] },
    { name: 'a real install command that loads the module', text: 'install udf /sbin/modprobe --ignore-install udf $CMDLINE_OPTS\n', expected: [] },
    { name: 'a no-op that chains to modprobe', text: 'install udf /bin/true && /sbin/modprobe --ignore-install udf\n', expected: [] },
    { name: 'comments, options, softdeps', text: '# blacklist udf\noptions hv_storvsc logging_level=2\nsoftdep udf pre: crc-itu-t\nalias fs-udf udf\n', expected: [] },
    { name: 'a continued line', text: 'install udf \\\n  /bin/true\nblacklist hv_vmbus\n', expected: ['install udf all line 1', 'blacklist hv_vmbus autoload line 3'] },
  ])('$name', ({ text, expected }) => expect(kinds(text)).toEqual(expected));

  it('quotes the line through the excerpt allow-list', () => {
    expect(parseModprobeConf('install udf /bin/false\n', '/etc/modprobe.d/CIS.conf')[0]).toEqual({
      module: 'udf', kind: 'install', blocksExplicitLoad: true, path: '/etc/modprobe.d/CIS.conf', line: 1, excerpt: 'install udf /bin/false',
    });
  });
});

describe('cmdlineDisables', () => {
  it('reads modprobe.blacklist=, rd.driver.blacklist= and module_blacklist=', () => {
    const out = cmdlineDisables(parseKernelArgs('ro modprobe.blacklist=udf,floppy rd.driver.blacklist=hv-storvsc module_blacklist=mana quiet'));
    expect(out.map((d) => `${d.module} ${d.blocksExplicitLoad} ${d.excerpt}`)).toEqual([
      'udf false modprobe.blacklist=udf,floppy',
      'floppy false modprobe.blacklist=udf,floppy',
      'hv_storvsc false rd.driver.blacklist=hv-storvsc',
      'mana true module_blacklist=mana',
    ]);
  });
});

describe('modprobe.d in the image', () => {
  it('reads /etc, /usr/local/lib, /lib and /usr/lib; in name order (kmod sorts by strcmp); a name in /etc shadows the same name below; /run is never read', async () => {
    const facts = await collectKernelDrivers(
      memoryGuest({
        ...debianCloudKernel(),
        '/etc/modprobe.d/CIS.conf': 'install udf /bin/false\nblacklist udf\n',
        '/etc/modprobe.d/hv.conf': '# emptied by the admin\n',
        '/usr/lib/modprobe.d/hv.conf': 'blacklist hv_netvsc\n',
        '/lib/modprobe.d/aliases.conf': 'alias mana off\n',
        '/lib/modprobe.d/README': 'blacklist hv_vmbus\n',
        '/run/modprobe.d/x.conf': 'blacklist hv_storvsc\n',
      }),
      { boot: bootFacts(`/boot/vmlinuz-${V}`, V, 'ro module_blacklist=mlx4_en') },
    );
    expect(facts.modprobe.files).toEqual(['/etc/modprobe.d/CIS.conf', '/lib/modprobe.d/aliases.conf', '/etc/modprobe.d/hv.conf']);
    expect(facts.modprobe.disables.map((d) => `${d.module} ${d.kind} ${d.path}`)).toEqual([
      'udf install /etc/modprobe.d/CIS.conf',
      'udf blacklist /etc/modprobe.d/CIS.conf',
      'mana alias-off /lib/modprobe.d/aliases.conf',
      'mlx4_en cmdline kernel command line',
    ]);
    expect(facts.drivers.udf!.disabledBy.map((d) => d.kind)).toEqual(['install', 'blacklist']);
    expect(facts.drivers.hv_netvsc!.disabledBy).toEqual([]);
    expect(facts.drivers.hv_storvsc!.disabledBy).toEqual([]);
  });
});

describe('initramfs builders', () => {
  it('dracut: hostonly, add_drivers (+= appends, = replaces), omit_drivers; /etc/dracut.conf.d shadows /usr/lib', async () => {
    const facts = await collectKernelDrivers(
      memoryGuest({
        '/usr/bin/dracut': '#!/bin/bash\n',
        '/etc/dracut.conf': '# see dracut.conf(5)\n',
        '/usr/lib/dracut/dracut.conf.d/01-dist.conf': 'hostonly="yes"\nadd_drivers+=" xen-blkfront "\n',
        '/usr/lib/dracut/dracut.conf.d/50-x.conf': 'omit_drivers+=" udf "\n',
        '/etc/dracut.conf.d/50-x.conf': 'omit_drivers+=" hv_storvsc "\n',
        '/etc/dracut.conf.d/90-hyperv.conf': 'add_drivers+=" hv_vmbus hv_storvsc hv_netvsc "\n',
      }),
      {},
    );
    expect(facts.builders).toHaveLength(1);
    const [dracut] = facts.builders;
    expect(dracut!.tool).toBe('dracut');
    expect(dracut!.hostOnly).toEqual({ value: true, because: 'hostonly="yes" in /usr/lib/dracut/dracut.conf.d/01-dist.conf line 1' });
    expect(dracut!.adds.map((a) => a.module)).toEqual(['xen_blkfront', 'hv_vmbus', 'hv_storvsc', 'hv_netvsc']);
    expect(dracut!.omits).toEqual([{ module: 'hv_storvsc', path: '/etc/dracut.conf.d/50-x.conf', line: 1 }]);
  });

  it('initramfs-tools: MODULES=dep in conf.d wins over initramfs.conf, /etc/initramfs-tools/modules adds', async () => {
    const facts = await collectKernelDrivers(
      memoryGuest({
        '/usr/sbin/mkinitramfs': '#!/bin/sh\n',
        '/etc/initramfs-tools/initramfs.conf': '# initramfs.conf\nMODULES=most\nBUSYBOX=auto\n',
        '/etc/initramfs-tools/conf.d/driver-policy': 'MODULES=dep\n',
        '/etc/initramfs-tools/modules': '# List of modules\nhv_vmbus\nhv-storvsc\n\n',
      }),
      {},
    );
    const [tools] = facts.builders;
    expect(tools).toMatchObject({ tool: 'initramfs-tools', hostOnly: { value: true, because: 'MODULES=dep in /etc/initramfs-tools/conf.d/driver-policy line 1' } });
    expect(tools!.adds).toEqual([
      { module: 'hv_vmbus', path: '/etc/initramfs-tools/modules', line: 2 },
      { module: 'hv_storvsc', path: '/etc/initramfs-tools/modules', line: 3 },
    ]);
  });
});
