import { describe, expect, it } from '@jest/globals';
import { collectFacts } from '../../../src/facts/index.js';
import type { MemoryTree } from '../../../src/fs/memory/memory-fs.js';
import { bareDebian, cloudInit } from '../../data/agents/scenarios.js';
import { memoryGuest } from '../../helpers/memory-guest.js';
import { CLOUD_INIT_NETWORK_DISABLED, cloudInitFile, NETPLAN_GENERATOR } from './trees.js';

const UBUNTU_STYLE = (): MemoryTree => ({ ...NETPLAN_GENERATOR, ...cloudInitFile('netplan', '/etc/netplan/50-cloud-init.yaml') });

describe('cloud-init regeneration, from the real cloud-init facts', () => {
  it.each([
    { name: 'Debian cloud-init package enabled', tree: () => ({ ...bareDebian(), ...cloudInit(), ...UBUNTU_STYLE() }), runs: true, disabled: false, regenerated: true },
    {
      name: 'enabled, network config disabled',
      tree: () => ({ ...bareDebian(), ...cloudInit(), ...UBUNTU_STYLE(), ...CLOUD_INIT_NETWORK_DISABLED }),
      runs: true,
      disabled: true,
      regenerated: false,
    },
    {
      name: 'cloud-init disabled by /etc/cloud/cloud-init.disabled',
      tree: () => ({ ...bareDebian(), ...cloudInit(), ...UBUNTU_STYLE(), '/etc/cloud/cloud-init.disabled': '' }),
      runs: false,
      disabled: false,
      regenerated: false,
    },
    { name: 'no cloud-init', tree: () => ({ ...bareDebian(), ...UBUNTU_STYLE() }), runs: false, disabled: false, regenerated: false },
  ])('$name', async ({ tree, runs, disabled, regenerated }) => {
    const facts = await collectFacts(memoryGuest(tree()));
    const network = facts.network!;
    expect(network.cloudInit).toMatchObject({ runs, networkConfigDisabled: disabled, regenerates: regenerated });
    expect(network.interfaces[0]!.cloudInit).toEqual({ generated: true, regenerated });
    if (disabled) expect(network.cloudInit.networkDisabledAt?.path).toBe('/etc/cloud/cloud.cfg.d/99-disable-network-config.cfg');
  });
});
