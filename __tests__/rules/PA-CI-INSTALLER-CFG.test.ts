import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { PA_CI_INSTALLER_CFG } from '../../src/rules/PA-CI-INSTALLER-CFG.js';
import { bareDebian, cloudInit, ruleLines } from '../data/agents/scenarios.js';

describe('PA-CI-INSTALLER-CFG', () => {
  it.each([
    ['subiquity leftovers', {
      ...bareDebian(), ...cloudInit(),
      '/etc/cloud/cloud.cfg.d/99-installer.cfg': 'datasource:\n  None:\n    metadata: {instance-id: x}\ndatasource_list: [None]\n',
      '/etc/cloud/cloud.cfg.d/subiquity-disable-cloudinit-networking.cfg': 'network: {config: disabled}\n',
    }, [
      'error /etc/cloud/cloud.cfg.d/99-installer.cfg is an Ubuntu installer leftover',
      'error /etc/cloud/cloud.cfg.d/subiquity-disable-cloudinit-networking.cfg is an Ubuntu installer leftover',
    ]],
    ['curtin leftovers', { ...bareDebian(), ...cloudInit(), '/etc/cloud/cloud.cfg.d/50-curtin-networking.cfg': 'network: {version: 2}\n', '/etc/cloud/cloud.cfg.d/curtin-preserve-sources.cfg': 'apt: {preserve_sources_list: true}\n' }, [
      'error /etc/cloud/cloud.cfg.d/50-curtin-networking.cfg is an Ubuntu installer leftover',
      'error /etc/cloud/cloud.cfg.d/curtin-preserve-sources.cfg is an Ubuntu installer leftover',
    ]],
    ['cloud-init units masked: the drop-ins are inert', { ...bareDebian(), ...cloudInit(), '/etc/systemd/system/cloud-init-local.service': { symlink: '/dev/null' }, '/etc/cloud/cloud.cfg.d/99-installer.cfg': 'datasource_list: [None]\n' }, []],
    ['clean Debian package config', { ...bareDebian(), ...cloudInit() }, []],
    ['Azure drop-ins are fine', { ...bareDebian(), ...cloudInit(), '/etc/cloud/cloud.cfg.d/90-azure.cfg': 'datasource_list: [ Azure ]\n' }, []],
  ] as [string, MemoryTree, string[]][])('%s', async (_name, tree, expected) => {
    expect(await ruleLines(PA_CI_INSTALLER_CFG, tree)).toEqual(expected);
  });
});
