import { describe, expect, it } from '@jest/globals';
import type { MemoryTree } from '../../src/fs/memory/memory-fs.js';
import { AN_UNMANAGED } from '../../src/rules/AN-UNMANAGED.js';
import { runRules } from '../../src/rules/engine.js';
import { contextFromTree } from '../helpers/rule-context.js';
import { units } from '../facts/network/trees.js';

/** Azure's RHEL/generic guide: the NetworkManager udev rule. */
const NM_RULE = { '/etc/udev/rules.d/68-azure-sriov-nm-unmanaged.rules': '# Accelerated Networking on Azure exposes a new SRIOV interface to the VM.\n# This interface is transparently bonded to the synthetic interface,\n# so NetworkManager should just ignore any SRIOV interfaces.\nSUBSYSTEM=="net", DRIVERS=="hv_pci", ACTION!="remove", ENV{NM_UNMANAGED}="1"\n' };
/** Azure's networkd snippet (99-azure-unmanaged-devices.network): lists only the Mellanox drivers. */
const NETWORKD_DOCS = { '/etc/systemd/network/99-azure-unmanaged-devices.network': '# Ignore SR-IOV interface on Azure, since it\'s transparently bonded\n# to the synthetic interface\n[Match]\nDriver=mlx4_en mlx5_en mlx4_core mlx5_core\n[Link]\nUnmanaged=yes\n' };

const lines = async (tree: MemoryTree) => {
  const { findings } = runRules([AN_UNMANAGED], await contextFromTree(tree, { osState: 'generalized', acceleratedNetworking: true }));
  return findings.map((f) => `${f.severity} ${f.message}`);
};

describe('AN-UNMANAGED', () => {
  it.each([
    { name: 'NetworkManager with the documented udev rule (hv_pci covers every VF)', tree: { ...units('NetworkManager'), ...NM_RULE }, expected: [] },
    {
      name: 'NetworkManager and nothing marks the VF',
      tree: units('NetworkManager'),
      expected: [expect.stringMatching(/^warning NetworkManager runs at boot and nothing marks the VF unmanaged/)],
    },
    {
      name: 'NetworkManager.conf unmanaged-devices listing only the Mellanox drivers',
      tree: { ...units('NetworkManager'), '/etc/NetworkManager/conf.d/99-azure-unmanaged-devices.conf': '[keyfile]\nunmanaged-devices=driver:mlx4_core;driver:mlx5_core\n' },
      expected: ['warning NetworkManager is told to leave some VFs alone but not MANA VFs'],
    },
    {
      name: 'NetworkManager.conf unmanaged-devices with mana too',
      tree: { ...units('NetworkManager'), '/etc/NetworkManager/conf.d/99-azure-unmanaged-devices.conf': '[keyfile]\nunmanaged-devices=driver:mlx4_core;driver:mlx5_core;driver:mana\n' },
      expected: [],
    },
    {
      name: 'networkd with the docs snippet: MANA is not covered',
      tree: { ...units('systemd-networkd'), ...NETWORKD_DOCS },
      expected: ["warning systemd-networkd leaves some VFs unmanaged but not MANA VFs (the networkd snippet in Azure's docs lists only the Mellanox drivers)"],
    },
    {
      name: 'networkd with azure-vm-utils (property set by its udev rule)',
      tree: {
        ...units('systemd-networkd'),
        '/usr/lib/systemd/network/01-azure-unmanaged-sriov.network': '[Match]\nProperty=AZURE_UNMANAGED_SRIOV=1\n\n[Link]\nUnmanaged=yes\n',
        '/usr/lib/udev/rules.d/10-azure-unmanaged-sriov.rules': 'SUBSYSTEM=="net", ACTION=="add|change", ENV{ID_NET_DRIVER}=="mana|mlx4_core|mlx5_core", ENV{AZURE_UNMANAGED_SRIOV}="1"\n',
      },
      expected: [],
    },
    {
      name: 'networkd with nothing',
      tree: units('systemd-networkd'),
      expected: [expect.stringMatching(/^warning systemd-networkd runs at boot, no \.network file with Unmanaged=yes/)],
    },
    { name: 'ifupdown only: nothing to tell', tree: units('networking'), expected: [] },
  ])('$name', async ({ tree, expected }) => {
    expect(await lines(tree)).toEqual(expected);
  });
});
